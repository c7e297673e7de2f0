"""Dependencies shared by the routes: the app state, the snapshot a request reads, the cache.

Route signatures read like declarations: ``snapshot: SnapshotDep, cache: CacheDep``. A request
resolves its snapshot once, so every number in one answer comes from one snapshot.
"""

from __future__ import annotations

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
from backend.snapshot import SNAPSHOT_ID, Snapshot, SnapshotError, SnapshotNotFound
from backend.snapshot_manager import SnapshotManager

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$"


@dataclass
class AppState:
    settings: ApiSettings
    snapshots: SnapshotManager
    cache: ResponseCache
    metrics: Metrics


class CachedAnswer:
    """One request's place in the response cache. Its key is the one rule for every route:
    the snapshot the request reads, its path and its sorted query (``backend.cache.cache_key``),
    so no route builds a key by hand and none can forget a parameter.

    A route asks ``hit()`` first and returns it when there is one; otherwise it computes the
    answer's body and returns ``answer(body)``, which stamps the snapshot id, encodes and stores.
    """

    def __init__(self, cache: ResponseCache, snapshot: Snapshot, key: str) -> None:
        self.cache = cache
        self.snapshot_id = snapshot.snapshot_id
        self.key = key

    def hit(self) -> Response | None:
        body = self.cache.get(self.key)
        return None if body is None else json_response(body, self.snapshot_id, "hit")

    def answer(self, body: dict[str, Any]) -> Response:
        encoded = encode({**body, "snapshot_id": self.snapshot_id})
        self.cache.set(self.key, encoded)
        return json_response(encoded, self.snapshot_id, "miss")


# The dependencies below are `async def`: they do no blocking work, and FastAPI would otherwise
# run each one in the thread pool. Only opening a snapshot that is not held open yet goes to a
# thread. Routes are plain `def` (FastAPI runs them in its thread pool): DuckDB and Redis block.


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


async def get_settings(request: Request) -> ApiSettings:
    return request.app.state.api.settings


StateDep = Annotated[AppState, Depends(get_state)]
SnapshotDep = Annotated[Snapshot, Depends(get_snapshot)]
SettingsDep = Annotated[ApiSettings, Depends(get_settings)]


async def get_cached_answer(request: Request, snapshot: SnapshotDep) -> CachedAnswer:
    """The request's cache entry (FastAPI resolves ``SnapshotDep`` once per request: the
    route and its key read the same snapshot)."""
    key = cache_key(snapshot.snapshot_id, request.url.path, request.query_params.multi_items())
    return CachedAnswer(request.app.state.api.cache, snapshot, key)


CacheDep = Annotated[CachedAnswer, Depends(get_cached_answer)]

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
