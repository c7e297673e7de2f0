"""ml_env tests run in .venv-ml (the ML environment); elsewhere they are not collected.

`make test` runs the main .venv, which deliberately has no ML packages: there these tests are
ignored, and `make test-ml` runs them with .venv-ml.
"""

from __future__ import annotations

import importlib.util

_ML_DEPS = ("pandas", "statsmodels", "prophet", "scipy")

if any(importlib.util.find_spec(name) is None for name in _ML_DEPS):
    collect_ignore_glob = ["test_*.py"]
