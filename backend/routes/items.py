"""Spare parts: search by id or name, filters, pagination; one item with its series."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from backend.deps import (
    CacheDep,
    ItemId,
    Limit,
    Offset,
    OptionalId,
    SearchText,
    SnapshotDep,
    like_pattern,
    not_found,
    paged,
)
from backend.schemas import ItemAnswer, ItemPage

router = APIRouter(tags=["items"])

ITEM_COLUMNS = """
    i.item_id, i.item_name, i.category, i.unit, i.unit_cost, i.criticality,
    i.supplier_id, i.supplier_name, i.nominal_lead_time_days
"""
MATCHING_ITEMS = f"""
    select {ITEM_COLUMNS}
    from dim_item i
    where ($1::varchar is null
           or lower(i.item_id) like $1 escape '\\' or lower(i.item_name) like $1 escape '\\')
      and ($2::varchar is null or i.category = $2)
      and ($3::varchar is null or i.criticality = $3)
      and ($4::varchar is null or i.supplier_id = $4)
      and ($5::varchar is null or exists (
            select 1 from fct_reorder_point r
            where r.item_id = i.item_id and r.warehouse_id = $5))
"""

ITEM_SERIES = """
    select r.warehouse_id, w.name as warehouse_name, r.status, r.on_hand,
           r.reorder_point, r.safety_stock, r.suggested_order_qty, r.demand_class
    from fct_reorder_point r left join dim_warehouse w using (warehouse_id)
    where r.item_id = $1 order by r.warehouse_id
"""


@router.get("/items", response_model=ItemPage, summary="Spare parts, searchable and paginated")
def list_items(
    snapshot: SnapshotDep,
    cache: CacheDep,
    q: SearchText = None,
    category: Annotated[str | None, Query(max_length=100)] = None,
    criticality: Literal["A", "B", "C"] | None = None,
    supplier_id: OptionalId = None,
    warehouse_id: Annotated[
        OptionalId, Query(description="only items with a series in this warehouse")
    ] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Response:
    if (hit := cache.hit()) is not None:
        return hit
    args = [like_pattern(q), category, criticality, supplier_id, warehouse_id]
    return cache.answer(paged(snapshot, MATCHING_ITEMS, args, "item_id", limit, offset))


@router.get(
    "/items/{item_id}",
    response_model=ItemAnswer,
    summary="One spare part and its item x warehouse series",
)
def get_item(item_id: ItemId, snapshot: SnapshotDep, cache: CacheDep) -> Response:
    if (hit := cache.hit()) is not None:
        return hit
    rows = snapshot.query(f"select {ITEM_COLUMNS} from dim_item i where item_id = $1", [item_id])
    if not rows:
        raise not_found(f"unknown item {item_id!r}")
    series = snapshot.query(ITEM_SERIES, [item_id])
    return cache.answer({"data": {**rows[0], "warehouses": series}})
