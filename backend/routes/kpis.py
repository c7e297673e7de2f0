"""Headline numbers: series by status, inventory value and value at risk (BRL), accuracy."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from backend.deps import CacheDep, OptionalId, SettingsDep, SnapshotDep
from backend.schemas import KpisAnswer

router = APIRouter(tags=["kpis"])

DEFINITIONS = {
    "inventory_value_brl": "on_hand x unit_cost over all series, BRL",
    "value_at_risk_brl": "value of the suggested orders of series in stockout or critical, BRL",
    "suggested_order_value_brl": "value of every suggested order, BRL",
    "excess_value_brl": "inventory value of series in excess, BRL",
    "degraded_share": "share of series whose RMSSE is above the degradation threshold",
}

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
                "accuracy": {
                    "model_version": snapshot.model_version,
                    "degraded_rmsse_threshold": threshold,
                    "by_source": accuracy,
                },
                "definitions": DEFINITIONS,
            }
        }
    )
