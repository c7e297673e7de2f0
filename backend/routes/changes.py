"""What changed between two snapshots: status changes, reorder-point and forecast deltas.

The diff runs in DuckDB over both snapshots' ``fct_reorder_point`` (the base one read from its
Parquet file, the path bound as a parameter), so comparing 50,000 series costs one scan each
instead of the browser paging through both lists. ``base`` defaults to the snapshot the compared
one replaced (``previous`` in ``_CURRENT``), else the newest retained snapshot before it.
The forecast delta is the forecast as the reorder point uses it: the daily demand rate and the
lead-time demand ``D_L``, so a delta here explains a reorder-point delta.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import Response

from backend.deps import (
    AppState,
    CacheDep,
    Limit,
    Offset,
    OptionalId,
    SearchText,
    SnapshotDep,
    StateDep,
    like_pattern,
    paged,
)
from backend.schemas import Envelope, Model
from backend.snapshot import SNAPSHOT_ID, Snapshot, SnapshotError, SnapshotNotFound

router = APIRouter(tags=["changes"])

Change = Literal["any", "status", "reorder_point", "forecast", "added", "removed"]
SORTS = {  # sort name -> order by clause (code, never user text)
    "priority": "change_rank, status_rank nulls last, abs(reorder_point_delta) desc nulls last, "
    "item_id, warehouse_id",
    "reorder_point_delta": "abs(reorder_point_delta) desc nulls last, item_id, warehouse_id",
    "daily_demand_delta": "abs(daily_demand_delta) desc nulls last, item_id, warehouse_id",
    "item_id": "item_id, warehouse_id",
}
Sort = Literal["priority", "reorder_point_delta", "daily_demand_delta", "item_id"]

# $1 the base snapshot's fct_reorder_point file; rounding to 6 decimals keeps float noise
# between two builds of the same numbers from showing as a change. The status's urgency is
# gold's (fct_reorder_list.status_rank); a removed series has none and sorts last.
DIFF = """
with current_rows as (
    select item_id, warehouse_id, status, reorder_point, safety_stock, lead_time_demand,
           daily_demand, suggested_order_qty, on_hand, demand_class, model, status_rank
    from fct_reorder_list
),
base_rows as (
    select item_id, warehouse_id, status, reorder_point, safety_stock, lead_time_demand,
           daily_demand, suggested_order_qty, on_hand, demand_class, model
    from read_parquet($1)
),
compared as (
    select coalesce(c.item_id, b.item_id) as item_id,
           coalesce(c.warehouse_id, b.warehouse_id) as warehouse_id,
           case when b.item_id is null then 'added' when c.item_id is null then 'removed'
                when b.status is distinct from c.status then 'status'
                when round(b.reorder_point, 6) is distinct from round(c.reorder_point, 6)
                    then 'reorder_point'
                when round(b.daily_demand, 6) is distinct from round(c.daily_demand, 6)
                    or round(b.lead_time_demand, 6) is distinct from round(c.lead_time_demand, 6)
                    then 'forecast'
           end as change,
           b.status as status_before, c.status as status_after,
           b.reorder_point as reorder_point_before, c.reorder_point as reorder_point_after,
           c.reorder_point - b.reorder_point as reorder_point_delta,
           b.safety_stock as safety_stock_before, c.safety_stock as safety_stock_after,
           b.lead_time_demand as lead_time_demand_before,
           c.lead_time_demand as lead_time_demand_after,
           b.daily_demand as daily_demand_before, c.daily_demand as daily_demand_after,
           c.daily_demand - b.daily_demand as daily_demand_delta,
           b.suggested_order_qty as suggested_order_qty_before,
           c.suggested_order_qty as suggested_order_qty_after,
           b.on_hand as on_hand_before, c.on_hand as on_hand_after,
           b.model as model_before, c.model as model_after,
           coalesce(c.demand_class, b.demand_class) as demand_class, c.status_rank
    from current_rows c
    full outer join base_rows b using (item_id, warehouse_id)
),
final as (
    select x.*, i.item_name, w.name as warehouse_name, i.category,
           case x.change when 'status' then 0 when 'added' then 1 when 'removed' then 2
                when 'reorder_point' then 3 else 4 end as change_rank
    from compared x
    left join dim_item i using (item_id)
    left join dim_warehouse w using (warehouse_id)
    where x.change is not null
)
select * from final
"""

MATCHING = f"""
select * from ({DIFF}) as d
where ($2::varchar is null or d.change = $2
       or ($2 = 'reorder_point' and round(d.reorder_point_delta, 6) <> 0)
       or ($2 = 'forecast' and round(d.daily_demand_delta, 6) <> 0))
  and ($3::varchar is null or d.warehouse_id = $3)
  and ($4::varchar is null
       or lower(d.item_id) like $4 escape '\\' or lower(d.item_name) like $4 escape '\\')
"""

SUMMARY = f"""
with d as ({DIFF}),
final as (
    select 'change' as kind, change as before, null as after, count(*) as series
    from d group by change
    union all
    select 'status', status_before, status_after, count(*)
    from d where change = 'status' group by all
)
select * from final order by kind, series desc, before, after
"""


class ChangeRow(Model):
    item_id: str
    warehouse_id: str
    item_name: str | None
    warehouse_name: str | None
    category: str | None
    change: str  # status, reorder_point, forecast, added or removed (the first that applies)
    status_before: str | None
    status_after: str | None
    reorder_point_before: float | None
    reorder_point_after: float | None
    reorder_point_delta: float | None
    safety_stock_before: float | None
    safety_stock_after: float | None
    lead_time_demand_before: float | None
    lead_time_demand_after: float | None
    daily_demand_before: float | None
    daily_demand_after: float | None
    daily_demand_delta: float | None
    suggested_order_qty_before: int | None
    suggested_order_qty_after: int | None
    on_hand_before: float | None
    on_hand_after: float | None
    model_before: str | None
    model_after: str | None
    demand_class: str | None


class StatusTransition(Model):
    status_before: str | None
    status_after: str | None
    series: int


class ChangeSummary(Model):
    by_change: dict[str, int]  # every changed series, by its change kind
    status_transitions: list[StatusTransition]


class SnapshotSide(Model):
    snapshot_id: str
    as_of_date: date | None
    model_version: str | None


class ChangePage(Envelope):
    data: list[ChangeRow]
    count: int
    base: SnapshotSide
    current: SnapshotSide
    summary: ChangeSummary


def _default_base(state: AppState, snapshot: Snapshot) -> str:
    previous = snapshot.pointer.get("previous")
    if isinstance(previous, str) and previous:
        return previous
    older = [s for s in state.snapshots.retained() if s < snapshot.snapshot_id]
    if not older:
        raise HTTPException(404, "no previous snapshot to compare with; see /api/v1/snapshots")
    return older[-1]


def _side(snapshot: Snapshot) -> dict[str, Any]:
    return {
        "snapshot_id": snapshot.snapshot_id,
        "as_of_date": snapshot.as_of_date,
        "model_version": snapshot.model_version,
    }


@router.get(
    "/changes",
    response_model=ChangePage,
    summary="Series whose status, reorder point or forecast changed since a previous snapshot",
)
def list_changes(
    snapshot: SnapshotDep,
    cache: CacheDep,
    state: StateDep,
    base: Annotated[
        str | None,
        Query(
            pattern=SNAPSHOT_ID.pattern,
            description="the snapshot to compare with; default the one `snapshot` replaced",
        ),
    ] = None,
    change: Annotated[Change, Query(description="only this kind of change")] = "any",
    warehouse_id: OptionalId = None,
    q: SearchText = None,
    sort: Sort = "priority",
    limit: Limit = 100,
    offset: Offset = 0,
) -> Response:
    if (hit := cache.hit()) is not None:
        return hit
    base_id = base or _default_base(state, snapshot)
    if base_id == snapshot.snapshot_id:
        raise HTTPException(422, "bad parameter: base must differ from the compared snapshot")
    try:
        base_snapshot = state.snapshots.get(base_id)
    except SnapshotNotFound as exc:
        raise HTTPException(404, f"unknown snapshot {base_id!r}; see /api/v1/snapshots") from exc
    except SnapshotError as exc:  # e.g. written by an older pipeline, without today's tables
        raise HTTPException(404, f"snapshot {base_id!r} cannot be compared: {exc}") from exc
    spec = base_snapshot.tables.get("fct_reorder_point") or {}
    base_file = str(base_snapshot.folder / str(spec.get("file", "fct_reorder_point.parquet")))
    args = [base_file, None if change == "any" else change, warehouse_id, like_pattern(q)]
    result = paged(snapshot, MATCHING, args, SORTS[sort], limit, offset)
    for row in result["data"]:
        row.pop("change_rank", None)
        row.pop("status_rank", None)
    summary = snapshot.query(SUMMARY, [base_file])
    transitions = [
        {"status_before": r["before"], "status_after": r["after"], "series": r["series"]}
        for r in summary
        if r["kind"] == "status"
    ]
    return cache.answer(
        {
            **result,
            "base": _side(base_snapshot),
            "current": _side(snapshot),
            "summary": {
                "by_change": {r["before"]: r["series"] for r in summary if r["kind"] == "change"},
                "status_transitions": transitions,
            },
        }
    )
