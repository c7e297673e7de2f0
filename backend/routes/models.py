"""ML export versions in the snapshot's forecasts, with the metadata the snapshot carries."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response

from backend.deps import CacheDep, SnapshotDep, cached
from backend.schemas import ModelPage

router = APIRouter(tags=["models"])

SQL = """
with versions as (
    select model_version, bool_or(is_current) as is_current,
           count(distinct (item_id, warehouse_id)) as series,
           min(date) as first_date, max(date) as last_date, count(*) as rows
    from fct_forecast group by model_version
),
chosen as (
    select model_version, model, count(distinct (item_id, warehouse_id)) as series
    from fct_forecast group by all
),
final as (
    select v.*, (
        select list({'model': c.model, 'series': c.series} order by c.series desc, c.model)
        from chosen c where c.model_version = v.model_version
    ) as models
    from versions v
)
select * from final order by model_version desc
"""


@router.get(
    "/models", response_model=ModelPage, summary="Model (ML export) versions and their metadata"
)
def list_models(snapshot: SnapshotDep, cache: CacheDep) -> Response:
    def compute() -> dict[str, Any]:
        lineage = snapshot.lineage
        rows = snapshot.query(SQL)
        for row in rows:
            current = row["model_version"] == snapshot.model_version
            # The manifest describes the current export only; older kept ones lack metadata.
            row["generated_at"] = lineage.get("model_generated_at") if current else None
            row["dataset_id"] = lineage.get("model_dataset_id") if current else None
            row["source"] = lineage.get("model_source") if current else None
        return {"data": rows, "count": len(rows)}

    return cached(cache, snapshot, "models", {}, compute)
