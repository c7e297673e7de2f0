"""Connection settings of the S3 backend, read from ``S3_*`` environment variables."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ENV_PREFIX = "S3_"

_ENDPOINT = re.compile(r"^[A-Za-z0-9.\-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$")


class SettingsError(ValueError):
    """Invalid or missing settings; the message names the environment variables."""


class S3Settings(BaseSettings):
    """Where and how to reach an S3-compatible store (MinIO in docker compose).

    Timeouts and retries are per HTTP request: a dead endpoint fails in about
    ``connect_timeout * (max_retries + 1)`` seconds instead of minutes.
    """

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, frozen=True)

    endpoint: str = Field(description="host:port of the S3 API, without scheme")
    access_key: str = Field(min_length=1)
    secret_key: SecretStr
    region: str = "us-east-1"
    secure: bool = Field(False, description="use https")
    connect_timeout: float = Field(5.0, gt=0, description="seconds to open a connection")
    read_timeout: float = Field(60.0, gt=0, description="seconds to wait for data on a socket")
    max_retries: int = Field(3, ge=0, le=10, description="retries on connection errors and 5xx")

    def __init__(self, **values: Any) -> None:
        try:
            super().__init__(**values)
        except ValidationError as exc:
            raise SettingsError(_explain(exc)) from exc

    @field_validator("endpoint")
    @classmethod
    def _check_endpoint(cls, value: str) -> str:
        value = value.strip()
        if "://" in value:
            raise ValueError("must be host:port without a scheme (set S3_SECURE=true for https)")
        if not _ENDPOINT.match(value):
            raise ValueError(f"must look like host:port, e.g. 127.0.0.1:9000, got {value!r}")
        return value

    @field_validator("secret_key")
    @classmethod
    def _check_secret(cls, value: SecretStr) -> SecretStr:
        if not value.get_secret_value():
            raise ValueError("must not be empty")
        return value

    @property
    def url(self) -> str:
        """The endpoint as a URL, for logs and error messages."""
        return f"{'https' if self.secure else 'http'}://{self.endpoint}"


def explain_settings_error(exc: ValidationError, env_prefix: str, service: str) -> str:
    """One line per bad value, naming the environment variable to fix."""
    problems = []
    for error in exc.errors():
        field = ".".join(str(part) for part in error["loc"]) or "settings"
        problems.append(f"{env_prefix}{field.upper()}: {error['msg']}")
    return f"invalid {service} settings: " + "; ".join(problems)


def _explain(exc: ValidationError) -> str:
    return explain_settings_error(exc, ENV_PREFIX, "S3")


# Setting types shared by the services' settings objects (pipeline, backend): each validates
# once, here, so both report the same message for the same mistake.
def _log_level(value: str) -> str:
    level = value.strip().upper()
    if level not in ("DEBUG", "INFO", "WARNING", "ERROR"):
        raise ValueError(f"must be DEBUG, INFO, WARNING or ERROR, got {value!r}")
    return level


def _time_zone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {value!r} (e.g. America/Sao_Paulo)") from None
    return value


def _location(value: str) -> str:
    if not value.strip():
        raise ValueError("must be a folder path or s3://bucket[/prefix]")
    return value.strip()


LogLevel = Annotated[str, AfterValidator(_log_level)]
TimeZone = Annotated[str, AfterValidator(_time_zone)]
Location = Annotated[str, AfterValidator(_location)]


def today_in(zone: str) -> date:
    """Today's date in `zone`: the data's dates are local dates."""
    return datetime.now(ZoneInfo(zone)).date()
