"""Gold facts from silver: censored days follow stock positions, sparse or daily."""

from __future__ import annotations

from datetime import date, timedelta

import duckdb
import pyarrow as pa

from pipeline.contract.schema import SOURCES
from pipeline.contract.validate import arrow_schema
from pipeline.gold.build import build_core
from pipeline.gold.positions import build_positions

D = date(2026, 3, 1)


def silver(con: duckdb.DuckDBPyConnection, name: str, rows: list[dict]) -> None:
    schema = pa.schema([f for f in arrow_schema(SOURCES[name]) if f.name != "row_number"])
    full = [{f.name: r.get(f.name) for f in schema} for r in rows]
    con.register(f"{name}_arrow", pa.Table.from_pylist(full, schema=schema))
    con.execute(f"CREATE TABLE {name} AS SELECT * FROM {name}_arrow")


def build(positions: list[tuple[int, float]], issues: list[tuple[int, float]], as_of: date):
    con = duckdb.connect()
    silver(con, "suppliers", [{"supplier_id": "F1", "name": "F", "nominal_lead_time_days": 10}])
    silver(con, "warehouses", [{"warehouse_id": "W1", "name": "W", "city": "C", "state": "SP",
                                "region": "SE"}])  # fmt: skip
    silver(con, "items", [{"item_id": "000001", "item_name": "I", "category": "C", "unit": "UN",
                           "unit_cost": 1.0, "criticality": "A", "supplier_id": "F1"}])  # fmt: skip
    silver(con, "sites", [{"site_id": "S1", "name": "S", "city": "C", "state": "SP",
                           "warehouse_id": "W1"}])  # fmt: skip
    silver(con, "consumption", [
        {"txn_id": f"T{n}", "txn_date": D + timedelta(days=day), "site_id": "S1",
         "item_id": "000001", "quantity": qty}
        for n, (day, qty) in enumerate(issues)
    ])  # fmt: skip
    silver(con, "inventory", [
        {"snapshot_date": D + timedelta(days=day), "warehouse_id": "W1", "item_id": "000001",
         "on_hand": on_hand, "on_order": 0.0}
        for day, on_hand in positions
    ])  # fmt: skip
    silver(con, "purchase_orders", [])
    build_positions(con, [], None)
    build_core(con, as_of)
    return {
        row[0]: (row[1], row[2])
        for row in con.execute(
            "SELECT date, quantity, censored FROM fct_demand_daily ORDER BY date"
        ).fetchall()
    }


def test_daily_positions_censor_exactly_the_zero_days() -> None:
    days = build([(0, 3), (1, 0), (2, 0), (3, 4)], [(0, 2.0), (1, 3.0)], D + timedelta(days=3))
    assert days == {
        D: (2.0, False),
        D + timedelta(days=1): (3.0, True),
        D + timedelta(days=2): (0.0, True),
    }


def test_a_zero_position_holds_until_the_next_position() -> None:
    days = build([(0, 0), (4, 5)], [], D + timedelta(days=6))
    assert sorted(d for d, (_, censored) in days.items() if censored) == [
        D,
        D + timedelta(days=1),
        D + timedelta(days=2),
        D + timedelta(days=3),
    ]


def test_a_last_zero_position_holds_until_as_of() -> None:
    days = build([(0, 5), (2, 0)], [(1, 5.0)], D + timedelta(days=4))
    assert [d for d, (_, censored) in days.items() if censored] == [
        D + timedelta(days=2),
        D + timedelta(days=3),
        D + timedelta(days=4),
    ]
    assert days[D + timedelta(days=1)] == (5.0, False)
