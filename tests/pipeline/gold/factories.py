"""Small factories for the relations ``reorder_points`` reads, registered in a real DuckDB."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

import duckdb
import pyarrow as pa

AS_OF = date(2025, 6, 30)
W = "CD-SP01"

SCHEMAS: dict[str, pa.Schema] = {
    "items": pa.schema(
        [
            ("item_id", pa.string()),
            ("criticality", pa.string()),
            ("unit_cost", pa.float64()),
            ("supplier_id", pa.string()),
            ("category", pa.string()),
        ]
    ),
    "suppliers": pa.schema([("supplier_id", pa.string()), ("nominal_lead_time_days", pa.int32())]),
    "series": pa.schema([("item_id", pa.string()), ("warehouse_id", pa.string())]),
    "demand_daily": pa.schema(
        [
            ("item_id", pa.string()),
            ("warehouse_id", pa.string()),
            ("date", pa.date32()),
            ("quantity", pa.float64()),
            ("censored", pa.bool_()),
        ]
    ),
    "inventory_current": pa.schema(
        [
            ("item_id", pa.string()),
            ("warehouse_id", pa.string()),
            ("on_hand", pa.float64()),
            ("on_order", pa.float64()),
        ]
    ),
    "purchase_orders": pa.schema(
        [
            ("po_id", pa.string()),
            ("item_id", pa.string()),
            ("warehouse_id", pa.string()),
            ("supplier_id", pa.string()),
            ("order_date", pa.date32()),
            ("received_date", pa.date32()),
        ]
    ),
    "forecast": pa.schema(
        [
            ("item_id", pa.string()),
            ("warehouse_id", pa.string()),
            ("date", pa.date32()),
            ("yhat", pa.float64()),
            ("demand_class", pa.string()),
            ("model", pa.string()),
        ]
    ),
    "error_scale": pa.schema(
        [("item_id", pa.string()), ("warehouse_id", pa.string()), ("sigma_1d", pa.float64())]
    ),
}


def day(offset: int) -> date:
    """AS_OF shifted by ``offset`` days (negative: history, positive: forecast)."""
    return AS_OF + timedelta(days=offset)


def connect(**tables: Iterable[dict]) -> duckdb.DuckDBPyConnection:
    """A fresh DuckDB with every relation registered (empty unless given)."""
    con = duckdb.connect()
    for name, schema in SCHEMAS.items():
        con.register(name, pa.Table.from_pylist(list(tables.get(name, [])), schema=schema))
    return con


def item(
    item_id: str, criticality: str = "B", unit_cost: float = 10.0, supplier_id: str = "S1"
) -> dict:
    return {
        "item_id": item_id,
        "criticality": criticality,
        "unit_cost": unit_cost,
        "supplier_id": supplier_id,
        "category": "Baterias",
    }


def supplier(supplier_id: str = "S1", nominal: int = 10) -> dict:
    return {"supplier_id": supplier_id, "nominal_lead_time_days": nominal}


def series(item_id: str, warehouse_id: str = W) -> dict:
    return {"item_id": item_id, "warehouse_id": warehouse_id}


def demand(
    item_id: str, offset: int, quantity: float, censored: bool = False, warehouse_id: str = W
) -> dict:
    return {
        "item_id": item_id,
        "warehouse_id": warehouse_id,
        "date": day(offset),
        "quantity": quantity,
        "censored": censored,
    }


def stock(item_id: str, on_hand: float, on_order: float = 0.0, warehouse_id: str = W) -> dict:
    return {
        "item_id": item_id,
        "warehouse_id": warehouse_id,
        "on_hand": on_hand,
        "on_order": on_order,
    }


def purchase_order(
    po_id: str,
    item_id: str,
    ordered: int,
    lead_time: int | None,
    supplier_id: str = "S1",
    warehouse_id: str = W,
) -> dict:
    """A PO ordered ``ordered`` days from AS_OF, received ``lead_time`` days later (None: open)."""
    return {
        "po_id": po_id,
        "item_id": item_id,
        "warehouse_id": warehouse_id,
        "supplier_id": supplier_id,
        "order_date": day(ordered),
        "received_date": None if lead_time is None else day(ordered + lead_time),
    }


def forecast(
    item_id: str,
    yhat: list[float],
    demand_class: str = "smooth",
    model: str = "ses",
    warehouse_id: str = W,
) -> list[dict]:
    """Forecast rows for days AS_OF+1, AS_OF+2, ... with the given yhat values."""
    return [
        {
            "item_id": item_id,
            "warehouse_id": warehouse_id,
            "date": day(k),
            "yhat": value,
            "demand_class": demand_class,
            "model": model,
        }
        for k, value in enumerate(yhat, start=1)
    ]


def error_scale(item_id: str, sigma_1d: float, warehouse_id: str = W) -> dict:
    return {"item_id": item_id, "warehouse_id": warehouse_id, "sigma_1d": sigma_1d}


def by_item(table: pa.Table) -> dict[str, dict]:
    """Output rows keyed by item_id (tests use one warehouse unless they say otherwise)."""
    rows = table.to_pylist()
    keyed = {row["item_id"]: row for row in rows}
    assert len(keyed) == len(rows)
    return keyed
