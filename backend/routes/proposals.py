"""Purchase proposals by supplier (gold's fct_purchase_proposal): JSON, CSV and .xlsx."""

from __future__ import annotations

from itertools import groupby
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response

from backend.action_schemas import ProposalPage
from backend.deps import ID_PATTERN, CachedAnswer, CacheDep, OptionalId, SnapshotDep, not_found
from backend.export import (
    XLSX_MEDIA_TYPE,
    Column,
    Lang,
    attachment,
    cached_bytes,
    csv_bytes,
    xlsx_bytes,
)
from backend.snapshot import Snapshot

router = APIRouter(tags=["proposals"])

# $1 warehouse, $2 supplier (null: all)
LINES = """
select p.*, s.min_order_value_brl
from fct_purchase_proposal p
left join dim_supplier s using (supplier_id)
where ($1::varchar is null or p.warehouse_id = $1)
  and ($2::varchar is null or p.supplier_id = $2)
order by p.supplier_id, p.order_by_date, p.value_brl desc, p.item_id, p.warehouse_id
"""

EXPORT_COLUMNS = (
    Column("supplier_id", "Código do fornecedor", "code", 12),
    Column("supplier_name", "Fornecedor", "text", 26),
    Column("item_id", "Código do item", "code", 14),
    Column("item_name", "Item", "text", 36),
    Column("warehouse_id", "CD", "code", 10),
    Column("warehouse_name", "Nome do CD", "text", 22),
    Column("unit", "Unidade", "text", 8),
    Column("order_qty", "Quantidade", "int"),
    Column("moq", "Pedido mínimo (qtd.)", "num"),
    Column("order_multiple", "Múltiplo de compra", "num"),
    Column("unit_cost", "Custo unitário (R$)", "brl", 14),
    Column("value_brl", "Valor (R$)", "brl", 16),
    Column("order_by_date", "Pedir até", "date"),
    Column("expected_arrival_date", "Chegada prevista", "date"),
    Column("reason_code", "Motivo", "label", 26),
    Column("status", "Situação", "label", 12),
    Column("transfer_in_qty", "Chega por transferência", "int"),
    Column("on_hand", "Em estoque", "num"),
    Column("on_order", "Em pedido", "num"),
    Column("reorder_point", "Ponto de pedido", "num"),
    Column("as_of_date", "Data dos dados", "date"),
)


def proposal_lines(
    snapshot: Snapshot, warehouse_id: str | None, supplier_id: str | None
) -> list[dict[str, Any]]:
    return snapshot.query(LINES, [warehouse_id, supplier_id])


def _supplier(lines: list[dict[str, Any]]) -> dict[str, Any]:
    minimum = lines[0].pop("min_order_value_brl")
    for line in lines[1:]:
        line.pop("min_order_value_brl")
    value = round(sum(line["value_brl"] for line in lines), 2)
    shortfall = max(0.0, round((minimum or 0.0) - value, 2))
    return {
        "supplier_id": lines[0]["supplier_id"],
        "supplier_name": lines[0]["supplier_name"],
        "line_count": len(lines),
        "value_brl": value,
        "earliest_order_by_date": min(line["order_by_date"] for line in lines),
        "first_expected_arrival_date": min(line["expected_arrival_date"] for line in lines),
        "last_expected_arrival_date": max(line["expected_arrival_date"] for line in lines),
        "min_order_value_brl": minimum,
        "meets_min_order_value": shortfall == 0,
        "min_order_shortfall_brl": shortfall,
        "lines": lines,
    }


@router.get(
    "/proposals",
    response_model=ProposalPage,
    summary="What to order now, grouped by supplier: lines, totals, earliest order-by date, "
    "the supplier's minimum order value",
)
def list_proposals(
    snapshot: SnapshotDep,
    cache: CacheDep,
    warehouse_id: OptionalId = None,
    supplier_id: OptionalId = None,
) -> Response:
    if (hit := cache.hit()) is not None:
        return hit
    lines = proposal_lines(snapshot, warehouse_id, supplier_id)
    suppliers = [
        _supplier(list(group)) for _, group in groupby(lines, key=lambda r: r["supplier_id"])
    ]
    suppliers.sort(key=lambda s: (s["earliest_order_by_date"], -s["value_brl"], s["supplier_id"]))
    totals = {
        "suppliers": len(suppliers),
        "lines": len(lines),
        "value_brl": round(sum(s["value_brl"] for s in suppliers), 2),
    }
    return cache.answer(
        {
            "data": suppliers,
            "count": len(suppliers),
            "totals": totals,
            "as_of_date": snapshot.as_of_date,
        }
    )


def _xlsx(
    snapshot: Snapshot, cache: CachedAnswer, supplier_id: str | None, warehouse_id: str | None
) -> Response:
    def build() -> bytes:
        lines = proposal_lines(snapshot, warehouse_id, supplier_id)
        if supplier_id is not None and not lines and not _known_supplier(snapshot, supplier_id):
            raise not_found(f"unknown supplier {supplier_id!r}")
        return xlsx_bytes("Pedido sugerido", EXPORT_COLUMNS, lines, totals=("value_brl",))

    body = cached_bytes(cache, build)
    name = f"pedido_{supplier_id or 'todos'}_{snapshot.snapshot_id}.xlsx"
    return Response(**attachment(body, name, XLSX_MEDIA_TYPE, snapshot.snapshot_id))


def _known_supplier(snapshot: Snapshot, supplier_id: str) -> bool:
    rows = snapshot.query("select 1 from dim_supplier where supplier_id = $1", [supplier_id])
    return bool(rows)


XLSX = {200: {"content": {XLSX_MEDIA_TYPE: {}}}}


@router.get(
    "/proposals.xlsx",
    summary="Every proposal line (or one supplier's) as an Excel file",
    response_class=Response,
    responses=XLSX,
)
def proposals_xlsx(
    snapshot: SnapshotDep,
    cache: CacheDep,
    warehouse_id: OptionalId = None,
    supplier_id: OptionalId = None,
) -> Response:
    return _xlsx(snapshot, cache, supplier_id, warehouse_id)


@router.get(
    "/proposals/{supplier_id}.xlsx",
    summary="One supplier's proposal as an Excel file: pt-BR headers, item codes as text",
    response_class=Response,
    responses=XLSX,
)
def supplier_proposal_xlsx(
    supplier_id: Annotated[str, Path(pattern=ID_PATTERN, description="supplier id, e.g. F24605")],
    snapshot: SnapshotDep,
    cache: CacheDep,
    warehouse_id: OptionalId = None,
) -> Response:
    return _xlsx(snapshot, cache, supplier_id, warehouse_id)


@router.get(
    "/proposals.csv",
    summary="Every proposal line as CSV (pt-BR by default; lang=en for scripts)",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}},
)
def proposals_csv(
    snapshot: SnapshotDep,
    cache: CacheDep,
    warehouse_id: OptionalId = None,
    supplier_id: OptionalId = None,
    lang: Annotated[Lang, Query(description="pt-BR: for planners; en: for scripts")] = "pt-BR",
    sep: Annotated[Literal[",", ";"] | None, Query(description="field separator")] = None,
) -> Response:
    body = cached_bytes(
        cache,
        lambda: csv_bytes(
            EXPORT_COLUMNS, proposal_lines(snapshot, warehouse_id, supplier_id), lang, sep
        ),
    )
    name = f"pedidos_{snapshot.snapshot_id}.csv"
    return Response(**attachment(body, name, "text/csv; charset=utf-8", snapshot.snapshot_id))
