"""Towers (sites) and the warehouse that supplies each."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
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
from backend.schemas import SitePage

router = APIRouter(tags=["sites"])

MATCHING_SITES = """
    select s.site_id, s.name, s.city, s.state, s.warehouse_id, s.sla_tier
    from dim_site s
    where ($1::varchar is null
           or lower(s.site_id) like $1 escape '\\' or lower(s.name) like $1 escape '\\'
           or lower(s.city) like $1 escape '\\')
      and ($2::varchar is null or s.warehouse_id = $2)
      and ($3::varchar is null or s.state = $3)
      and ($4::varchar is null or s.sla_tier = $4)
"""


@router.get("/sites", response_model=SitePage, summary="Towers, searchable and paginated")
def list_sites(
    snapshot: SnapshotDep,
    cache: CacheDep,
    q: SearchText = None,
    warehouse_id: OptionalId = None,
    state: Annotated[str | None, Query(pattern=r"^[A-Z]{2}$", description="UF")] = None,
    sla_tier: Annotated[str | None, Query(max_length=20)] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Response:
    if (hit := cache.hit()) is not None:
        return hit
    args = [like_pattern(q), warehouse_id, state, sla_tier]
    return cache.answer(paged(snapshot, MATCHING_SITES, args, "site_id", limit, offset))
