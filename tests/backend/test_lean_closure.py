"""The backend's runtime closure: installed alone in a fresh venv, ML-free and <= 120 MB.

Installs backend/requirements.txt (and the storage list it includes) into a new virtual
environment with the test venv's pip, then imports the app from it with nothing else on the path.
Takes a few seconds with pip's cache warm.
"""

from __future__ import annotations

import logging
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
BUDGET_BYTES = 120 * 1024 * 1024
# ML, statistics and data-frame packages the deployment path must never pull in.
FORBIDDEN = {
    "numpy", "pandas", "pyarrow", "polars", "scipy", "scikit-learn", "sklearn", "statsmodels",
    "prophet", "cmdstanpy", "statsforecast", "torch", "tensorflow", "keras", "xgboost",
    "lightgbm", "catboost", "pmdarima", "sktime", "darts", "numba", "jax",
}  # fmt: skip


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


@pytest.mark.timeout(600)
def test_backend_closure_is_ml_free_and_small(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    install = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
         "--disable-pip-version-check", "-r", str(REPO / "backend" / "requirements.txt")],
        capture_output=True, text=True, timeout=540,
    )  # fmt: skip
    assert install.returncode == 0, install.stderr[-3000:]
    site = next((venv / "lib").glob("python3*/site-packages"))
    distributions = {
        re.sub(r"[-_.]+", "-", d.name.split("-")[0]).lower() for d in site.glob("*.dist-info")
    }
    assert {"fastapi", "uvicorn", "duckdb", "redis", "minio"} <= distributions
    assert not distributions & {re.sub(r"[-_.]+", "-", f) for f in FORBIDDEN}
    size = _size(site)
    logging.getLogger(__name__).info(
        "closure: %d distributions, %.1f MB", len(distributions), size / 2**20
    )
    assert size <= BUDGET_BYTES, f"closure is {size / 2**20:.1f} MB > 120 MB"
    # the app imports and builds from that closure alone (plus the repository's own code)
    check = subprocess.run(
        [str(python), "-I", "-c",
         "import sys; sys.path.append(sys.argv[1]); "
         "from backend.app import create_app; from backend.settings import ApiSettings; "
         "create_app(ApiSettings(_env_file=None)); "
         "bad = [m for m in ('numpy', 'pandas', 'pyarrow') if m in sys.modules]; "
         "sys.exit(f'imported {bad}' if bad else 0)",
         str(REPO)],
        capture_output=True, text=True, timeout=120, cwd=tmp_path,
    )  # fmt: skip
    assert check.returncode == 0, check.stderr[-3000:]
