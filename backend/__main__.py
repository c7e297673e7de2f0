"""`python -m backend`: serve the API (uvicorn). Flags override API_* settings."""

from __future__ import annotations

import argparse
import logging
import os
import socket
import sys
from typing import Any

import uvicorn
from uvicorn.supervisors import Multiprocess

from backend.settings import ApiSettings
from storage import SettingsError


def serve_with_workers(workers: int, options: dict[str, Any]) -> None:
    """``uvicorn.run`` with workers, but every connection gets TCP_NODELAY.

    uvicorn's shared listening socket is made without a protocol number, so asyncio does not
    set TCP_NODELAY on the connections the workers accept, and a small answer written in two
    parts waits ~40 ms for the client's delayed ACK (Nagle). The same socket, marked TCP, is
    handed to the workers instead.
    """
    config = uvicorn.Config("backend.app:create_app", factory=True, workers=workers, **options)
    plain = config.bind_socket()
    listener = socket.socket(plain.family, socket.SOCK_STREAM, socket.IPPROTO_TCP, plain.detach())
    listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    listener.set_inheritable(True)
    Multiprocess(config, sockets=[listener]).run()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m backend", description=__doc__)
    parser.add_argument("--host", help="interface to listen on (API_HOST)")
    parser.add_argument("--port", type=int, help="TCP port (API_PORT)")
    parser.add_argument("--lake", dest="lake_uri", help="lake folder or s3:// URI (API_LAKE_URI)")
    parser.add_argument("--redis", dest="redis_url", help="redis:// URL (API_REDIS_URL)")
    parser.add_argument("--workers", type=int, help="server processes (API_WORKERS)")
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

    print(
        f"serving {settings.lake_uri} on http://{settings.host}:{settings.port}"
        f" (pid {os.getpid()}, {settings.workers} worker(s))",
        file=sys.stderr,
    )
    common = {
        "host": settings.host,
        "port": settings.port,
        "log_level": settings.log_level.lower(),
        "access_log": False,
    }
    if settings.workers > 1:
        # Each worker process builds its app from the environment: flags become API_* there.
        for name, value in overrides.items():
            os.environ[f"API_{name.upper()}"] = str(value)
        serve_with_workers(settings.workers, common)
        return 0
    try:
        app = create_app(settings)
    except (SettingsError, ValueError) as exc:  # e.g. a malformed API_LAKE_URI
        print(f"error: {exc}", file=sys.stderr)
        return 2
    uvicorn.run(app, **common)
    return 0


if __name__ == "__main__":
    sys.exit(main())
