"""The FastAPI app factory: read-only, JSON errors, optional bearer keys, CORS from settings."""

from __future__ import annotations

import gc
import hmac
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backend.cache import ResponseCache
from backend.deps import AppState
from backend.metrics import Metrics
from backend.routes import API_ROUTERS, health
from backend.schemas import ErrorBody
from backend.settings import ApiSettings
from backend.snapshot import SnapshotManager

log = logging.getLogger(__name__)

API_PREFIX = "/api/v1"
ALLOWED_METHODS = ("GET", "HEAD", "OPTIONS")


# The error answers every data route may give, documented with their real shape (ErrorBody).
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody, "description": "missing or invalid API key (when keys are set)"},
    404: {"model": ErrorBody, "description": "unknown item, warehouse or snapshot"},
    422: {"model": ErrorBody, "description": "a bad parameter, named in the message"},
    503: {"model": ErrorBody, "description": "no gold snapshot is being served yet"},
}


def _error(status: int, message: str, **extra: Any) -> dict[str, Any]:
    return {"error": {"status": status, "message": message, **extra}}


def _is_preflight(scope: Scope) -> bool:
    headers = dict(scope.get("headers") or [])
    return b"origin" in headers and b"access-control-request-method" in headers


class ReadOnlyAndMetrics:
    """Refuse every method but GET/HEAD/OPTIONS with 405, and time each request per route."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method = scope["method"]
        if method not in ALLOWED_METHODS:
            response = JSONResponse(
                _error(405, f"method {method} not allowed: this API is read-only"),
                status_code=405,
                headers={"Allow": ", ".join(ALLOWED_METHODS)},
            )
            await response(scope, receive, send)
            self.metrics.requests.labels("refused", method, "405").inc()
            return
        if method == "OPTIONS" and not _is_preflight(scope):
            response = Response(status_code=204, headers={"Allow": ", ".join(ALLOWED_METHODS)})
            await response(scope, receive, send)
            return
        started = time.perf_counter()
        status = {"code": 500}

        head = method == "HEAD"
        if head:  # answered as the GET, without its body (content-length kept)
            scope = {**scope, "method": "GET"}

        async def send_and_record(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            elif head and message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        try:
            await self.app(scope, receive, send_and_record)
        finally:
            route = scope.get("route")
            template = getattr(route, "path", None) or "unmatched"
            # routers included with a prefix report their path without it
            if scope["path"].startswith(API_PREFIX + "/") and template.startswith("/"):
                template = template if template.startswith(API_PREFIX) else API_PREFIX + template
            self.metrics.latency.labels(template).observe(time.perf_counter() - started)
            self.metrics.requests.labels(template, method, str(status["code"])).inc()


async def require_key(request: Request) -> None:
    """Bearer-key check for /api/v1 when keys are configured (constant-time comparison)."""
    keys: tuple[bytes, ...] = request.app.state.api.settings.bearer_keys
    if not keys:
        return
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    presented = token.strip().encode()
    ok = False
    for key in keys:  # compare with every key, so timing does not tell which one matched
        ok |= hmac.compare_digest(presented, key)
    if scheme.lower() != "bearer" or not ok:
        raise HTTPException(
            401, "missing or invalid API key", headers={"WWW-Authenticate": "Bearer"}
        )


def serve_dashboard(app: FastAPI, root: Path) -> None:
    """The dashboard's built files at /, index.html for client routes; /api/* stays JSON.

    Registered after every API route, so it only answers paths nothing else matched.
    """
    index = root / "index.html"

    @app.get("/{path:path}", include_in_schema=False)
    def dashboard(path: str) -> FileResponse:
        if path == "api" or path.startswith("api/"):
            raise HTTPException(404, f"no such path: /{path}")
        if "\x00" in path:  # no file name holds a NUL (and resolve() would raise on it)
            raise HTTPException(404, "no such file")
        target = (root / path).resolve()
        if path and target.is_file() and target.is_relative_to(root):
            immutable = path.startswith("assets/")  # names carry a content hash
            cache = "public, max-age=31536000, immutable" if immutable else "no-cache"
            return FileResponse(target, headers={"Cache-Control": cache})
        if "." in path.rsplit("/", 1)[-1]:  # a missing file, not a client route
            raise HTTPException(404, f"no such file: /{path}")
        return FileResponse(index, headers={"Cache-Control": "no-cache"})


async def prepare_routes(app: FastAPI) -> None:
    """Have FastAPI prepare every route now, before the API says it is ready.

    FastAPI prepares a route (its dependencies and parameter validators) the first time a
    request is matched against it: about 5 ms per route, paid by the first requests after a
    start (measured: 40 ms for the first series). A PUT for a path no route answers is matched
    against all of them and runs none (at most a plain 405 or 404, sent nowhere).
    """
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "PUT",
        "scheme": "http", "path": f"{API_PREFIX}/-/-/-/-/-", "raw_path": b"", "root_path": "",
        "query_string": b"", "headers": [], "client": None, "server": None,
    }  # fmt: skip

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(_message: Message) -> None:
        return None

    await app.router(scope, receive, send)


def create_app(
    settings: ApiSettings | None = None, snapshots: SnapshotManager | None = None
) -> FastAPI:
    settings = settings or ApiSettings()
    metrics = Metrics()
    if snapshots is None:
        snapshots = SnapshotManager(
            settings.lake(),
            Path(settings.cache_dir),
            poll_seconds=settings.poll_seconds,
            open_max=settings.snapshots_open_max,
            materialize_max_rows=settings.materialize_max_rows,
            on_event=lambda event: metrics.snapshot_events.labels(event).inc(),
        )
    cache = ResponseCache(
        redis_url=settings.redis_url,
        ttl_seconds=settings.cache_ttl_seconds,
        max_entries=settings.cache_max_entries,
        redis_timeout=settings.redis_timeout_seconds,
        on_event=lambda event: metrics.cache.labels(event).inc(),
    )
    metrics.track_snapshot(lambda: snapshots.current)
    state = AppState(settings, snapshots, cache, metrics)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        snapshots.start()
        await prepare_routes(app)
        # Objects alive after start-up (modules, routes, schemas) live as long as the process:
        # out of the collector's sight, a full collection no longer walks them on a request.
        gc.collect()
        gc.freeze()
        try:
            yield
        finally:
            snapshots.stop()
            cache.close()

    app = FastAPI(
        title="Spare-parts demand forecast API",
        version="1.0.0",
        description="Read-only API over the gold snapshot: forecasts, reorder points, alerts.",
        lifespan=lifespan,
    )
    app.state.api = state
    app.include_router(health.router)
    for router in API_ROUTERS:
        app.include_router(
            router, prefix=API_PREFIX, dependencies=[Depends(require_key)], responses=ERRORS
        )
    if settings.web_root is not None:
        serve_dashboard(app, settings.web_root)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = str(exc.detail)
        if exc.status_code == 404 and message == "Not Found":  # no route matched
            message = f"no such path: {request.url.path}"
        return JSONResponse(
            _error(exc.status_code, message),
            status_code=exc.status_code,
            headers=getattr(exc, "headers", None),
        )

    @app.exception_handler(RequestValidationError)
    async def bad_parameter(_request: Request, exc: RequestValidationError) -> JSONResponse:
        details = [
            {"parameter": ".".join(str(p) for p in e.get("loc", ())), "problem": e.get("msg")}
            for e in exc.errors()
        ]
        message = "; ".join(f"{d['parameter']}: {d['problem']}" for d in details)
        return JSONResponse(
            _error(422, f"bad parameter: {message}", details=details), status_code=422
        )

    @app.exception_handler(Exception)
    async def server_error(_request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error", exc_info=exc)
        return JSONResponse(_error(500, "internal error; see the API log"), status_code=500)

    if settings.origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.origins,
            allow_methods=list(ALLOWED_METHODS),
            allow_headers=["Authorization", "Content-Type"],
            expose_headers=["X-Snapshot-Id", "X-Cache"],
            max_age=600,
        )
    app.add_middleware(ReadOnlyAndMetrics, metrics=metrics)
    return app
