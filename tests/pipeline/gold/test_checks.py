"""Gold table tests catch every kind of broken table before a snapshot is committed."""

from __future__ import annotations

import duckdb
import pytest

from pipeline.gold.checks import GoldCheckFailed, TableSpec, failures, run_checks

SPEC = TableSpec(
    "fct",
    "a fact",
    key=("item_id", "day"),
    not_null=("status",),
    relationships={"item_id": ("dim", "item_id")},
    accepted={"status": ("ok", "reorder")},
)


def tables(rows: str) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("CREATE TABLE dim AS SELECT * FROM (VALUES ('A'), ('B')) t(item_id)")
    con.execute(f"CREATE TABLE fct AS SELECT * FROM (VALUES {rows}) t(item_id, day, status)")
    return con


def test_a_clean_table_passes() -> None:
    con = tables("('A', 1, 'ok'), ('A', 2, 'reorder'), ('B', 1, 'ok')")
    assert failures(con, SPEC) == []
    run_checks(con, [SPEC])


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ("('A', 1, 'ok'), ('A', 1, 'reorder')", "fct: 1 duplicated key(s) (item_id, day)"),
        ("('A', 1, 'ok'), (NULL, 2, 'ok')", "fct.item_id: null value(s) (1)"),
        ("('A', 1, 'ok'), ('A', 2, NULL)", "fct.status: null value(s) (1)"),
        ("('A', 1, 'ok'), ('Z', 1, 'ok')", "fct.item_id: value(s) not found in dim.item_id (1)"),
        ("('A', 1, 'ok'), ('A', 2, 'maybe')", "fct.status: value(s) outside ('ok', 'reorder') (1)"),
    ],
)
def test_each_broken_test_is_named(rows: str, expected: str) -> None:
    con = tables(rows)
    assert failures(con, SPEC) == [expected]
    with pytest.raises(GoldCheckFailed, match="gold checks failed"):
        run_checks(con, [SPEC])
