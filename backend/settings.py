"""The API's settings, read once from ``API_*`` environment variables (and ``.env``).

Defaults give the embedded demo: the gold snapshots of ``./lake``, an in-process cache, no auth.
Point ``API_LAKE_URI`` at ``s3://bucket[/prefix]`` to read MinIO (connection from ``S3_*``).
"""

from __future__ import annotations

from datetime import date
from functools import cached_property
from pathlib import Path

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from storage import S3Settings, SettingsError, Storage, open_storage
from storage.settings import LogLevel, TimeZone, explain_settings_error, today_in

ENV_PREFIX = "API_"
# The dashboard's build, served at / when present (`make frontend` writes it).
DEFAULT_WEB_DIR = Path(__file__).resolve().parents[1] / "frontend" / "dist"
WEB_DIR_OFF = "off"


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


class ApiSettings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, env_file=".env", extra="ignore", frozen=True
    )

    host: str = Field("127.0.0.1", description="interface to listen on (0.0.0.0 in a container)")
    port: int = Field(8000, ge=1, le=65535, description="TCP port")
    workers: int = Field(
        1, ge=1, le=32, description="server processes; each holds the snapshot in memory"
    )
    lake_uri: str = Field("./lake", description="the lake: a folder or s3://bucket[/prefix]")
    cache_dir: str = Field(
        "./.api-cache", description="local copies of snapshots read from S3 (verified)"
    )
    poll_seconds: float = Field(5.0, gt=0, description="how often _CURRENT is checked, seconds")
    redis_url: str = Field("", description="redis://host:6379/0; empty = in-process LRU cache")
    redis_timeout_seconds: float = Field(
        0.25, gt=0, description="Redis socket timeout; past it the answer is computed"
    )
    cache_ttl_seconds: int = Field(300, ge=1, description="lifetime of a cached answer, seconds")
    cache_max_entries: int = Field(2048, ge=1, description="size of the in-process LRU cache")
    snapshots_open_max: int = Field(
        3, ge=1, description="previous snapshots kept open for the `snapshot` query parameter"
    )
    materialize_max_rows: int = Field(
        5_000_000,
        ge=0,
        description="gold tables up to this many rows are loaded into memory; bigger ones are "
        "read from their Parquet file",
    )
    keys: str = Field("", description="comma-separated bearer API keys; empty = auth off")
    keys_file: str = Field("", description="file with one bearer API key a line (adds to keys)")
    cors_origins: str = Field("", description="comma-separated allowed origins; empty = none")
    protect_docs_and_metrics: bool = Field(
        False,
        description="with API keys set, also require one for /metrics, /docs and /openapi.json",
    )
    accuracy_degraded_rmsse: float = Field(
        1.0, gt=0, description="alert when a series' RMSSE is above this"
    )
    stale_data_days: int = Field(
        2, ge=0, description="alert when the snapshot's data date is older than this many days"
    )
    timezone: TimeZone = Field(
        "America/Sao_Paulo", description="local time zone of the data's dates: decides 'today'"
    )

    def today(self) -> date:
        """Today in the data's time zone: as_of dates are local dates."""
        return today_in(self.timezone)

    log_level: LogLevel = Field("INFO", description="DEBUG, INFO, WARNING or ERROR")
    web_dir: str = Field(
        "",
        description="the dashboard's built files, served at /; empty = frontend/dist when "
        "built, 'off' = none",
    )

    def __init__(self, **values: object) -> None:
        try:
            super().__init__(**values)
        except ValidationError as exc:
            raise SettingsError(explain_settings_error(exc, ENV_PREFIX, "API")) from exc

    @field_validator("lake_uri", "cache_dir")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty")
        return value.strip()

    @field_validator("redis_url")
    @classmethod
    def _redis_scheme(cls, value: str) -> str:
        value = value.strip()
        if value and not value.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("must start with redis://, rediss:// or unix:// (or be empty)")
        return value

    @field_validator("keys_file")
    @classmethod
    def _readable(cls, value: str) -> str:
        value = value.strip()
        if value and not Path(value).is_file():
            raise ValueError(f"no such file: {value!r}")
        return value

    @field_validator("web_dir")
    @classmethod
    def _has_index(cls, value: str) -> str:
        value = value.strip()
        if value and value != WEB_DIR_OFF and not (Path(value) / "index.html").is_file():
            raise ValueError(f"no index.html in {value!r} (build it with `make frontend`)")
        return value

    @cached_property
    def web_root(self) -> Path | None:
        """The folder of the dashboard to serve at /, None when there is none."""
        if self.web_dir == WEB_DIR_OFF:
            return None
        if self.web_dir:
            return Path(self.web_dir).resolve()
        return DEFAULT_WEB_DIR if (DEFAULT_WEB_DIR / "index.html").is_file() else None

    @cached_property
    def bearer_keys(self) -> tuple[bytes, ...]:
        """Every accepted bearer key, as bytes for a constant-time comparison."""
        keys = _split(self.keys)
        if self.keys_file:
            lines = Path(self.keys_file).read_text(encoding="utf-8").splitlines()
            keys += [line.strip() for line in lines if line.strip() and not line.startswith("#")]
        return tuple(key.encode() for key in keys)

    @cached_property
    def origins(self) -> list[str]:
        return _split(self.cors_origins)

    @cached_property
    def s3(self) -> S3Settings | None:
        return S3Settings() if self.lake_uri.startswith("s3://") else None

    def lake(self) -> Storage:
        return open_storage(self.lake_uri, self.s3)
