"""Headline numbers: series by status, inventory value and value at risk (BRL), what to order
and transfer today, accuracy; achieved service per class."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from backend.action_schemas import ServiceClassPage
from backend.deps import CacheDep, OptionalId, SettingsDep, SnapshotDep
from backend.schemas import KpisAnswer

router = APIRouter(tags=["kpis"])

DEFINITIONS = {
    "inventory_value_brl": "on_hand x unit_cost over all series, BRL",
    "value_at_risk_brl": "value of the suggested orders of series in stockout or critical, BRL",
    "suggested_order_value_brl": "value of every suggested order, BRL",
    "excess_value_brl": "inventory value of series in excess, BRL",
    "degraded_share": "share of series whose RMSSE is above the degradation threshold",
    "order_now_lines": "lines with something to order whose order-by date is reached "
    "(/reorder?order_now=true)",
    "proposal_value_brl": "value of the purchase proposal (after transfers), BRL",
    "transfer_value_brl": "value of the suggested transfers into the warehouse(s), BRL",
}

ACTIONS_SQL = """
select (select count(*) from fct_reorder_list
        where order_now and ($1::varchar is null or warehouse_id = $1)) as order_now_lines,
       (select count(*) from fct_purchase_proposal
        where $1::varchar is null or warehouse_id = $1) as proposal_lines,
       (select coalesce(sum(value_brl), 0) from fct_purchase_proposal
        where $1::varchar is null or warehouse_id = $1) as proposal_value_brl,
       (select count(*) from fct_transfer_suggestion
        where $1::varchar is null or to_warehouse_id = $1) as transfer_lines,
       (select coalesce(sum(value_brl), 0) from fct_transfer_suggestion
        where $1::varchar is null or to_warehouse_id = $1) as transfer_value_brl
"""
SERVICE_SQL = """
select * from fct_service_by_class where $1::varchar is null or class_kind = $1
order by class_kind, class_name, window_days
"""

STATUS_SQL = """
select r.status, count(*) as series,
       coalesce(sum(r.inventory_value_brl), 0) as inventory_value_brl,
       coalesce(sum(r.suggested_order_value_brl), 0) as suggested_order_value_brl
from fct_reorder_point r
where $1::varchar is null or r.warehouse_id = $1
group by r.status
order by r.status
"""

ACCURACY_SQL = """
with current_accuracy as (
    select * from fct_forecast_accuracy
    where model_version = $1 and ($2::varchar is null or warehouse_id = $2)
),
final as (
    select source, count(*) as series,
           median(rmsse) as rmsse_median, avg(rmsse) as rmsse_mean,
           avg(wape) as wape_mean, avg(bias) as bias_mean,
           avg(coverage80) as coverage80_mean, avg(coverage95) as coverage95_mean,
           avg(case when rmsse > $3 then 1.0 else 0.0 end) as degraded_share
    from current_accuracy group by source
)
select * from final order by source
"""


def total(rows: list[dict], field: str, statuses: tuple[str, ...] | None = None) -> float:
    """The sum of a field over the status rows (of these statuses only, when given)."""
    return float(sum(r[field] for r in rows if statuses is None or r["status"] in statuses))


@router.get(
    "/kpis",
    response_model=KpisAnswer,
    summary="Counts by status, inventory value, value at risk, accuracy",
)
def get_kpis(
    snapshot: SnapshotDep,
    cache: CacheDep,
    settings: SettingsDep,
    warehouse_id: OptionalId = None,
) -> Response:
    if (hit := cache.hit()) is not None:
        return hit
    threshold = settings.accuracy_degraded_rmsse
    by_status = snapshot.query(STATUS_SQL, [warehouse_id])
    counts = {row["status"]: row["series"] for row in by_status}

    accuracy = snapshot.query(ACCURACY_SQL, [snapshot.model_version or "", warehouse_id, threshold])
    actions = snapshot.query(ACTIONS_SQL, [warehouse_id])[0]
    return cache.answer(
        {
            "data": {
                "as_of_date": snapshot.as_of_date,
                "warehouse_id": warehouse_id,
                "series": sum(counts.values()),
                "by_status": counts,
                "inventory_value_brl": total(by_status, "inventory_value_brl"),
                "suggested_order_value_brl": total(by_status, "suggested_order_value_brl"),
                "value_at_risk_brl": total(
                    by_status, "suggested_order_value_brl", ("stockout", "critical")
                ),
                "excess_value_brl": total(by_status, "inventory_value_brl", ("excess",)),
                **actions,
                "accuracy": {
                    "model_version": snapshot.model_version,
                    "degraded_rmsse_threshold": threshold,
                    "by_source": accuracy,
                },
                "definitions": DEFINITIONS,
            }
        }
    )


@router.get(
    "/kpis/service",
    response_model=ServiceClassPage,
    summary="Achieved service per criticality and demand class over 90 and 365 days",
)
def get_service_by_class(
    snapshot: SnapshotDep,
    cache: CacheDep,
    class_kind: Annotated[
        Literal["criticality", "demand_class"] | None, Query(description="only this grouping")
    ] = None,
) -> Response:
    if (hit := cache.hit()) is not None:
        return hit
    rows = snapshot.query(SERVICE_SQL, [class_kind])
    return cache.answer({"data": rows, "count": len(rows)})
