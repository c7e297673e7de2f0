"""Transfer suggestions between warehouses (gold's fct_transfer_suggestion), with names."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from backend.action_schemas import TransferPage
from backend.deps import CacheDep, Limit, Offset, OptionalId, SearchText, SnapshotDep, like_pattern

router = APIRouter(tags=["transfers"])

# $1 either warehouse, $2 origin, $3 destination, $4 search in item id and name
MATCHING = """
select t.*, i.item_name, i.unit, f.name as from_warehouse_name, d.name as to_warehouse_name
from fct_transfer_suggestion t
join dim_item i using (item_id)
left join dim_warehouse f on f.warehouse_id = t.from_warehouse_id
left join dim_warehouse d on d.warehouse_id = t.to_warehouse_id
where ($1::varchar is null or $1 in (t.from_warehouse_id, t.to_warehouse_id))
  and ($2::varchar is null or t.from_warehouse_id = $2)
  and ($3::varchar is null or t.to_warehouse_id = $3)
  and ($4::varchar is null
       or lower(t.item_id) like $4 escape '\\' or lower(i.item_name) like $4 escape '\\')
"""
ORDER = "days_saved * value_brl desc, item_id, from_warehouse_id, to_warehouse_id"


@router.get(
    "/transfers",
    response_model=TransferPage,
    summary="Transfers that cover a short warehouse from another's excess sooner than buying",
)
def list_transfers(
    snapshot: SnapshotDep,
    cache: CacheDep,
    warehouse_id: OptionalId = None,
    from_warehouse_id: OptionalId = None,
    to_warehouse_id: OptionalId = None,
    q: SearchText = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Response:
    if (hit := cache.hit()) is not None:
        return hit
    args = [warehouse_id, from_warehouse_id, to_warehouse_id, like_pattern(q)]
    totals = snapshot.query(
        f"select count(*) as lines, coalesce(sum(value_brl), 0) as value_brl from ({MATCHING})",
        args,
    )[0]
    rows = snapshot.query(
        f"select * from ({MATCHING}) order by {ORDER} limit ${len(args) + 1} "
        f"offset ${len(args) + 2}",
        [*args, limit, offset],
    )
    return cache.answer({"data": rows, "count": totals["lines"], "totals": totals})
