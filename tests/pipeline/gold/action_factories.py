"""Small factories for the gold tables the action tables read (transfers, purchase proposal,
worklist, projected stock, achieved service), registered as tables in a real DuckDB."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import duckdb
import pyarrow as pa

AS_OF = date(2026, 6, 30)
REGIONS = {"W-SE": "SE", "W-S": "S", "W-NE": "NE", "W-N": "N"}

REORDER_SCHEMA = pa.schema(
    [
        ("item_id", pa.string()),
        ("warehouse_id", pa.string()),
        ("as_of_date", pa.date32()),
        ("status", pa.string()),
        ("criticality", pa.string()),
        ("supplier_id", pa.string()),
        ("demand_class", pa.string()),
        ("service_level", pa.float64()),
        ("lead_time_days", pa.float64()),
        ("lead_time_source", pa.string()),
        ("daily_demand", pa.float64()),
        ("safety_stock", pa.float64()),
        ("reorder_point", pa.float64()),
        ("order_up_to", pa.float64()),
        ("on_hand", pa.float64()),
        ("on_order", pa.float64()),
        ("inventory_position", pa.float64()),
        ("moq", pa.float64()),
        ("order_multiple", pa.float64()),
        ("suggested_order_qty", pa.int64()),
        ("unit_cost", pa.float64()),
        ("suggested_order_value_brl", pa.float64()),
        ("projected_stockout_date", pa.date32()),
        ("order_by_date", pa.date32()),
    ]
)


def day(offset: int) -> date:
    return AS_OF + timedelta(days=offset)


def line(
    item_id: str,
    warehouse_id: str,
    *,
    status: str = "ok",
    on_hand: float = 0.0,
    on_order: float = 0.0,
    reorder_point: float = 10.0,
    order_up_to: float = 20.0,
    suggested: int = 0,
    moq: float | None = None,
    multiple: float | None = None,
    unit_cost: float = 100.0,
    lead_time_days: float = 20.0,
    order_by: int | None = 0,
    daily_demand: float = 1.0,
) -> dict[str, Any]:
    """One fct_reorder_point row (the columns the action tables read)."""
    return {
        "item_id": item_id,
        "warehouse_id": warehouse_id,
        "as_of_date": AS_OF,
        "status": status,
        "criticality": "B",
        "supplier_id": "F1",
        "demand_class": "smooth",
        "service_level": 0.95,
        "lead_time_days": lead_time_days,
        "lead_time_source": "nominal",
        "daily_demand": daily_demand,
        "safety_stock": reorder_point / 2,
        "reorder_point": reorder_point,
        "order_up_to": order_up_to,
        "on_hand": on_hand,
        "on_order": on_order,
        "inventory_position": on_hand + on_order,
        "moq": moq,
        "order_multiple": multiple,
        "suggested_order_qty": suggested,
        "unit_cost": unit_cost,
        "suggested_order_value_brl": suggested * unit_cost,
        "projected_stockout_date": None if order_by is None else day(order_by),
        "order_by_date": None if order_by is None else day(order_by),
    }


def _table(con: duckdb.DuckDBPyConnection, name: str, rows: list[dict], schema: pa.Schema) -> None:
    con.register(f"{name}_arrow", pa.Table.from_pylist(rows, schema=schema))
    con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM {name}_arrow")
    con.unregister(f"{name}_arrow")


def connect(
    lines: list[dict],
    *,
    purchase_orders: list[dict] | None = None,
    demand: list[dict] | None = None,
    positions: list[dict] | None = None,
    forecast: list[dict] | None = None,
) -> duckdb.DuckDBPyConnection:
    """A DuckDB holding fct_reorder_point and the dimensions and facts around it."""
    con = duckdb.connect()
    _table(con, "fct_reorder_point", lines, REORDER_SCHEMA)
    items = sorted({row["item_id"] for row in lines})
    con.execute(
        "CREATE TABLE dim_item AS SELECT unnest($1::varchar[]) AS item_id, "
        "'Item ' || unnest($1::varchar[]) AS item_name, 'UN' AS unit",
        [items],
    )
    con.execute(
        "CREATE TABLE dim_warehouse AS SELECT unnest($1::varchar[]) AS warehouse_id, "
        "unnest($1::varchar[]) AS name, unnest($2::varchar[]) AS region",
        [list(REGIONS), list(REGIONS.values())],
    )
    con.execute(
        "CREATE TABLE dim_supplier AS SELECT 'F1' AS supplier_id, 'Fornecedor' AS name, "
        "20 AS nominal_lead_time_days, 1000.0 AS min_order_value_brl"
    )
    _table(
        con,
        "fct_lead_time",
        purchase_orders or [],
        pa.schema(
            [
                ("po_id", pa.string()),
                ("item_id", pa.string()),
                ("warehouse_id", pa.string()),
                ("order_date", pa.date32()),
                ("expected_date", pa.date32()),
                ("received_date", pa.date32()),
                ("quantity", pa.float64()),
            ]
        ),
    )
    _table(
        con,
        "fct_demand_daily",
        demand or [],
        pa.schema(
            [
                ("item_id", pa.string()),
                ("warehouse_id", pa.string()),
                ("date", pa.date32()),
                ("quantity", pa.float64()),
                ("censored", pa.bool_()),
            ]
        ),
    )
    _table(
        con,
        "fct_inventory_daily",
        positions or [],
        pa.schema(
            [
                ("item_id", pa.string()),
                ("warehouse_id", pa.string()),
                ("date", pa.date32()),
                ("on_hand", pa.float64()),
            ]
        ),
    )
    _table(
        con,
        "fct_forecast",
        forecast or [],
        pa.schema(
            [
                ("item_id", pa.string()),
                ("warehouse_id", pa.string()),
                ("date", pa.date32()),
                ("model_version", pa.string()),
                ("yhat", pa.float64()),
            ]
        ),
    )
    return con


def rows(con: duckdb.DuckDBPyConnection, query: str) -> list[dict[str, Any]]:
    result = con.execute(query)
    names = [d[0] for d in result.description]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]
