"""Regional warehouses (CDs), with their series counts by reorder status."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from backend.deps import (
    CacheDep,
    Limit,
    Offset,
    SearchText,
    SnapshotDep,
    WarehouseId,
    like_pattern,
    not_found,
    paged,
)
from backend.schemas import WarehouseAnswer, WarehousePage

router = APIRouter(tags=["warehouses"])

MATCHING_WAREHOUSES = """
    select w.warehouse_id, w.name, w.city, w.state, w.region,
           count(r.item_id) as n_series,
           count(r.item_id) filter (where r.status in ('stockout', 'critical', 'reorder'))
               as n_to_reorder,
           coalesce(sum(r.inventory_value_brl), 0) as inventory_value_brl
    from dim_warehouse w left join fct_reorder_point r using (warehouse_id)
    where ($1::varchar is null
           or lower(w.warehouse_id) like $1 escape '\\' or lower(w.name) like $1 escape '\\'
           or lower(w.city) like $1 escape '\\')
      and ($2::varchar is null or w.region = $2)
      and ($3::varchar is null or w.state = $3)
    group by all
"""


@router.get(
    "/warehouses", response_model=WarehousePage, summary="Warehouses, searchable and paginated"
)
def list_warehouses(
    snapshot: SnapshotDep,
    cache: CacheDep,
    q: SearchText = None,
    region: Literal["N", "NE", "CO", "SE", "S"] | None = None,
    state: Annotated[str | None, Query(pattern=r"^[A-Z]{2}$", description="UF")] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Response:
    if (hit := cache.hit()) is not None:
        return hit
    args = [like_pattern(q), region, state]
    return cache.answer(paged(snapshot, MATCHING_WAREHOUSES, args, "warehouse_id", limit, offset))


@router.get("/warehouses/{warehouse_id}", response_model=WarehouseAnswer, summary="One warehouse")
def get_warehouse(warehouse_id: WarehouseId, snapshot: SnapshotDep, cache: CacheDep) -> Response:
    if (hit := cache.hit()) is not None:
        return hit
    rows = snapshot.query("select * from dim_warehouse where warehouse_id = $1", [warehouse_id])
    if not rows:
        raise not_found(f"unknown warehouse {warehouse_id!r}")
    return cache.answer({"data": rows[0]})
