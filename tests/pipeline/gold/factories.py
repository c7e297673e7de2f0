"""Small factories for the relations ``reorder_points`` reads, registered in a real DuckDB."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
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
            ("expected_date", pa.date32()),
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
    "forecast_distribution": pa.schema(
        [
            ("item_id", pa.string()),
            ("warehouse_id", pa.string()),
            ("horizon_days", pa.int32()),
            ("level", pa.float64()),
            ("quantity", pa.float64()),
            ("mean", pa.float64()),
        ]
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
    expected: int | None = None,
) -> dict:
    """A PO ordered ``ordered`` days from AS_OF, received ``lead_time`` days later (None: open),
    expected ``expected`` days from AS_OF (default: ordered + lead_time, or AS_OF when open)."""
    if expected is None:
        expected = ordered + lead_time if lead_time is not None else 0
    return {
        "po_id": po_id,
        "item_id": item_id,
        "warehouse_id": warehouse_id,
        "supplier_id": supplier_id,
        "order_date": day(ordered),
        "received_date": None if lead_time is None else day(ordered + lead_time),
        "expected_date": day(expected),
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


# The export's grid (docs/ml-export.md), cut at 364 days to keep tests small.
GRID_HORIZONS = (*range(1, 15), *range(21, 183, 7), *range(210, 364, 28), 364)
GRID_LEVELS = (0.025, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.925, 0.95)
GRID_LEVELS += (0.96, 0.97, 0.975, 0.98, 0.99, 0.995, 0.999)


def distribution(
    item_id: str,
    quantiles: Callable[[int], Sequence[float]],
    mean: Callable[[int], float],
    horizons: Iterable[int] = GRID_HORIZONS,
    warehouse_id: str = W,
) -> list[dict]:
    """forecast_distribution rows: ``quantiles(h)`` gives the quantities at GRID_LEVELS of the
    demand over days 1..h, ``mean(h)`` its mean."""
    return [
        {
            "item_id": item_id,
            "warehouse_id": warehouse_id,
            "horizon_days": h,
            "level": level,
            "quantity": float(quantity),
            "mean": float(mean(h)),
        }
        for h in horizons
        for level, quantity in zip(GRID_LEVELS, quantiles(h), strict=True)
    ]
