"""Pipeline settings: demo defaults, and a bad value stops with the variable's name."""

from __future__ import annotations

import pytest

from pipeline.settings import PipelineSettings
from storage import LocalStorage, S3Storage, SettingsError


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.chdir(tmp_path)  # no stray .env file
    for name in list(__import__("os").environ):
        if name.startswith(("PIPELINE_", "S3_")):
            monkeypatch.delenv(name)


def test_defaults_are_the_embedded_demo() -> None:
    settings = PipelineSettings()
    assert (settings.landing_uri, settings.lake_uri, settings.exports_uri) == (
        "./landing",
        "./lake",
        "./exports",
    )
    assert settings.s3 is None
    assert isinstance(settings.lake(), LocalStorage)


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("PIPELINE_TIMEZONE", "Mars/Olympus"),
        ("PIPELINE_LOG_LEVEL", "LOUD"),
        ("PIPELINE_LAKE_URI", "   "),
        ("PIPELINE_TRANSFER_LEAD_TIMES", "SE-XX=3"),
        ("PIPELINE_TRANSFER_LEAD_TIMES", "same=two"),
    ],
)
def test_bad_value_names_the_variable(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError, match=variable):
        PipelineSettings()


def test_s3_uri_needs_s3_settings_and_names_them(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PIPELINE_LAKE_URI", "s3://lake")
    settings = PipelineSettings()
    with pytest.raises(SettingsError, match="S3_ENDPOINT"):
        settings.lake()


def test_s3_uri_with_settings_opens_s3(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PIPELINE_LAKE_URI", "s3://lake/prod")
    monkeypatch.setenv("S3_ENDPOINT", "127.0.0.1:9000")
    monkeypatch.setenv("S3_ACCESS_KEY", "pipeline")
    monkeypatch.setenv("S3_SECRET_KEY", "secret")
    lake = PipelineSettings().lake()
    assert isinstance(lake, S3Storage)
    assert (lake.bucket, lake.prefix) == ("lake", "prod/")
    assert "secret" not in lake.describe()
