"""One list of reorder statuses: the backend's copy is gold's, in gold's precedence order."""

from __future__ import annotations

from backend.snapshot import REORDER_STATUSES
from pipeline.gold.tables import STATUSES


def test_the_backend_statuses_are_golds() -> None:
    assert REORDER_STATUSES == STATUSES


def test_the_worklist_ranks_by_golds_urgency(client, lake) -> None:
    rows = client.get("/api/v1/reorder", params={"limit": 1000}).json()["data"]
    ranks = lake.second.sql("select item_id, warehouse_id, status_rank from fct_reorder_list")
    expected = {(r["item_id"], r["warehouse_id"]): r["status_rank"] for r in ranks}
    assert [r["priority_rank"] for r in rows] == list(range(1, len(rows) + 1))
    assert [r["status_rank"] for r in rows] == sorted(r["status_rank"] for r in rows)
    assert all(r["status_rank"] == expected[r["item_id"], r["warehouse_id"]] for r in rows)
