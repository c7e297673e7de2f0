"""The FastAPI app factory: read-only, JSON errors (no server paths in them), optional bearer
keys, CORS from settings, gzip for answers and static files when the client accepts it."""

from __future__ import annotations

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
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import FileResponse, JSONResponse, Response
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backend.cache import ResponseCache
from backend.deps import AppState
from backend.metrics import Metrics
from backend.redact import redact_paths
from backend.routes import API_ROUTERS, health
from backend.schemas import ErrorBody
from backend.settings import ApiSettings
from backend.snapshot_manager import SnapshotManager

log = logging.getLogger(__name__)

API_PREFIX = "/api/v1"
ALLOWED_METHODS = ("GET", "HEAD", "OPTIONS")
# Outside /api/v1, behind the keys only when API_PROTECT_DOCS_AND_METRICS is set.
DOCS_AND_METRICS = ("/metrics", "/docs", "/docs/oauth2-redirect", "/redoc", "/openapi.json")
# Answers smaller than this are sent as they are: compressing them saves nothing.
GZIP_MIN_BYTES = 1024
# Small answers that may quote a storage error: their paths are reduced to file names.
REDACTED_PATHS = ("/ready",)


# The error answers every data route may give, documented with their real shape (ErrorBody).
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody, "description": "missing or invalid API key (when keys are set)"},
    404: {"model": ErrorBody, "description": "unknown item, warehouse or snapshot"},
    422: {"model": ErrorBody, "description": "a bad parameter, named in the message"},
    503: {"model": ErrorBody, "description": "no gold snapshot is being served yet"},
}


def _error(status: int, message: str, **extra: Any) -> dict[str, Any]:
    return {"error": {"status": status, "message": message, **extra}}


def _key_ok(keys: tuple[bytes, ...], authorization: str) -> bool:
    """A bearer key among `keys` (constant-time: every key is compared)."""
    scheme, _, token = authorization.partition(" ")
    presented = token.strip().encode()
    ok = False
    for key in keys:  # compare with every key, so timing does not tell which one matched
        ok |= hmac.compare_digest(presented, key)
    return scheme.lower() == "bearer" and ok


class JsonCORSMiddleware(CORSMiddleware):
    """Starlette's CORS handling, with a refused preflight answered in JSON like every error."""

    def preflight_response(self, request_headers: Headers) -> Response:
        response = super().preflight_response(request_headers)
        if response.status_code < 400:
            return response
        headers = {
            k: v for k, v in response.headers.items() if k not in ("content-length", "content-type")
        }
        reason = bytes(response.body).decode()
        message = f"CORS preflight refused: {reason} (allowed origins: API_CORS_ORIGINS)"
        return JSONResponse(
            _error(response.status_code, message), status_code=response.status_code, headers=headers
        )


class KeyForDocsAndMetrics:
    """Require a bearer key for /metrics and the API docs (API_PROTECT_DOCS_AND_METRICS)."""

    def __init__(self, app: ASGIApp, keys: tuple[bytes, ...]) -> None:
        self.app = app
        self.keys = keys

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] in DOCS_AND_METRICS:
            authorization = Headers(scope=scope).get("authorization", "")
            if not _key_ok(self.keys, authorization):
                response = JSONResponse(
                    _error(401, "missing or invalid API key"),
                    status_code=401,
                    headers={"WWW-Authenticate": "Bearer"},
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


class RedactPaths:
    """Reduce the paths in the few small answers that may quote a storage error (REDACTED_PATHS)
    to file names; every other answer passes untouched."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] not in REDACTED_PATHS:
            await self.app(scope, receive, send)
            return
        start: dict[str, Any] = {}
        body = bytearray()

        async def buffered(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
                return
            if message["type"] != "http.response.body":
                await send(message)
                return
            body.extend(message.get("body", b""))
            if message.get("more_body"):
                return
            text = redact_paths(body.decode("utf-8", "replace")).encode()
            headers = [(k, v) for k, v in start["headers"] if k.lower() != b"content-length"]
            headers.append((b"content-length", str(len(text)).encode()))
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": text})

        await self.app(scope, receive, buffered)


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
    if not _key_ok(keys, request.headers.get("authorization", "")):
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


def add_error_handlers(app: FastAPI) -> None:
    """Every error is JSON with a clear message (``ErrorBody``); no server path leaks."""

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = str(exc.detail)
        if request.url.path not in message:  # a storage error may quote a server path
            message = redact_paths(message)
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


def add_middleware(app: FastAPI, settings: ApiSettings, metrics: Metrics) -> None:
    """Innermost first: gzip sees the final answer; CORS, the key check and the read-only gate
    answer before any route runs."""
    app.add_middleware(GZipMiddleware, minimum_size=GZIP_MIN_BYTES, compresslevel=6)
    app.add_middleware(RedactPaths)
    if settings.origins:
        app.add_middleware(
            JsonCORSMiddleware,
            allow_origins=settings.origins,
            allow_methods=list(ALLOWED_METHODS),
            allow_headers=["Authorization", "Content-Type"],
            expose_headers=["X-Snapshot-Id", "X-Cache"],
            max_age=600,
        )
    if settings.protect_docs_and_metrics and settings.bearer_keys:
        app.add_middleware(KeyForDocsAndMetrics, keys=settings.bearer_keys)
    app.add_middleware(ReadOnlyAndMetrics, metrics=metrics)


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
        try:
            yield
        finally:
            snapshots.stop()
            cache.close()

    app = FastAPI(
        title="Spare-parts demand forecast API",
        version="1.0.0",
        description="Read-only API over the gold snapshot: forecasts, reorder points, purchase "
        "proposals, transfers, alerts.",
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

    add_error_handlers(app)
    add_middleware(app, settings, metrics)
    return app
