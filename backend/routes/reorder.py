"""The worklist: gold's ranked reorder list (``fct_reorder_list``) with every input of the
SS/ROP formula per item x warehouse; JSON, CSV (pt-BR by default) or .xlsx (backend/export.py)."""

from __future__ import annotations

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
from backend.export import (
    XLSX_MEDIA_TYPE,
    Column,
    Lang,
    attachment,
    cached_bytes,
    csv_bytes,
    xlsx_bytes,
)
from backend.schemas import ReorderPage
from backend.snapshot import REORDER_STATUSES

router = APIRouter(tags=["reorder"])

STATUSES = REORDER_STATUSES
# sort name -> order by clause (code, never user text); priority is gold's rank
SORTS = {
    "priority": "priority_rank",
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
    select * from fct_reorder_list r
    where (len($1::varchar[]) = 0 or r.status = any($1::varchar[]))
      and ($2::varchar is null or r.warehouse_id = $2)
      and ($3::varchar is null or r.category = $3)
      and ($4::varchar is null or r.criticality = $4)
      and ($5::varchar is null or r.demand_class = $5)
      and ($6::varchar is null
           or lower(r.item_id) like $6 escape '\\' or lower(r.item_name) like $6 escape '\\')
      and ($7::varchar is null or r.supplier_id = $7)
      and ($8::boolean is null or r.order_now = $8)
"""
TOTALS = f"""
select count(*) as lines,
       coalesce(sum(suggested_order_value_brl), 0) as suggested_order_value_brl,
       coalesce(sum(inventory_value_brl), 0) as inventory_value_brl,
       coalesce(sum(proposal_value_brl), 0) as proposal_value_brl
from ({MATCHING}) as m
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
    supplier_id: OptionalId = None,
    order_now: Annotated[
        bool | None,
        Query(description="only lines with something to order whose order-by date is reached"),
    ] = None,
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
    args += [supplier_id, order_now]
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
    result["totals"] = snapshot.query(TOTALS, filters.args)[0]
    return cache.answer(result)


# The worklist's export columns, in the order a planner reads them (pt-BR headers).
EXPORT_COLUMNS = (
    Column("priority_rank", "Prioridade", "int", 10),
    Column("item_id", "Código do item", "code", 14),
    Column("item_name", "Item", "text", 36),
    Column("warehouse_id", "CD", "code", 10),
    Column("warehouse_name", "Nome do CD", "text", 22),
    Column("supplier_id", "Código do fornecedor", "code", 12),
    Column("supplier_name", "Fornecedor", "text", 26),
    Column("category", "Categoria", "text", 16),
    Column("criticality", "Criticidade", "text", 10),
    Column("status", "Situação", "label", 14),
    Column("order_now", "Pedir hoje", "bool", 10),
    Column("demand_class", "Classe de demanda", "label", 14),
    Column("unit", "Unidade", "text", 8),
    Column("on_hand", "Em estoque", "num"),
    Column("on_order", "Em pedido", "num"),
    Column("next_receipt_date", "Próxima chegada", "date"),
    Column("next_receipt_qty", "Qtd. na próxima chegada", "num"),
    Column("inventory_position", "Posição de estoque", "num"),
    Column("safety_stock", "Estoque de segurança", "num"),
    Column("reorder_point", "Ponto de pedido", "num"),
    Column("order_up_to", "Nível máximo", "num"),
    Column("suggested_order_qty", "Qtd. sugerida", "int"),
    Column("transfer_in_qty", "Chega por transferência", "int"),
    Column("proposal_qty", "Qtd. a comprar", "int"),
    Column("moq", "Pedido mínimo (qtd.)", "num"),
    Column("order_multiple", "Múltiplo de compra", "num"),
    Column("unit_cost", "Custo unitário (R$)", "brl", 14),
    Column("suggested_order_value_brl", "Valor sugerido (R$)", "brl", 16),
    Column("inventory_value_brl", "Valor em estoque (R$)", "brl", 16),
    Column("days_of_cover", "Dias de cobertura", "num"),
    Column("projected_stockout_date", "Ruptura prevista", "date"),
    Column("order_by_date", "Pedir até", "date"),
    Column("lead_time_days", "Prazo de entrega (dias)", "num"),
    Column("lead_time_source", "Origem do prazo", "label", 16),
    Column("service_level", "Nível de serviço alvo", "share"),
    Column("daily_demand", "Demanda diária", "num"),
    Column("as_of_date", "Data dos dados", "date"),
)


def _export_rows(snapshot: SnapshotDep, filters: ReorderFilters) -> list[dict[str, Any]]:
    return snapshot.query(
        f"select * from ({MATCHING}) as m order by {filters.order_by}", filters.args
    )


@router.get(
    "/reorder.csv",
    summary="The worklist as CSV: pt-BR by default (';', decimal comma, BOM, pt-BR headers and "
    "values); lang=en for field names and raw values",
    description="Item codes are written exactly as the ERP has them, with nothing added (no "
    "apostrophe, formula or invisible character, which would change the value for every other "
    "program). Excel reads a code of digits opened by double-click as a number: for Excel use "
    "/reorder.xlsx, whose codes are text cells.",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}},
)
def reorder_csv(
    snapshot: SnapshotDep,
    cache: CacheDep,
    filters: FiltersDep,
    lang: Annotated[Lang, Query(description="pt-BR: for planners; en: for scripts")] = "pt-BR",
    sep: Annotated[Literal[",", ";"] | None, Query(description="field separator")] = None,
    decimal: Annotated[Literal[".", ","] | None, Query(description="decimal separator")] = None,
    excel: Annotated[bool, Query(description="pt-BR Excel: sep ';', decimal ',', BOM")] = False,
) -> Response:
    if excel:
        sep, decimal = ";", ","
    sep = sep or (";" if lang == "pt-BR" else ",")
    decimal = decimal or ("," if sep == ";" else ".")
    if sep == decimal:
        raise HTTPException(422, "bad parameter: sep and decimal must differ")
    body = cached_bytes(
        cache,
        lambda: csv_bytes(EXPORT_COLUMNS, _export_rows(snapshot, filters), lang, sep, decimal),
    )
    filename = f"reposicao_{snapshot.snapshot_id}.csv"
    return Response(**attachment(body, filename, "text/csv; charset=utf-8", snapshot.snapshot_id))


@router.get(
    "/reorder.xlsx",
    summary="The worklist as an Excel file: pt-BR headers, item codes as text, BRL and dates",
    response_class=Response,
    responses={200: {"content": {XLSX_MEDIA_TYPE: {}}}},
)
def reorder_xlsx(snapshot: SnapshotDep, cache: CacheDep, filters: FiltersDep) -> Response:
    body = cached_bytes(
        cache, lambda: xlsx_bytes("Reposição", EXPORT_COLUMNS, _export_rows(snapshot, filters))
    )
    filename = f"reposicao_{snapshot.snapshot_id}.xlsx"
    return Response(**attachment(body, filename, XLSX_MEDIA_TYPE, snapshot.snapshot_id))
