"""The reorder list: every input of the SS/ROP formula per item x warehouse; JSON or CSV."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.responses import Response

from backend.deps import (
    CacheDep,
    Limit,
    Offset,
    OptionalId,
    SearchText,
    SnapshotDep,
    like_pattern,
    paged,
)
from backend.schemas import ReorderPage
from backend.snapshot import REORDER_STATUSES

router = APIRouter(tags=["reorder"])

STATUSES = REORDER_STATUSES
# sort name -> order by clause (code, never user text)
SORTS = {
    "priority": "priority_rank, suggested_order_value_brl desc nulls last, item_id, warehouse_id",
    "item_id": "item_id, warehouse_id",
    "warehouse_id": "warehouse_id, item_id",
    "days_of_cover": "days_of_cover asc nulls last, item_id, warehouse_id",
    "projected_stockout_date": "projected_stockout_date asc nulls last, item_id, warehouse_id",
    "suggested_order_qty": "suggested_order_qty desc nulls last, item_id, warehouse_id",
    "suggested_order_value_brl": "suggested_order_value_brl desc nulls last, item_id, warehouse_id",
    "inventory_value_brl": "inventory_value_brl desc nulls last, item_id, warehouse_id",
}
Sort = Literal[
    "priority",
    "item_id",
    "warehouse_id",
    "days_of_cover",
    "projected_stockout_date",
    "suggested_order_qty",
    "suggested_order_value_brl",
    "inventory_value_brl",
]

MATCHING = """
    select * from reorder_list r
    where (len($1::varchar[]) = 0 or r.status = any($1::varchar[]))
      and ($2::varchar is null or r.warehouse_id = $2)
      and ($3::varchar is null or r.category = $3)
      and ($4::varchar is null or r.criticality = $4)
      and ($5::varchar is null or r.demand_class = $5)
      and ($6::varchar is null
           or lower(r.item_id) like $6 escape '\\' or lower(r.item_name) like $6 escape '\\')
"""


@dataclass(frozen=True)
class ReorderFilters:
    args: list[Any]
    order_by: str


def reorder_filters(
    status: Annotated[
        str | None,
        Query(
            max_length=200,
            description="comma-separated: " + ", ".join(STATUSES),
            examples=["stockout,critical,reorder"],
        ),
    ] = None,
    warehouse_id: OptionalId = None,
    category: Annotated[str | None, Query(max_length=100)] = None,
    criticality: Literal["A", "B", "C"] | None = None,
    demand_class: Literal["smooth", "erratic", "intermittent", "lumpy"] | None = None,
    q: SearchText = None,
    sort: Sort = "priority",
    order: Annotated[
        Literal["asc", "desc"] | None, Query(description="reverse the sort with desc/asc")
    ] = None,
) -> ReorderFilters:
    statuses = sorted({s.strip() for s in (status or "").split(",") if s.strip()})
    unknown = [s for s in statuses if s not in STATUSES]
    if unknown:
        raise HTTPException(
            422, f"bad parameter: status {unknown} not one of {', '.join(STATUSES)}"
        )
    order_by = SORTS[sort]
    if order is not None:
        head, _, tail = order_by.partition(",")
        head = head.replace(" desc", "").replace(" asc", "").replace(" nulls last", "")
        order_by = f"{head} {order} nulls last" + (f",{tail}" if tail else "")
    args = [statuses, warehouse_id, category, criticality, demand_class, like_pattern(q)]
    return ReorderFilters(args, order_by)


FiltersDep = Annotated[ReorderFilters, Depends(reorder_filters)]


@router.get(
    "/reorder", response_model=ReorderPage, summary="Reorder list with filters, sort and pagination"
)
def list_reorder(
    snapshot: SnapshotDep,
    cache: CacheDep,
    filters: FiltersDep,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Response:
    if (hit := cache.hit()) is not None:
        return hit
    result = paged(snapshot, MATCHING, filters.args, filters.order_by, limit, offset)
    for row in result["data"]:
        row.pop("priority_rank", None)
    return cache.answer(result)


CSV_COLUMNS = (
    "item_id", "item_name", "warehouse_id", "warehouse_name", "category", "criticality",
    "status", "demand_class", "on_hand", "on_order", "inventory_position", "safety_stock",
    "reorder_point", "order_up_to", "suggested_order_qty", "unit", "unit_cost",
    "suggested_order_value_brl", "days_of_cover", "projected_stockout_date", "order_by_date",
    "lead_time_days", "lead_time_source", "service_level", "daily_demand", "demand_source",
    "as_of_date",
)  # fmt: skip


def _cell(value: Any, decimal: str) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return ""
        text = f"{value:.4f}".rstrip("0").rstrip(".")
        return text.replace(".", decimal)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


@router.get(
    "/reorder.csv",
    summary="The reorder list as CSV (excel=true: ';' and decimal comma, for Excel pt-BR)",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}},
)
def reorder_csv(
    snapshot: SnapshotDep,
    filters: FiltersDep,
    sep: Annotated[Literal[",", ";"], Query(description="field separator")] = ",",
    decimal: Annotated[Literal[".", ","], Query(description="decimal separator")] = ".",
    excel: Annotated[bool, Query(description="pt-BR Excel: sep ';', decimal ',', BOM")] = False,
) -> Response:
    if excel:
        sep, decimal = ";", ","
    if sep == decimal:
        raise HTTPException(422, "bad parameter: sep and decimal must differ")
    rows = snapshot.query(
        f"select * from ({MATCHING}) as m order by {filters.order_by}", filters.args
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=sep, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow([_cell(row.get(column), decimal) for column in CSV_COLUMNS])
    body = ("\ufeff" if excel else "") + buffer.getvalue()
    filename = f"reorder_{snapshot.snapshot_id}.csv"
    return Response(
        body.encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "X-Snapshot-Id": snapshot.snapshot_id,
        },
    )
