"""The benchmark helpers live in benchmarks/ (scripts, not a package): import them from there."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
