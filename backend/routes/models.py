"""ML export versions in the snapshot's forecasts, with the metadata the snapshot carries."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response

from backend.deps import CacheDep, SnapshotDep
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


METADATA = ("generated_at", "dataset_id", "source", "code_version", "horizon_days")


def model_exports(lineage: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Metadata per kept export version, from the snapshot manifest's lineage.

    Snapshots from before ``model_exports`` was recorded describe the current export only.
    """
    entries = lineage.get("model_exports")
    if isinstance(entries, list):
        return {
            e["model_version"]: {name: e.get(name) for name in METADATA}
            for e in entries
            if isinstance(e, dict) and isinstance(e.get("model_version"), str)
        }
    version = lineage.get("model_version")
    if not isinstance(version, str):
        return {}
    return {
        version: {
            "generated_at": lineage.get("model_generated_at"),
            "dataset_id": lineage.get("model_dataset_id"),
            "source": lineage.get("model_source"),
        }
    }


@router.get(
    "/models", response_model=ModelPage, summary="Model (ML export) versions and their metadata"
)
def list_models(snapshot: SnapshotDep, cache: CacheDep) -> Response:
    if (hit := cache.hit()) is not None:
        return hit
    described = model_exports(snapshot.lineage)
    rows = snapshot.query(SQL)
    for row in rows:
        row.update(described.get(row["model_version"], {}))
        for name in METADATA:
            row.setdefault(name, None)
    return cache.answer({"data": rows, "count": len(rows)})
