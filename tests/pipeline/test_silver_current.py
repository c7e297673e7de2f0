"""Current silver: across batches the latest batch wins per business key, and nothing else."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.silver import current_sql


def batch(folder: Path, batch_id: str, rows: list[tuple[str, str | None]]) -> Path:
    table = pa.table(
        {
            "po_id": [r[0] for r in rows],
            "item_id": ["000001"] * len(rows),
            "warehouse_id": ["W1"] * len(rows),
            "supplier_id": ["F1"] * len(rows),
            "order_date": [date(2026, 1, 1)] * len(rows),
            "expected_date": [date(2026, 1, 20)] * len(rows),
            "received_date": pa.array(
                [date.fromisoformat(r[1]) if r[1] else None for r in rows], pa.date32()
            ),
            "quantity": [1.0] * len(rows),
            "row_number": list(range(2, len(rows) + 2)),
            "batch_id": [batch_id] * len(rows),
        }
    )
    path = folder / f"{batch_id}.parquet"
    pq.write_table(table, path)
    return path


def test_latest_batch_wins_per_key(tmp_path: Path) -> None:
    history = batch(tmp_path, "b1", [(f"PO{n:04d}", None) for n in range(200)])
    day2 = batch(tmp_path, "b2", [("PO0001", "2026-01-22"), ("PO9001", None)])
    day3 = batch(tmp_path, "b3", [("PO9001", "2026-01-25"), ("PO0002", "2026-01-19")])
    rows = duckdb.sql(current_sql("purchase_orders", [history, day2, day3])).fetchall()
    current = {r[0]: r[6] for r in rows}
    assert len(rows) == len(current) == 201  # one row per key
    assert current["PO0001"] == date(2026, 1, 22)  # received in a later drop
    assert current["PO9001"] == date(2026, 1, 25)  # new in day 2, updated in day 3
    assert current["PO0002"] == date(2026, 1, 19)
    assert current["PO0003"] is None  # untouched history stays
