"""Liveness, readiness and Prometheus metrics (outside /api/v1 and its auth)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from backend.deps import StateDep

router = APIRouter(tags=["operations"])


# Both answer on the event loop (``async``, no blocking work): a plain ``def`` would be run in
# the thread pool, a hop that costs more than the answer.
HEALTHY = b'{"status":"ok"}'


@router.get("/health", summary="The process is up", response_model=dict[str, str])
async def health() -> Response:
    return Response(HEALTHY, media_type="application/json")


@router.get("/ready", summary="A gold snapshot is loaded and served")
async def ready(state: StateDep) -> JSONResponse:
    current = state.snapshots.current
    if current is None:
        body = {"status": "not_ready", "reason": state.snapshots.last_error or "loading"}
        return JSONResponse(body, status_code=503)
    body = {
        "status": "ready",
        "snapshot_id": current.snapshot_id,
        "last_error": state.snapshots.last_error,
    }
    return JSONResponse(body)


@router.get("/metrics", summary="Prometheus metrics", response_class=Response)
def metrics(state: StateDep) -> Response:
    return Response(generate_latest(state.metrics.registry), media_type=CONTENT_TYPE_LATEST)
