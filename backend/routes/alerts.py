"""Alerts a planner acts on: stockout, critical, below reorder point, accuracy degraded, stale
data and failed data-quality checks, with item and warehouse names. Sorted by severity, then by
value at stake; ``count`` is every alert matching the filters, pages by ``limit``/``offset``."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from backend.deps import CacheDep, Limit, Offset, OptionalId, SettingsDep, SnapshotDep
from backend.schemas import AlertPage
from backend.snapshot import Snapshot

router = APIRouter(tags=["alerts"])

AlertType = Literal[
    "stockout", "critical", "below_reorder_point", "accuracy_degraded", "stale_data",
    "data_quality",
]  # fmt: skip
Severity = Literal["high", "medium", "low"]
SEVERITY_RANK = {"high": 0, "medium": 1, "low": 2}
TYPE_RANK = {
    "stockout": 0, "stale_data": 1, "data_quality": 2, "critical": 3,
    "below_reorder_point": 4, "accuracy_degraded": 5,
}  # fmt: skip

NO_SERIES = {
    "item_id": None, "item_name": None, "unit": None, "warehouse_id": None,
    "warehouse_name": None,
}  # fmt: skip

SERIES_ALERTS = """
with stock as (
    select case status when 'stockout' then 'stockout' when 'critical' then 'critical'
                else 'below_reorder_point' end as type,
           case status when 'reorder' then 'medium' else 'high' end as severity,
           item_id, warehouse_id, on_hand as value, reorder_point as threshold,
           suggested_order_value_brl as value_brl,
           case status
               when 'stockout' then 'out of stock; suggested order ' || suggested_order_qty
               when 'critical' then 'on hand ' || round(on_hand, 1) || ' <= safety stock '
                                    || round(safety_stock, 1)
               else 'inventory position ' || round(inventory_position, 1)
                    || ' <= reorder point ' || round(reorder_point, 1)
           end as message
    from fct_reorder_point where status in ('stockout', 'critical', 'reorder')
),
accuracy as (
    select 'accuracy_degraded' as type, 'low' as severity, a.item_id, a.warehouse_id,
           a.rmsse as value, $2::double as threshold, r.suggested_order_value_brl as value_brl,
           a.source || ' RMSSE ' || round(a.rmsse, 2) || ' above ' || $2::double
               || ' (model ' || a.model || ')' as message
    from fct_forecast_accuracy a
    left join fct_reorder_point r using (item_id, warehouse_id)
    where a.model_version = $1 and a.rmsse > $2
),
named as (
    select * from stock union all select * from accuracy
),
final as (
    select a.type, a.severity, a.item_id, i.item_name, i.unit, a.warehouse_id,
           w.name as warehouse_name, a.value, a.threshold, a.value_brl, a.message
    from named a
    left join dim_item i using (item_id)
    left join dim_warehouse w using (warehouse_id)
)
select * from final
"""


def _snapshot_alerts(snapshot: Snapshot, stale_days: int, today: date) -> list[dict[str, Any]]:
    alerts = []
    as_of = snapshot.as_of_date
    if as_of is not None and (today - as_of).days > stale_days:
        alerts.append(
            {
                "type": "stale_data", "severity": "high", **NO_SERIES,
                "value": (today - as_of).days, "threshold": stale_days, "value_brl": None,
                "message": f"newest data is from {as_of}, {(today - as_of).days} days ago",
            }
        )  # fmt: skip
    if "data_quality" in snapshot.tables:
        for check in snapshot.query(
            "select * from data_quality where status <> 'ok' order by check_name"
        ):
            alerts.append(
                {
                    "type": "data_quality",
                    "severity": "high" if check["status"] == "fail" else "medium",
                    **NO_SERIES,
                    "value": check["value"], "threshold": check["threshold"], "value_brl": None,
                    "message": f"{check['check_name']} {check['status']}: {check['message']}",
                }
            )  # fmt: skip
    return alerts


@router.get(
    "/alerts",
    response_model=AlertPage,
    summary="Stock, accuracy, freshness and data-quality alerts",
)
def list_alerts(
    snapshot: SnapshotDep,
    cache: CacheDep,
    settings: SettingsDep,
    type: Annotated[AlertType | None, Query(description="only this kind")] = None,
    severity: Severity | None = None,
    warehouse_id: OptionalId = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Response:
    if (hit := cache.hit()) is not None:
        return hit
    threshold = settings.accuracy_degraded_rmsse
    rows = snapshot.query(SERIES_ALERTS, [snapshot.model_version or "", threshold])
    rows += _snapshot_alerts(snapshot, settings.stale_data_days, settings.today())
    rows = [
        r
        for r in rows
        if (type is None or r["type"] == type)
        and (severity is None or r["severity"] == severity)
        and (warehouse_id is None or r["warehouse_id"] == warehouse_id)
    ]
    rows.sort(
        key=lambda r: (
            SEVERITY_RANK[r["severity"]],
            TYPE_RANK[r["type"]],
            -(r["value_brl"] or 0.0),
            r["item_id"] or "",
            r["warehouse_id"] or "",
            r["type"],
        )
    )
    return cache.answer({"data": rows[offset : offset + limit], "count": len(rows)})
