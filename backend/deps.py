"""Dependencies shared by the routes: the app state, the snapshot a request reads, the cache.

Route signatures read like declarations: ``snapshot: SnapshotDep, cache: CacheDep``. A request
resolves its snapshot once, so every number in one answer comes from one snapshot.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any

import orjson
from fastapi import Depends, HTTPException, Path, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from backend.cache import ResponseCache, cache_key
from backend.metrics import Metrics
from backend.settings import ApiSettings
from backend.snapshot import SNAPSHOT_ID, Snapshot, SnapshotError, SnapshotManager, SnapshotNotFound

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$"


@dataclass
class AppState:
    settings: ApiSettings
    snapshots: SnapshotManager
    cache: ResponseCache
    metrics: Metrics


# The dependencies below are `async def`: they do no blocking work, and FastAPI would otherwise
# run each one in the thread pool, a hop per dependency per request (under load, each hop waits
# for the GIL). Only opening a snapshot that is not held open yet goes to a thread.


async def get_state(request: Request) -> AppState:
    return request.app.state.api


async def get_snapshot(
    request: Request,
    snapshot: Annotated[
        str | None,
        Query(
            pattern=SNAPSHOT_ID.pattern,
            description="read a retained previous snapshot instead of the current one",
        ),
    ] = None,
) -> Snapshot:
    manager: SnapshotManager = request.app.state.api.snapshots
    try:
        current = manager.current
        if snapshot is None and current is not None:
            return current
        return await run_in_threadpool(manager.get, snapshot)
    except SnapshotNotFound as exc:
        raise HTTPException(404, f"unknown snapshot {snapshot!r}; see /api/v1/snapshots") from exc
    except SnapshotError as exc:
        if snapshot is None:
            raise HTTPException(503, f"no gold snapshot is being served yet: {exc}") from exc
        raise HTTPException(404, f"snapshot {snapshot!r} cannot be read: {exc}") from exc


async def get_cache(request: Request) -> ResponseCache:
    return request.app.state.api.cache


async def get_settings(request: Request) -> ApiSettings:
    return request.app.state.api.settings


StateDep = Annotated[AppState, Depends(get_state)]
SnapshotDep = Annotated[Snapshot, Depends(get_snapshot)]
CacheDep = Annotated[ResponseCache, Depends(get_cache)]
SettingsDep = Annotated[ApiSettings, Depends(get_settings)]

ItemId = Annotated[str, Path(pattern=ID_PATTERN, description="item id, e.g. 002670")]
WarehouseId = Annotated[str, Path(pattern=ID_PATTERN, description="warehouse id, e.g. CD-PE01")]
Limit = Annotated[int, Query(ge=1, le=1000, description="page size")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="rows to skip")]
OptionalId = Annotated[str | None, Query(pattern=ID_PATTERN)]
SearchText = Annotated[
    str | None, Query(min_length=1, max_length=100, description="search in id and name")
]


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(f"cannot encode {type(value).__name__}")


def encode(body: Any) -> bytes:
    """JSON for an answer: dates ISO-8601, NaN and infinities as null (orjson's rules)."""
    return orjson.dumps(body, default=_default)


def json_response(body: bytes, snapshot_id: str, cache_status: str | None = None) -> Response:
    headers = {"X-Snapshot-Id": snapshot_id}
    if cache_status:
        headers["X-Cache"] = cache_status
    return Response(body, media_type="application/json", headers=headers)


def _answer(snapshot: Snapshot, compute: Callable[[], dict[str, Any]]) -> bytes:
    return encode({**compute(), "snapshot_id": snapshot.snapshot_id})


def _compute_and_store(
    cache: ResponseCache, snapshot: Snapshot, key: str, compute: Callable[[], dict[str, Any]]
) -> bytes:
    body = _answer(snapshot, compute)
    cache.set(key, body)
    return body


async def cached(
    cache: ResponseCache,
    snapshot: Snapshot,
    route: str,
    params: dict[str, object],
    compute: Callable[[], dict[str, Any]],
    *,
    in_memory: bool = False,
) -> Response:
    """The answer from the cache, or computed, stamped with the snapshot id and cached.

    Routes are ``async def`` and keep every blocking call (DuckDB, storage) inside ``compute``,
    which runs in the thread pool; a hit in the in-process cache is answered on the event loop
    without a thread hop (a Redis look-up goes to a thread: it is network I/O).
    ``in_memory``: this ``compute`` only reads memory (a series document) for well under a
    millisecond, so it runs on the event loop too: a thread hop would cost about as much.
    """
    key = cache_key(snapshot.snapshot_id, route, params)
    memory = cache.backend == "memory"
    body = cache.get(key) if memory else await run_in_threadpool(cache.get, key)
    if body is not None:
        return json_response(body, snapshot.snapshot_id, "hit")
    if not in_memory:
        body = await run_in_threadpool(_compute_and_store, cache, snapshot, key, compute)
    else:
        body = _answer(snapshot, compute)
        if memory:
            cache.set(key, body)
        else:
            await run_in_threadpool(cache.set, key, body)  # network I/O: in a thread
    return json_response(body, snapshot.snapshot_id, "miss")


def page(rows: list[dict[str, Any]], count: int) -> dict[str, Any]:
    return {"data": rows, "count": count}


def not_found(what: str) -> HTTPException:
    return HTTPException(404, what)


def paged(
    snapshot: Snapshot,
    matching_sql: str,
    args: list[Any],
    order_by: str,
    limit: int,
    offset: int,
) -> dict[str, Any]:
    """``{data, count}`` of one page of ``matching_sql`` (a select using ``$1..$n``).

    ``order_by`` is code, never user text (routes map a whitelisted sort name to it).
    """
    n = len(args)
    count = snapshot.query(f"select count(*) as n from ({matching_sql}) as matching", args)
    rows = snapshot.query(
        f"select * from ({matching_sql}) as matching order by {order_by} "
        f"limit ${n + 1} offset ${n + 2}",
        [*args, limit, offset],
    )
    return page(rows, count[0]["n"])


def like_pattern(text: str | None) -> str | None:
    """A case-insensitive ``like`` pattern for a search text (wildcards escaped)."""
    if text is None:
        return None
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
