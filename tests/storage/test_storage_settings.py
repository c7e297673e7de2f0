"""S3Settings from the environment, and open_storage URI parsing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from storage import LocalStorage, S3Settings, S3Storage, SettingsError, open_storage

S3_VARS = [
    "S3_ENDPOINT",
    "S3_ACCESS_KEY",
    "S3_SECRET_KEY",
    "S3_REGION",
    "S3_SECURE",
    "S3_CONNECT_TIMEOUT",
    "S3_READ_TIMEOUT",
    "S3_MAX_RETRIES",
]


@pytest.fixture
def no_s3_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in S3_VARS:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_settings_are_read_from_s3_env(no_s3_env: pytest.MonkeyPatch) -> None:
    no_s3_env.setenv("S3_ENDPOINT", "minio:9000")
    no_s3_env.setenv("S3_ACCESS_KEY", "api-readonly")
    no_s3_env.setenv("S3_SECRET_KEY", "hunter2-secret")
    no_s3_env.setenv("S3_SECURE", "true")

    settings = S3Settings()

    assert settings.endpoint == "minio:9000"
    assert settings.access_key == "api-readonly"
    assert settings.secret_key.get_secret_value() == "hunter2-secret"
    assert settings.secure is True
    assert settings.region == "us-east-1"
    assert settings.url == "https://minio:9000"
    assert "hunter2-secret" not in repr(settings)


def test_missing_settings_name_the_variables(no_s3_env: pytest.MonkeyPatch) -> None:
    with pytest.raises(SettingsError) as info:
        S3Settings()

    message = str(info.value)
    for name in ("S3_ENDPOINT", "S3_ACCESS_KEY", "S3_SECRET_KEY"):
        assert name in message


@pytest.mark.parametrize(
    ("endpoint", "hint"),
    [("http://minio:9000", "S3_SECURE"), ("minio:9000/path", "host:port"), ("", "host:port")],
)
def test_bad_endpoint_names_the_variable(
    no_s3_env: pytest.MonkeyPatch, endpoint: str, hint: str
) -> None:
    with pytest.raises(SettingsError, match="S3_ENDPOINT") as info:
        S3Settings(endpoint=endpoint, access_key="k", secret_key="very-secret-value")

    assert hint in str(info.value)
    assert "very-secret-value" not in str(info.value)


@pytest.mark.parametrize(
    ("name", "value"),
    [("S3_SECRET_KEY", ""), ("S3_SECURE", "maybe"), ("S3_CONNECT_TIMEOUT", "0")],
)
def test_bad_env_values_name_the_variable(
    no_s3_env: pytest.MonkeyPatch, name: str, value: str
) -> None:
    no_s3_env.setenv("S3_ENDPOINT", "minio:9000")
    no_s3_env.setenv("S3_ACCESS_KEY", "k")
    no_s3_env.setenv("S3_SECRET_KEY", "s")
    no_s3_env.setenv(name, value)

    with pytest.raises(SettingsError, match=name):
        S3Settings()


def test_s3_uri_without_settings_fails_naming_the_variables(
    no_s3_env: pytest.MonkeyPatch,
) -> None:
    with pytest.raises(SettingsError, match="S3_ENDPOINT"):
        open_storage("s3://lake")


def test_s3_uri_uses_env_settings_when_none_given(no_s3_env: pytest.MonkeyPatch) -> None:
    no_s3_env.setenv("S3_ENDPOINT", "minio:9000")
    no_s3_env.setenv("S3_ACCESS_KEY", "k")
    no_s3_env.setenv("S3_SECRET_KEY", "s")

    store = open_storage("s3://lake/exports/")

    assert isinstance(store, S3Storage)
    assert (store.bucket, store.prefix, store.settings.endpoint) == (
        "lake",
        "exports/",
        "minio:9000",
    )


def test_paths_and_file_uris_open_local_storage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)

    relative = open_storage("./lake")
    absolute = open_storage(str(tmp_path / "data" / "lake"))
    file_uri = open_storage(f"file://{tmp_path}/x%20y")

    assert isinstance(relative, LocalStorage)
    assert relative.root == tmp_path / "lake"  # resolved once, immune to later chdir
    assert isinstance(absolute, LocalStorage) and absolute.root == tmp_path / "data" / "lake"
    assert isinstance(file_uri, LocalStorage) and file_uri.root == tmp_path / "x y"


@pytest.mark.parametrize(
    "uri",
    [
        "",
        "   ",
        "http://minio:9000/lake",
        "gs://bucket",
        "s3://",
        "s3:///prefix",
        "s3://UPPER",
        "s3://bucket/a/../b",
        "s3://bucket//a",
        "s3://bucket/a?x=1",
        "file://otherhost/lake",
        "file://",
    ],
)
def test_bad_uris_are_rejected(uri: str) -> None:
    with pytest.raises(ValueError):
        open_storage(uri, S3Settings(endpoint="minio:9000", access_key="k", secret_key="s"))


def test_credentials_in_the_uri_are_rejected_without_echoing_them() -> None:
    with pytest.raises(ValueError) as info:
        open_storage("s3://AKIA:topsecret@bucket/lake")

    assert "topsecret" not in str(info.value)


def test_importing_storage_does_not_import_pyarrow() -> None:
    """The backend installs storage without pyarrow: it must load lazily."""
    code = "import sys, storage; print('pyarrow' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
