"""/api/v1/changes: what changed between the current snapshot and a previous one.

Expected numbers come from both snapshots' Parquet files read with an independent DuckDB
connection (``Gold``), never through the API's code.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from backend.routes.changes import ChangePage
from tests.backend.conftest import Lake

FIELDS = "item_id, warehouse_id, status, reorder_point, daily_demand"


def expected_changes(lake: Lake) -> dict[tuple[str, str], dict[str, Any]]:
    before = {(r["item_id"], r["warehouse_id"]): r for r in lake.first.sql(
        f"select {FIELDS} from fct_reorder_point"
    )}  # fmt: skip
    after = {(r["item_id"], r["warehouse_id"]): r for r in lake.second.sql(
        f"select {FIELDS} from fct_reorder_point"
    )}  # fmt: skip
    changed = {}
    for key in before.keys() | after.keys():
        b, a = before.get(key), after.get(key)
        if (
            b is None
            or a is None
            or (
                b["status"] != a["status"]
                or round(b["reorder_point"], 6) != round(a["reorder_point"], 6)
                or round(b["daily_demand"], 6) != round(a["daily_demand"], 6)
            )
        ):
            changed[key] = {"before": b, "after": a}
    return changed


def all_rows(client: TestClient, **params: Any) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    while True:
        answer = client.get("/api/v1/changes", params={**params, "limit": 50, "offset": len(rows)})
        assert answer.status_code == 200, answer.text
        page = answer.json()
        rows += page["data"]
        if len(rows) >= page["count"]:
            return rows


def test_default_base_is_the_previous_snapshot(client: TestClient, lake: Lake) -> None:
    answer = client.get("/api/v1/changes")
    assert answer.status_code == 200, answer.text
    body = ChangePage.model_validate(answer.json())
    assert body.base.snapshot_id == lake.first.snapshot_id
    assert body.current.snapshot_id == lake.second.snapshot_id
    assert body.snapshot_id == lake.second.snapshot_id
    assert answer.headers["X-Snapshot-Id"] == lake.second.snapshot_id


def test_every_changed_series_with_its_numbers(client: TestClient, lake: Lake) -> None:
    expected = expected_changes(lake)
    assert expected, "the ML export between the two snapshots must change some series"
    rows = all_rows(client)
    assert {(r["item_id"], r["warehouse_id"]) for r in rows} == set(expected)
    for row in rows:
        sides = expected[(row["item_id"], row["warehouse_id"])]
        before, after = sides["before"], sides["after"]
        assert row["status_before"] == before["status"]
        assert row["status_after"] == after["status"]
        assert row["reorder_point_before"] == pytest.approx(before["reorder_point"])
        assert row["reorder_point_after"] == pytest.approx(after["reorder_point"])
        assert row["reorder_point_delta"] == pytest.approx(
            after["reorder_point"] - before["reorder_point"], abs=1e-9
        )
        kind = "status" if before["status"] != after["status"] else None
        if kind:
            assert row["change"] == "status"
        assert row["item_name"]  # names for display


def test_status_transitions_add_up(client: TestClient, lake: Lake) -> None:
    expected = expected_changes(lake)
    moved: dict[tuple[str, str], int] = {}
    for sides in expected.values():
        b, a = sides["before"]["status"], sides["after"]["status"]
        if b != a:
            moved[(b, a)] = moved.get((b, a), 0) + 1
    summary = client.get("/api/v1/changes").json()["summary"]
    got = {
        (t["status_before"], t["status_after"]): t["series"] for t in summary["status_transitions"]
    }
    assert got == moved
    assert sum(summary["by_change"].values()) == len(expected)
    status_rows = all_rows(client, change="status")
    assert len(status_rows) == sum(moved.values())
    assert all(r["status_before"] != r["status_after"] for r in status_rows)


def test_filters_and_sort(client: TestClient, lake: Lake) -> None:
    rows = all_rows(client, change="reorder_point", sort="reorder_point_delta")
    deltas = [abs(r["reorder_point_delta"]) for r in rows]
    assert deltas == sorted(deltas, reverse=True)
    assert all(round(r["reorder_point_delta"], 6) != 0 for r in rows)
    warehouse = rows[0]["warehouse_id"]
    only = all_rows(client, warehouse_id=warehouse)
    assert only and all(r["warehouse_id"] == warehouse for r in only)


def test_explicit_base_and_bad_ones(client: TestClient, lake: Lake) -> None:
    same = client.get("/api/v1/changes", params={"base": lake.first.snapshot_id})
    assert same.status_code == 200
    assert same.json()["count"] == client.get("/api/v1/changes").json()["count"]
    missing = client.get("/api/v1/changes", params={"base": "no_such_snapshot"})
    assert missing.status_code == 404
    assert "unknown snapshot" in missing.json()["error"]["message"]
    itself = client.get("/api/v1/changes", params={"base": lake.second.snapshot_id})
    assert itself.status_code == 422
    injected = client.get("/api/v1/changes", params={"base": "x'; drop table t; --"})
    assert injected.status_code == 422


def test_oldest_snapshot_has_nothing_to_compare_with(client: TestClient, lake: Lake) -> None:
    answer = client.get("/api/v1/changes", params={"snapshot": lake.first.snapshot_id})
    assert answer.status_code == 404
    assert "no previous snapshot" in answer.json()["error"]["message"]
