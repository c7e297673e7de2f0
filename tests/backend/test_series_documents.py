"""Series answered from their documents (srv_series) answer exactly as reads of the facts.

The documents are a projection the pipeline writes for speed; these tests hold them to the
facts on every series of the sample snapshot, at every grain, and check the facts are read when
the documents cannot answer: another model version, a snapshot written before the documents.
"""

from __future__ import annotations

import json
import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import duckdb
import orjson
import pytest
from fastapi import HTTPException

from backend.deps import encode
from backend.routes.series import series_answer
from backend.snapshot import PROJECTED_BY_DOCUMENTS, SERIES_DOCUMENTS, Snapshot, open_snapshot
from storage import open_storage
from tests.backend.conftest import Lake, make_client


def answer(snapshot: Snapshot, *args: Any, from_documents: bool) -> Any:
    """The series answer as the client reads it (JSON), from the documents or from the facts."""
    saved = snapshot.documents
    if not from_documents:
        snapshot.documents = None
    try:
        return orjson.loads(encode(series_answer(snapshot, *args)))
    finally:
        snapshot.documents = saved


def test_documents_are_loaded_and_the_facts_they_project_stay_on_disk(
    snapshot: Snapshot,
) -> None:
    assert snapshot.documents is not None
    assert len(snapshot.documents) == snapshot.rows("select count(*) from fct_reorder_point")[0][0]
    assert snapshot.series_documents_version == snapshot.model_version
    loaded = {row[0] for row in snapshot.rows("select table_name from duckdb_tables()")}
    assert not loaded & (PROJECTED_BY_DOCUMENTS | {SERIES_DOCUMENTS})


def test_every_series_answers_the_same_from_its_document_and_from_the_facts(
    snapshot: Snapshot,
) -> None:
    as_of = snapshot.as_of_date
    assert as_of is not None
    series = snapshot.rows("select item_id, warehouse_id from fct_reorder_point order by all")
    queries = [
        ("day", None, None, None),
        ("week", as_of - timedelta(days=200), None, None),
        ("month", as_of - timedelta(days=900), as_of + timedelta(days=20), None),
        ("day", as_of - timedelta(days=400), as_of - timedelta(days=100), None),  # all history
        ("day", as_of - timedelta(days=30), None, "no-such-version"),  # read from the facts
    ]
    with_forecast = with_accuracy = with_censored = 0
    for item, warehouse in series:
        for grain, start, end, version in queries:
            args = (item, warehouse, grain, start, end, version)
            fast = answer(snapshot, *args, from_documents=True)
            assert fast == answer(snapshot, *args, from_documents=False), args
            if version is None:
                with_forecast += bool(fast["forecast"])
                with_accuracy += bool(fast["accuracy"])
                with_censored += any(point["censored"] for point in fast["history"])
    # the sample exercises every part of a document
    assert with_forecast and with_accuracy and with_censored
    assert with_forecast < len(series) * 3  # and series without forecast


def test_a_snapshot_without_documents_is_answered_from_the_facts(
    lake: Lake, tmp_path: Path
) -> None:
    root = lake.copy(tmp_path / "lake")
    manifest_path = root / "gold" / "snapshots" / lake.second.snapshot_id / "_manifest.json"
    manifest = json.loads(manifest_path.read_text())
    del manifest["tables"][SERIES_DOCUMENTS]  # as the pipeline wrote it before the documents
    manifest_path.write_text(json.dumps(manifest))
    item, warehouse = lake.second.sql(
        "select item_id, warehouse_id from fct_forecast group by all order by all limit 1"
    )[0].values()
    url = f"/api/v1/series/{item}/{warehouse}?grain=week"
    with make_client(lake.root, tmp_path / "a") as client:
        expected = client.get(url).json()["data"]
    with make_client(root, tmp_path / "b") as client:
        response = client.get(url)
        missing = client.get(f"/api/v1/series/{item}/no-such-warehouse")
    assert response.status_code == 200
    assert response.json()["data"] == expected and expected["forecast"]
    assert missing.status_code == 404


def test_an_item_its_warehouse_does_not_plan_is_not_found(snapshot: Snapshot) -> None:
    # Every pair of the sample is planned: drop one from the documents (the dimensions keep both).
    item, warehouse = snapshot.rows("select item_id, warehouse_id from fct_reorder_point limit 1")[
        0
    ]
    documents = snapshot.documents
    assert documents is not None
    key = f"{item}{chr(31)}{warehouse}"
    line = documents._line.pop(key)
    try:
        with pytest.raises(HTTPException) as raised:
            series_answer(snapshot, item, warehouse, "day", None, None, None)
    finally:
        documents._line[key] = line
    assert raised.value.status_code == 404 and "no series" in raised.value.detail


def assert_same_documents(expected: Snapshot, got: Snapshot, every: int) -> None:
    """Every ``every``-th series has the same document in both snapshots."""
    assert expected.documents is not None and got.documents is not None
    for key in list(expected.documents._line)[::every]:
        item, warehouse = key.split(chr(31))
        assert got.series_document(item, warehouse) == expected.series_document(item, warehouse)


def test_documents_are_built_without_memfd_too(
    lake: Lake, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Elsewhere than Linux (no memfd_create) the documents go to an unlinked temporary file."""
    storage = open_storage(str(lake.root))
    with_memfd = open_snapshot(storage, lake.second.snapshot_id, tmp_path / "a")
    monkeypatch.delattr(os, "memfd_create")
    without = open_snapshot(storage, lake.second.snapshot_id, tmp_path / "b")
    try:
        assert_same_documents(with_memfd, without, every=7)
    finally:
        with_memfd.close()
        without.close()


def test_only_the_current_snapshot_holds_documents(lake: Lake, tmp_path: Path) -> None:
    item, warehouse = lake.first.sql(
        "select item_id, warehouse_id from fct_reorder_point order by all limit 1"
    )[0].values()
    url = f"/api/v1/series/{item}/{warehouse}?grain=week"
    with make_client(lake.root, tmp_path) as client:
        manager = client.app.state.api.snapshots
        previous = client.get(url, params={"snapshot": lake.first.snapshot_id})
        assert previous.status_code == 200
        assert previous.json()["snapshot_id"] == lake.first.snapshot_id
        assert manager.get(lake.first.snapshot_id).documents is None  # read from the facts
        assert manager.current.documents is not None
        # the previous snapshot's answer is its own: independent read of its demand
        quantity = lake.first.one(
            "select coalesce(sum(quantity), 0) from fct_demand_daily "
            "where item_id = $1 and warehouse_id = $2 and date between $3 and $4",
            [item, warehouse, previous.json()["data"]["start"],
             previous.json()["data"]["as_of_date"]],
        )  # fmt: skip
        history = previous.json()["data"]["history"]
        assert sum(p["quantity"] for p in history) == pytest.approx(quantity)


def _rewrite_documents(lake: Lake, root: Path, select: str) -> None:
    """The current snapshot's srv_series rewritten in a copy of the lake (``select`` over it),
    its manifest listing the columns written."""
    folder = root / "gold" / "snapshots" / lake.second.snapshot_id
    path = folder / "srv_series.parquet"
    rewritten = path.with_suffix(".new")
    con = duckdb.connect()
    con.execute(
        f"copy ({select.format(table=f'read_parquet({str(path)!r})')}) to '{rewritten}' "
        "(format parquet)"
    )
    names = [
        row[0]
        for row in con.execute(f"describe select * from read_parquet('{rewritten}')").fetchall()
    ]
    con.close()
    rewritten.replace(path)
    manifest = json.loads((folder / "_manifest.json").read_text())
    spec = manifest["tables"][SERIES_DOCUMENTS]
    spec["columns"] = [column for column in spec["columns"] if column["name"] in names]
    (folder / "_manifest.json").write_text(json.dumps(manifest))


def test_documents_written_before_their_lengths_were_recorded_are_measured(
    lake: Lake, tmp_path: Path
) -> None:
    root = lake.copy(tmp_path / "lake")
    _rewrite_documents(lake, root, "select * exclude (doc_bytes) from {table}")
    current = open_snapshot(open_storage(str(lake.root)), lake.second.snapshot_id, tmp_path / "a")
    older = open_snapshot(open_storage(str(root)), lake.second.snapshot_id, tmp_path / "b")
    try:
        assert_same_documents(current, older, every=5)
    finally:
        current.close()
        older.close()


def test_documents_whose_lengths_do_not_add_up_are_not_used(
    lake: Lake, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    root = lake.copy(tmp_path / "lake")
    _rewrite_documents(
        lake, root, "select * replace (doc_bytes + (row_number() over () = 7)::int as doc_bytes) "
        "from {table}"
    )  # fmt: skip
    item, warehouse = lake.second.sql(
        "select item_id, warehouse_id from fct_forecast group by all order by all limit 1"
    )[0].values()
    opened = open_snapshot(open_storage(str(root)), lake.second.snapshot_id, tmp_path / "a")
    try:
        assert opened.documents is None  # refused: the series are read from the facts
        assert "series documents not used" in caplog.text
        assert "bytes written" in caplog.text
        answer = series_answer(opened, item, warehouse, "day", None, None, None)
        assert answer["reorder"]["item_id"] == item
    finally:
        opened.close()
