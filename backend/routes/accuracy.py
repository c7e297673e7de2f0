"""Forecast accuracy by model, demand class, warehouse or category; backtest and live."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from backend.deps import ID_PATTERN, CacheDep, OptionalId, SettingsDep, SnapshotDep
from backend.schemas import AccuracyAnswer

router = APIRouter(tags=["accuracy"])

GROUPS = {  # group name -> column expression (code, never user text)
    "model": "a.model",
    "demand_class": "a.demand_class",
    "warehouse": "a.warehouse_id",
    "category": "a.category",
    "model_version": "a.model_version",
}

SQL = """
with scoped as (
    select a.*, i.category
    from fct_forecast_accuracy a join dim_item i using (item_id)
    where ($1::varchar is null or a.model_version = $1)
      and ($2::varchar is null or a.source = $2)
      and ($3::varchar is null or a.warehouse_id = $3)
),
final as (
    select {group} as "group", a.source,
           count(*) as series,
           sum(a.n_points) as n_points,
           median(a.rmsse) as rmsse_median,
           avg(a.rmsse) as rmsse_mean,
           avg(a.rmsse_snaive) as rmsse_snaive_mean,
           avg(a.mae) as mae_mean,
           avg(a.rmse) as rmse_mean,
           avg(a.wape) as wape_mean,
           avg(a.bias) as bias_mean,
           avg(a.coverage80) as coverage80_mean,
           avg(a.coverage95) as coverage95_mean,
           avg(case when a.rmsse > $4 then 1.0 else 0.0 end) as degraded_share
    from scoped a
    group by all
)
select * from final order by "group", source
"""


@router.get(
    "/accuracy", response_model=AccuracyAnswer, summary="Backtest and live accuracy, grouped"
)
def get_accuracy(
    snapshot: SnapshotDep,
    cache: CacheDep,
    settings: SettingsDep,
    by: Literal["model", "demand_class", "warehouse", "category", "model_version"] = "model",
    source: Literal["backtest", "live"] | None = None,
    model_version: Annotated[
        str | None,
        Query(pattern=ID_PATTERN, description="default: the snapshot's current; 'all' for every"),
    ] = None,
    warehouse_id: OptionalId = None,
) -> Response:
    if (hit := cache.hit()) is not None:
        return hit
    threshold = settings.accuracy_degraded_rmsse
    version = model_version or snapshot.model_version
    if version == "all":
        version = None
    rows = snapshot.query(SQL.format(group=GROUPS[by]), [version, source, warehouse_id, threshold])
    return cache.answer(
        {
            "data": rows,
            "count": len(rows),
            "by": by,
            "model_version": version,
            "degraded_rmsse_threshold": threshold,
        }
    )
