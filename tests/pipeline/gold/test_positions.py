"""Stock positions kept as changes: exact islands, and a daily extension equal to a full build."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.gold.positions import PreviousPositions, build_positions
from pipeline.silver import current_sql

D = date(2025, 1, 1)
COLUMNS = "item_id, warehouse_id, date, reported_through, on_hand, on_order"


def batch(folder: Path, batch_id: str, rows: list[tuple[str, str, int, float, float]]) -> Path:
    """A silver inventory batch file: (item, warehouse, day offset, on_hand, on_order) rows."""
    table = pa.Table.from_pylist(
        [
            {
                "snapshot_date": D + timedelta(days=day),
                "warehouse_id": warehouse,
                "item_id": item,
                "on_hand": on_hand,
                "on_order": on_order,
                "row_number": n + 1,
                "batch_id": batch_id,
            }
            for n, (item, warehouse, day, on_hand, on_order) in enumerate(rows)
        ]
    )
    path = folder / f"{batch_id}.parquet"
    pq.write_table(table, path)
    return path


def positions(
    files: list[Path], previous: PreviousPositions | None = None
) -> tuple[str, list[tuple]]:
    con = duckdb.connect()
    con.execute(f"CREATE VIEW inventory AS {current_sql('inventory', files)}")
    how = build_positions(con, files, previous)
    rows = con.execute(f"SELECT {COLUMNS} FROM fct_inventory_daily ORDER BY ALL").fetchall()
    con.close()
    return how, rows


def save(rows: list[tuple], path: Path) -> Path:
    names = [c.strip() for c in COLUMNS.split(",")]
    pq.write_table(pa.Table.from_pylist([dict(zip(names, r, strict=True)) for r in rows]), path)
    return path


def day(n: int) -> date:
    return D + timedelta(days=n)


def test_a_row_per_change_with_the_days_it_was_reported(tmp_path: Path) -> None:
    on_hand = [5, 5, 5, 3, 3, 0, 0, 5]
    rows = [("000001", "W1", n, float(v), 0.0) for n, v in enumerate(on_hand)]
    rows += [("000001", "W1", 10, 5.0, 0.0)]  # unreported days 8-9: the position held
    rows += [("000001", "W1", 11, 5.0, 2.0)]  # an order placed: on_order changes the position
    how, got = positions([batch(tmp_path, "b1", rows)])
    assert how == "full"
    assert got == [
        ("000001", "W1", day(0), day(2), 5.0, 0.0),
        ("000001", "W1", day(3), day(4), 3.0, 0.0),
        ("000001", "W1", day(5), day(6), 0.0, 0.0),
        ("000001", "W1", day(7), day(10), 5.0, 0.0),
        ("000001", "W1", day(11), day(11), 5.0, 2.0),
    ]


def random_history(seed: int, days: int) -> list[tuple[str, str, int, float, float]]:
    rng = random.Random(seed)
    rows = []
    for item in ("000001", "000002", "000003"):
        for warehouse in ("W1", "W2"):
            on_hand = 4.0
            for n in range(days):
                if rng.random() < 0.15:  # a day the ERP did not report this series
                    continue
                if rng.random() < 0.3:
                    on_hand = float(rng.choice([0, 0, 1, 2, 4, 8]))
                rows.append((item, warehouse, n, on_hand, float(rng.choice([0, 0, 0, 6]))))
    return rows


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_daily_extension_equals_a_full_build(tmp_path: Path, seed: int) -> None:
    history = random_history(seed, 60)
    first = batch(tmp_path, "b1", [r for r in history if r[2] < 40])
    second = batch(tmp_path, "b2", [r for r in history if 40 <= r[2] < 41])
    third = batch(tmp_path, "b3", [r for r in history if r[2] >= 41])
    _, base = positions([first])
    previous = PreviousPositions(save(base, tmp_path / "base.parquet"), frozenset({first.name}))
    how, extended = positions([first, second, third], previous)
    assert how == "extended"
    _, full = positions([first, second, third])
    assert extended == full


def test_a_restated_day_rebuilds_in_full_and_the_latest_batch_wins(tmp_path: Path) -> None:
    first = batch(tmp_path, "b1", [("000001", "W1", n, 5.0, 0.0) for n in range(10)])
    _, base = positions([first])
    previous = PreviousPositions(save(base, tmp_path / "base.parquet"), frozenset({first.name}))
    fix = batch(tmp_path, "b2", [("000001", "W1", 4, 0.0, 0.0), ("000001", "W1", 10, 5.0, 0.0)])
    how, got = positions([first, fix], previous)
    assert how == "full"
    assert got == [
        ("000001", "W1", day(0), day(3), 5.0, 0.0),
        ("000001", "W1", day(4), day(4), 0.0, 0.0),
        ("000001", "W1", day(5), day(10), 5.0, 0.0),
    ]


def test_silver_that_lost_a_batch_the_base_saw_rebuilds_in_full(tmp_path: Path) -> None:
    first = batch(tmp_path, "b1", [("000001", "W1", n, 5.0, 0.0) for n in range(3)])
    _, base = positions([first])
    stale = PreviousPositions(save(base, tmp_path / "base.parquet"), frozenset({"gone.parquet"}))
    how, got = positions([first], stale)
    assert how == "full"
    assert got == [("000001", "W1", day(0), day(2), 5.0, 0.0)]
