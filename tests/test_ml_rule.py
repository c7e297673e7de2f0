"""The one rule between the parts: no ML in the deployment path (README.md).

Only ml_env/ may import model or statistical-modelling libraries, and nothing outside ml_env/
imports ml_env.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MODEL_LIBRARIES = {
    "prophet", "statsmodels", "sklearn", "scipy", "torch", "tensorflow", "keras", "xgboost",
    "lightgbm", "catboost", "pmdarima", "statsforecast", "sktime", "darts", "cmdstanpy",
    "pystan", "jax", "ml_env",
}  # fmt: skip
DEPLOYED = ("pipeline", "backend", "storage")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def deployed_files() -> list[Path]:
    return sorted(p for part in DEPLOYED for p in (ROOT / part).rglob("*.py"))


@pytest.mark.parametrize("path", deployed_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_deployed_code_imports_no_model_library(path: Path) -> None:
    assert not imported_modules(path) & MODEL_LIBRARIES


@pytest.mark.parametrize("part", DEPLOYED)
def test_runtime_requirements_name_no_model_library(part: str) -> None:
    requirements = (ROOT / part / "requirements.txt").read_text().lower()
    names = {
        line.split("==")[0].split("[")[0].strip().replace("-", "_")
        for line in requirements.splitlines()
        if line.strip() and not line.startswith(("#", "-r"))
    }
    assert not names & {m.replace("-", "_") for m in MODEL_LIBRARIES}, names


def test_ml_env_imports_neither_pipeline_nor_backend() -> None:
    for path in (ROOT / "ml_env").rglob("*.py"):
        assert not imported_modules(path) & {"pipeline", "backend"}, path
