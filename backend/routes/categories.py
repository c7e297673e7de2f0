"""Item categories, for filters: every category of dim_item with its item and series counts."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response

from backend.deps import CacheDep, SnapshotDep, cached
from backend.schemas import CategoryPage

router = APIRouter(tags=["items"])

SQL = """
with final as (
    select i.category, count(distinct i.item_id) as items, count(r.item_id) as series
    from dim_item i left join fct_reorder_point r using (item_id)
    where i.category is not null
    group by i.category
)
select * from final order by category
"""


@router.get("/categories", response_model=CategoryPage, summary="Item categories, all of them")
async def list_categories(snapshot: SnapshotDep, cache: CacheDep) -> Response:
    def compute() -> dict[str, Any]:
        rows = snapshot.query(SQL)
        return {"data": rows, "count": len(rows)}

    return await cached(cache, snapshot, "categories", {}, compute)
