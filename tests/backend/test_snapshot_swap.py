"""Following _CURRENT: swap under load, refuse a broken snapshot, ready only once loaded."""

from __future__ import annotations

import json
import random
import shutil
import threading
from pathlib import Path

import pytest

from storage import open_storage
from tests.backend.conftest import Lake, make_client
from tests.factories import wait_until

pytestmark = pytest.mark.slow


def _point_at(root: Path, snapshot_id: str, template: dict) -> None:
    """Commit as the pipeline does: replace gold/_CURRENT atomically."""
    folder = root / "gold" / "snapshots" / snapshot_id
    lineage = (
        json.loads((folder / "_manifest.json").read_text())["lineage"] if folder.is_dir() else {}
    )
    pointer = {
        **template,
        "snapshot_id": snapshot_id,
        "model_version": lineage.get("model_version"),
    }
    open_storage(str(root)).put_atomic("gold/_CURRENT", json.dumps(pointer).encode())


def _expected(lake: Lake) -> dict[str, dict]:
    """Per snapshot, independently: status counts, the first reorder page, forecast presence."""
    out = {}
    for gold in (lake.first, lake.second):
        counts = {
            r["status"]: r["n"]
            for r in gold.sql("select status, count(*) as n from fct_reorder_point group by 1")
        }
        value = gold.one("select sum(inventory_value_brl) from fct_reorder_point")
        out[gold.snapshot_id] = {"by_status": counts, "value": value}
    return out


def test_swap_under_concurrent_requests_every_answer_from_exactly_one_snapshot(
    lake, tmp_path
) -> None:
    root = lake.copy(tmp_path / "lake")
    template = lake.pointer()
    first, second = lake.first.snapshot_id, lake.second.snapshot_id
    _point_at(root, first, template)
    expected = _expected(lake)
    pair = lake.second.sql("select item_id, warehouse_id from fct_forecast order by 1, 2 limit 1")[
        0
    ]
    series_url = f"/api/v1/series/{pair['item_id']}/{pair['warehouse_id']}"
    results: list[tuple[str, int, dict]] = []
    errors: list[BaseException] = []
    stop = threading.Event()

    with make_client(root, tmp_path, poll_seconds=0.02, cache_max_entries=2) as api:
        assert api.get("/ready").json()["snapshot_id"] == first

        def worker(seed: int) -> None:
            rng = random.Random(seed)
            try:
                while not stop.is_set():
                    kind = rng.choice(["kpis", "series"])
                    if kind == "kpis":
                        answer = api.get("/api/v1/kpis", params={"n": rng.random()})
                    else:
                        days = rng.randint(30, 300)
                        answer = api.get(series_url, params={"grain": "week", "x": days})
                    results.append((kind, answer.status_code, answer.json()))
            except BaseException as exc:  # surfaced below
                errors.append(exc)

        threads = [threading.Thread(target=worker, args=(i,)) for i in range(6)]

        def answered_by(snapshot_id: str) -> int:
            return sum(1 for r in list(results) if r[2].get("snapshot_id") == snapshot_id)

        for thread in threads:
            thread.start()
        wait_until(lambda: answered_by(first) >= 30 or errors, "answers from the first snapshot")
        _point_at(root, second, template)
        wait_until(lambda: answered_by(second) >= 30 or errors, "answers from the second", 10)
        stop.set()
        for thread in threads:
            thread.join(timeout=30)

    assert not errors, errors
    assert results
    assert {status for _, status, _ in results} == {200}
    seen = {body["snapshot_id"] for _, _, body in results}
    assert seen == {first, second}
    for kind, _, body in results:
        snapshot_id = body["snapshot_id"]
        if kind == "kpis":
            assert body["data"]["by_status"] == expected[snapshot_id]["by_status"]
            assert abs(body["data"]["inventory_value_brl"] - expected[snapshot_id]["value"]) < 1e-6
        else:
            # the first snapshot predates the ML export: no forecast in it
            assert (body["data"]["forecast"] == []) is (snapshot_id == first)
            assert body["data"]["model_version"] == (
                None if snapshot_id == first else template["model_version"]
            )


def test_a_broken_snapshot_is_refused_and_the_last_good_keeps_serving(lake, tmp_path) -> None:
    root = lake.copy(tmp_path / "lake")
    template = lake.pointer()
    second = lake.second.snapshot_id
    broken = "20991231T000000000000Z"
    folder = root / "gold" / "snapshots" / broken
    shutil.copytree(root / "gold" / "snapshots" / second, folder)
    manifest = json.loads((folder / "_manifest.json").read_text())
    manifest["snapshot_id"] = broken
    (folder / "_manifest.json").write_text(json.dumps(manifest))
    (folder / "fct_reorder_point.parquet").unlink()

    with make_client(root, tmp_path, poll_seconds=3600) as api:
        manager = api.app.state.api.snapshots
        _point_at(root, broken, template)
        assert manager.refresh() is False
        assert "fct_reorder_point" in manager.last_error
        ready = api.get("/ready").json()
        assert (ready["status"], ready["snapshot_id"]) == ("ready", second)
        assert api.get("/api/v1/kpis").json()["snapshot_id"] == second
        assert 'api_snapshot_events_total{event="refused"} 1.0' in api.get("/metrics").text
        # an unreadable pointer: still serving
        (root / "gold" / "_CURRENT").write_text("{not json")
        assert manager.refresh() is False
        assert api.get("/api/v1/items").status_code == 200
        # back to a good pointer: no error left
        _point_at(root, second, template)
        manager.refresh()
        assert manager.last_error is None


def test_not_ready_until_a_first_snapshot_then_ready(lake, tmp_path) -> None:
    root = tmp_path / "empty-lake"
    root.mkdir()
    with make_client(root, tmp_path, poll_seconds=0.05) as api:
        assert api.get("/health").status_code == 200
        not_ready = api.get("/ready")
        assert not_ready.status_code == 503
        assert "_CURRENT" in not_ready.json()["reason"]
        data = api.get("/api/v1/kpis")
        assert data.status_code == 503
        assert "no gold snapshot" in data.json()["error"]["message"]
        assert "api_ready 0.0" in api.get("/metrics").text
        # the pipeline's first commit: snapshot files, then _CURRENT last
        shutil.copytree(lake.root / "gold" / "snapshots", root / "gold" / "snapshots")
        shutil.copytree(lake.root / "runs", root / "runs")
        shutil.copy(lake.root / "gold" / "_CURRENT", root / "gold" / "_CURRENT")
        wait_until(lambda: api.get("/ready").status_code == 200, "the API to become ready", 5)
        assert api.get("/api/v1/kpis").json()["snapshot_id"] == lake.second.snapshot_id


def test_series_answers_are_the_same_from_parquet_views_and_loaded_tables(lake, tmp_path) -> None:
    """Tables over the row limit stay Parquet views, read by key: a different read path, the
    same answers."""
    gold = lake.second
    pairs = gold.sql("select item_id, warehouse_id from fct_reorder_point order by 1, 2 limit 6")
    urls = [
        f"/api/v1/series/{p['item_id']}/{p['warehouse_id']}?start=2025-09-01&grain={grain}"
        for p in pairs
        for grain in ("day", "week")
    ]
    with make_client(lake.root, tmp_path, materialize_max_rows=10**9) as loaded:
        expected = [loaded.get(url).json()["data"] for url in urls]
    with make_client(lake.root, tmp_path, materialize_max_rows=0, poll_seconds=3600) as api:
        snapshot = api.app.state.api.snapshots.current
        views = snapshot.query("select view_name from duckdb_views() where not internal")
        assert {"fct_inventory_daily", "fct_reorder_point"} <= {v["view_name"] for v in views}
        assert [api.get(url).json()["data"] for url in urls] == expected
