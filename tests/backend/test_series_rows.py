"""Series read by their rowid runs (Snapshot.series_rows) answer exactly as reads by key.

The index is an optimisation over the pipeline's sort order; these tests hold it to the key path
on every series of the sample snapshot, and check that a series whose rows are not contiguous (a
gold table written in another order) is read by key instead of being silently cut short.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from backend.routes.series import _resolve, read_accuracy, read_series
from backend.snapshot import Snapshot, _series_index, open_snapshot
from storage import open_storage
from tests.backend.conftest import Lake


@pytest.fixture
def snapshot(lake: Lake, tmp_path: Path) -> Iterator[Snapshot]:
    storage = open_storage(str(lake.root))
    opened = open_snapshot(storage, lake.second.snapshot_id, tmp_path / "cache")
    yield opened
    opened.close()


def answers(snapshot: Snapshot, item: str, warehouse: str, *, by_key: bool) -> tuple:
    saved = snapshot.series_rows
    if by_key:
        snapshot.series_rows = None
    try:
        as_of = snapshot.as_of_date
        version = snapshot.model_version or ""
        first = as_of - timedelta(days=200)
        return (
            _resolve(snapshot, item, warehouse),
            read_series(snapshot, item, warehouse, version, first, None, as_of),
            read_accuracy(snapshot, item, warehouse, version),
            read_series(snapshot, item, warehouse, "no-such-version", first, None, as_of),
        )
    finally:
        snapshot.series_rows = saved


def test_every_series_reads_the_same_by_rowid_run_and_by_key(snapshot: Snapshot) -> None:
    index = snapshot.series_rows
    assert (
        index is not None
        and len(index) == snapshot.rows("select count(*) from fct_reorder_point")[0][0]
    )
    with_forecast = with_accuracy = 0
    for item, warehouse in index.series():
        fast = answers(snapshot, item, warehouse, by_key=False)
        assert fast == answers(snapshot, item, warehouse, by_key=True), (item, warehouse)
        with_forecast += bool(fast[1][2])
        with_accuracy += bool(fast[2])
    assert with_forecast and with_accuracy  # the snapshot exercises both reads


def test_a_series_whose_rows_are_not_contiguous_is_read_by_key(snapshot: Snapshot) -> None:
    item, warehouse = snapshot.rows(
        "select item_id, warehouse_id from fct_demand_daily group by all "
        "having count(*) > 3 order by 1, 2 limit 1"
    )[0]
    expected = answers(snapshot, item, warehouse, by_key=True)
    # Move one of its demand rows to the end of the table: its run is broken in two.
    snapshot.database.execute(
        "create temp table moved as select * from fct_demand_daily "
        "where item_id = $1 and warehouse_id = $2 order by date limit 1",
        [item, warehouse],
    )
    snapshot.database.execute(
        "delete from fct_demand_daily where rowid = (select min(rowid) from fct_demand_daily "
        "where item_id = $1 and warehouse_id = $2)",
        [item, warehouse],
    )
    snapshot.database.execute("insert into fct_demand_daily select * from moved")
    snapshot.series_rows = _series_index(snapshot.database, snapshot.model_version)
    rows = snapshot.series_rows.get(item, warehouse)
    assert rows is not None and rows.demand is None and rows.positions is not None
    assert answers(snapshot, item, warehouse, by_key=False) == expected


def test_a_series_without_rows_has_an_empty_run(snapshot: Snapshot) -> None:
    version = snapshot.model_version
    missing = snapshot.rows(
        "select r.item_id, r.warehouse_id from fct_reorder_point r anti join fct_forecast f "
        "on f.item_id = r.item_id and f.warehouse_id = r.warehouse_id "
        "and f.model_version = $1 limit 1",
        [version],
    )
    assert missing, "the sample has series without forecast"
    rows = snapshot.series_rows.get(*missing[0])
    assert rows.forecast == (0, -1)
    assert (
        read_series(snapshot, *missing[0], version, snapshot.as_of_date, None, snapshot.as_of_date)[
            2
        ]
        == []
    )
