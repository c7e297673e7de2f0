"""Every setting a service reads is documented in the README and in .env.example."""

from pathlib import Path

import pytest

from backend.settings import ENV_PREFIX as API_PREFIX
from backend.settings import ApiSettings
from pipeline.settings import ENV_PREFIX as PIPELINE_PREFIX
from pipeline.settings import PipelineSettings
from storage.settings import ENV_PREFIX as S3_PREFIX
from storage.settings import S3Settings

ROOT = Path(__file__).resolve().parents[1]
VARIABLES = (
    [PIPELINE_PREFIX + name.upper() for name in PipelineSettings.model_fields]
    + [API_PREFIX + name.upper() for name in ApiSettings.model_fields]
    + [S3_PREFIX + name.upper() for name in S3Settings.model_fields]
)


@pytest.mark.parametrize("variable", VARIABLES)
def test_variable_is_in_env_example(variable: str) -> None:
    lines = (ROOT / ".env.example").read_text().splitlines()
    assert any(line.startswith(f"{variable}=") for line in lines), variable


@pytest.mark.parametrize("variable", VARIABLES)
def test_variable_is_in_readme(variable: str) -> None:
    readme = (ROOT / "README.md").read_text()
    short = variable.rsplit("_", 1)[-1]
    # A row may group variants: `PIPELINE_SERVICE_LEVEL_A`, `_B`, `_C`.
    assert f"`{variable}`" in readme or f"`_{short}`" in readme, variable
