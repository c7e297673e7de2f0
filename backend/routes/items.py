"""Spare parts: search by id or name, filters, pagination; one item with its series (the item
page's other warehouses), a series' projected stock per day and its achieved service."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from backend.action_schemas import ProjectionAnswer, SeriesServiceAnswer
from backend.deps import (
    CacheDep,
    ItemId,
    Limit,
    Offset,
    OptionalId,
    SearchText,
    SnapshotDep,
    WarehouseId,
    like_pattern,
    not_found,
    paged,
)
from backend.schemas import ItemAnswer, ItemPage
from backend.snapshot import Snapshot

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
    select warehouse_id, warehouse_name, status, on_hand, reorder_point, safety_stock,
           suggested_order_qty, demand_class, unit, on_order, inventory_position, order_up_to,
           days_of_cover, excess_qty, order_now, next_receipt_date, next_receipt_qty,
           transfer_in_qty, transfer_out_qty, suggested_order_value_brl, inventory_value_brl
    from fct_reorder_list
    where item_id = $1 order by warehouse_id
"""
SERIES_LINE = """
    select r.item_id, r.warehouse_id, r.as_of_date, r.on_hand, r.safety_stock, r.reorder_point,
           r.order_up_to, r.projected_stockout_date, r.criticality, r.demand_class, i.unit
    from fct_reorder_point r join dim_item i using (item_id)
    where r.item_id = $1 and r.warehouse_id = $2
"""
POINTS = """
    select date, day_ahead, receipts, expected_demand, projected_stock
    from fct_projected_stock where item_id = $1 and warehouse_id = $2 order by date
"""
OPEN_ORDERS = """
    select po_id, order_date, expected_date, quantity, expected_date <= $3::date as is_late
    from fct_lead_time
    where item_id = $1 and warehouse_id = $2 and order_date <= $3::date
      and (received_date is null or received_date > $3::date)
    order by expected_date, po_id
"""
SERVICE = """
    select window_days, window_start, days_observed, stockout_days, days_in_stock,
           days_in_stock_share, issued_units, mean_daily_demand, estimated_unmet_units,
           fill_rate, target_service_level
    from fct_service_achieved where item_id = $1 and warehouse_id = $2 order by window_days
"""
SERVICE_CLASSES = """
    select * from fct_service_by_class
    where (class_kind = 'criticality' and class_name = $1)
       or (class_kind = 'demand_class' and class_name = $2)
    order by class_kind, window_days
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


def _series_line(snapshot: Snapshot, item_id: str, warehouse_id: str) -> dict:
    """The series' reorder line; 404 for an unknown item or series."""
    if snapshot.item(item_id) is None:
        raise not_found(f"unknown item {item_id!r}")
    found = snapshot.query(SERIES_LINE, [item_id, warehouse_id])
    if not found:
        raise not_found(f"item {item_id!r} has no series in warehouse {warehouse_id!r}")
    return found[0]


@router.get(
    "/items/{item_id}/warehouses/{warehouse_id}/projection",
    response_model=ProjectionAnswer,
    summary="Projected stock per day: on hand + open orders on their expected date - forecast",
)
def get_projection(
    item_id: ItemId, warehouse_id: WarehouseId, snapshot: SnapshotDep, cache: CacheDep
) -> Response:
    if (hit := cache.hit()) is not None:
        return hit
    line = _series_line(snapshot, item_id, warehouse_id)
    points = snapshot.query(POINTS, [item_id, warehouse_id])
    as_of = line["as_of_date"]
    shortfall = next((p["date"] for p in points if p["projected_stock"] <= 0), None)
    data = {
        **{k: line[k] for k in ("item_id", "warehouse_id", "unit", "as_of_date", "on_hand")},
        **{k: line[k] for k in ("safety_stock", "reorder_point", "order_up_to")},
        "horizon_days": max((p["day_ahead"] for p in points), default=0),
        "projected_stockout_date": line["projected_stockout_date"],
        "first_shortfall_date": shortfall,
        "points": points,
        "open_orders": snapshot.query(OPEN_ORDERS, [item_id, warehouse_id, as_of]),
    }
    return cache.answer({"data": data})


@router.get(
    "/items/{item_id}/warehouses/{warehouse_id}/service",
    response_model=SeriesServiceAnswer,
    summary="Achieved service (days in stock, fill rate) over 90 and 365 days, with its classes",
)
def get_service(
    item_id: ItemId, warehouse_id: WarehouseId, snapshot: SnapshotDep, cache: CacheDep
) -> Response:
    if (hit := cache.hit()) is not None:
        return hit
    line = _series_line(snapshot, item_id, warehouse_id)
    classes = [line["criticality"], line["demand_class"] or "unknown"]
    data = {
        "item_id": item_id,
        "warehouse_id": warehouse_id,
        "windows": snapshot.query(SERVICE, [item_id, warehouse_id]),
        "classes": snapshot.query(SERVICE_CLASSES, classes),
    }
    return cache.answer({"data": data})
