"""The pipeline's settings, read once from ``PIPELINE_*`` environment variables (and ``.env``).

Defaults give the embedded demo: local folders next to the repository, no Docker, no MinIO.
Point a URI at ``s3://bucket[/prefix]`` to use MinIO; the connection then comes from ``S3_*``.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import cached_property

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from pipeline.gold.transfer_params import DEFAULT_TRANSFER_LEAD_TIMES, parse_transfer_lead_times
from storage import S3Settings, SettingsError, Storage, open_storage
from storage.settings import Location, LogLevel, TimeZone, explain_settings_error, today_in

ENV_PREFIX = "PIPELINE_"


class PipelineSettings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, env_file=".env", extra="ignore", frozen=True
    )

    landing_uri: Location = Field("./landing", description="where the ERP drops its files")
    landing_optional: bool = Field(
        False,
        description="a landing folder that does not exist is an empty landing, not an error",
    )
    lake_uri: Location = Field(
        "./lake", description="bronze, silver, gold, quarantine and run records"
    )
    exports_uri: Location = Field(
        "./exports", description="exchange zone with ml_env: training extracts and ML results"
    )
    timezone: TimeZone = Field(
        "America/Sao_Paulo", description="local time zone: decides 'today' for date checks"
    )
    log_level: LogLevel = Field("INFO", description="DEBUG, INFO, WARNING or ERROR")
    log_format: str = Field("text", description="text (for people) or json (one object a line)")
    work_dir: str = Field(
        "./.pipeline-work", description="local scratch: S3 mirror, DuckDB spill files, lock"
    )
    retention_snapshots: int = Field(
        7, ge=2, description="gold snapshots kept (the current and previous always are)"
    )
    forecast_versions_kept: int = Field(
        3, ge=1, description="ML export versions kept in fct_forecast for comparison"
    )
    lease_ttl_hours: float = Field(
        6.0, gt=0, description="after this, a run lease left by a dead host is ignored"
    )
    freshness_warn_days: int = Field(
        7, ge=1, description="warn when the newest data is older than this many days"
    )
    schedule_time: str = Field("02:30", description="daily run time HH:MM, in PIPELINE_TIMEZONE")
    run_at_start: bool = Field(False, description="schedule: also run once right away")
    service_level_a: float = Field(0.99, gt=0, lt=1, description="target service level, A items")
    service_level_b: float = Field(0.95, gt=0, lt=1, description="target service level, B items")
    service_level_c: float = Field(0.90, gt=0, lt=1, description="target service level, C items")
    review_days: int = Field(7, ge=1, description="days between reviews of an item")
    transfer_lead_times: str = Field(
        DEFAULT_TRANSFER_LEAD_TIMES,
        description="days a transfer between two warehouses takes, by region pair: "
        "same=,adjacent=,other= and REGION-REGION= overrides (e.g. SE-S=3)",
    )
    memory_limit: str = Field(
        "8GB", description="DuckDB memory limit for validation and the gold build"
    )

    def __init__(self, **values: object) -> None:
        try:
            super().__init__(**values)
        except ValidationError as exc:
            raise SettingsError(explain_settings_error(exc, ENV_PREFIX, "pipeline")) from exc

    @field_validator("log_format")
    @classmethod
    def _known_format(cls, value: str) -> str:
        if value.lower() not in ("text", "json"):
            raise ValueError(f"must be text or json, got {value!r}")
        return value.lower()

    @field_validator("transfer_lead_times")
    @classmethod
    def _transfer_lead_times(cls, value: str) -> str:
        parse_transfer_lead_times(value)  # a ValueError names the bad entry
        return value

    @field_validator("schedule_time")
    @classmethod
    def _clock_time(cls, value: str) -> str:
        try:
            datetime.strptime(value, "%H:%M")
        except ValueError:
            raise ValueError(f"must be HH:MM (24 h), got {value!r}") from None
        return value

    def today(self) -> date:
        return today_in(self.timezone)

    @cached_property
    def s3(self) -> S3Settings | None:
        """S3 connection settings, needed (and validated) only when a URI is s3://."""
        uris = (self.landing_uri, self.lake_uri, self.exports_uri)
        return S3Settings() if any(u.startswith("s3://") for u in uris) else None

    def landing(self) -> Storage:
        return open_storage(self.landing_uri, self.s3)

    def lake(self) -> Storage:
        return open_storage(self.lake_uri, self.s3)

    def exports(self) -> Storage:
        return open_storage(self.exports_uri, self.s3)
