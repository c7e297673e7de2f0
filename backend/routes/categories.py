"""Item categories, for filters: every category of dim_item with its item and series counts."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from backend.deps import CacheDep, SnapshotDep
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
def list_categories(snapshot: SnapshotDep, cache: CacheDep) -> Response:
    if (hit := cache.hit()) is not None:
        return hit
    rows = snapshot.query(SQL)
    return cache.answer({"data": rows, "count": len(rows)})
