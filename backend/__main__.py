"""`python -m backend`: serve the API (uvicorn). Flags override API_* settings."""

from __future__ import annotations

import argparse
import logging
import os
import sys

import uvicorn

from backend.settings import ApiSettings
from storage import SettingsError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m backend", description=__doc__)
    parser.add_argument("--host", help="interface to listen on (API_HOST)")
    parser.add_argument("--port", type=int, help="TCP port (API_PORT)")
    parser.add_argument("--lake", dest="lake_uri", help="lake folder or s3:// URI (API_LAKE_URI)")
    parser.add_argument("--redis", dest="redis_url", help="redis:// URL (API_REDIS_URL)")
    parser.add_argument("--log-level", help="DEBUG, INFO, WARNING or ERROR (API_LOG_LEVEL)")
    args = parser.parse_args(argv)
    overrides = {k: v for k, v in vars(args).items() if v is not None}
    try:
        settings = ApiSettings(**overrides)
        settings.s3  # noqa: B018 - validate S3_* now when the lake is on S3
    except SettingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    logging.basicConfig(
        level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    from backend.app import create_app

    try:
        app = create_app(settings)
    except (SettingsError, ValueError) as exc:  # e.g. a malformed API_LAKE_URI
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(
        f"serving {settings.lake_uri} on http://{settings.host}:{settings.port}"
        f" (pid {os.getpid()})",
        file=sys.stderr,
    )
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        log_level=settings.log_level.lower(),
        access_log=False,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
