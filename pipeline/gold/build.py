"""Gold: the star schema (docs/gold-snapshot.md), built in DuckDB from current silver.

The caller registers the current silver entities (``items``, ``suppliers``, ``warehouses``,
``sites``, ``consumption``, ``purchase_orders``), builds ``fct_inventory_daily`` from
``inventory`` (``pipeline.gold.positions``), and registers the ML
exports held in the lake (``forecast_all``, ``backtest_all``, ``error_scale_all``, possibly
empty) in the connection; each function here creates one gold table as a DuckDB table of the same
name. Storage I/O stays in the caller.
"""

from __future__ import annotations

from datetime import date

import duckdb

DIM_ITEM = """
CREATE OR REPLACE TABLE dim_item AS
WITH final AS (
    SELECT i.item_id, i.item_name, i.category, i.unit, i.unit_cost, i.criticality,
           i.supplier_id, s.name AS supplier_name, s.nominal_lead_time_days, i.moq,
           i.order_multiple
    FROM items i LEFT JOIN suppliers s USING (supplier_id)
)
SELECT * FROM final ORDER BY item_id
"""

DIM_WAREHOUSE = """
CREATE OR REPLACE TABLE dim_warehouse AS
WITH final AS (SELECT warehouse_id, name, city, state, region FROM warehouses)
SELECT * FROM final ORDER BY warehouse_id
"""

DIM_SITE = """
CREATE OR REPLACE TABLE dim_site AS
WITH final AS (SELECT site_id, name, city, state, warehouse_id, sla_tier FROM sites)
SELECT * FROM final ORDER BY site_id
"""

DIM_SUPPLIER = """
CREATE OR REPLACE TABLE dim_supplier AS
WITH final AS (
    SELECT supplier_id, name, nominal_lead_time_days, min_order_value_brl FROM suppliers
)
SELECT * FROM final ORDER BY supplier_id
"""

FCT_CONSUMPTION = """
CREATE OR REPLACE TABLE fct_consumption AS
WITH final AS (
    SELECT c.txn_id, c.txn_date, c.site_id, s.warehouse_id, c.item_id, c.quantity,
           c.work_order_id
    FROM consumption c JOIN sites s USING (site_id)
)
SELECT * FROM final ORDER BY txn_date, txn_id
"""

# A stock position holds until the next change (fct_inventory_daily keeps the changes); a day
# whose position is on_hand = 0 is censored. The table is sparse: a missing day had zero demand,
# not censored.
FCT_DEMAND_DAILY = """
CREATE OR REPLACE TABLE fct_demand_daily AS
WITH issued AS (
    SELECT item_id, warehouse_id, txn_date AS date,
           sum(quantity) AS quantity, count(*) AS n_transactions
    FROM fct_consumption GROUP BY ALL
),
held AS (
    SELECT item_id, warehouse_id, date, on_hand,
           coalesce(lead(date) OVER series - 1, $as_of::DATE) AS last_day
    FROM fct_inventory_daily
    WINDOW series AS (PARTITION BY item_id, warehouse_id ORDER BY date)
),
censored AS (
    SELECT item_id, warehouse_id,
           CAST(unnest(generate_series(date, least(last_day, $as_of::DATE), INTERVAL 1 DAY))
                AS DATE) AS date
    FROM held WHERE on_hand = 0 AND date <= $as_of::DATE
),
final AS (
    SELECT coalesce(i.item_id, c.item_id) AS item_id,
           coalesce(i.warehouse_id, c.warehouse_id) AS warehouse_id,
           coalesce(i.date, c.date) AS date,
           coalesce(i.quantity, 0.0) AS quantity,
           coalesce(i.n_transactions, 0) AS n_transactions,
           c.date IS NOT NULL AS censored
    FROM issued i FULL OUTER JOIN censored c USING (item_id, warehouse_id, date)
)
SELECT * FROM final ORDER BY item_id, warehouse_id, date
"""

FCT_LEAD_TIME = """
CREATE OR REPLACE TABLE fct_lead_time AS
WITH final AS (
    SELECT po_id, item_id, warehouse_id, supplier_id, order_date, expected_date,
           received_date, quantity,
           received_date IS NULL AS is_open,
           CAST(received_date - order_date AS INTEGER) AS lead_time_days,
           CAST(expected_date - order_date AS INTEGER) AS promised_lead_time_days,
           CAST(coalesce(received_date, $as_of::DATE) - expected_date AS INTEGER) AS delay_days,
           coalesce(received_date, $as_of::DATE) > expected_date AS is_late
    FROM purchase_orders
)
SELECT * FROM final ORDER BY order_date, po_id
"""

# The series planned: every item at every warehouse that has seen it (demand, stock or orders).
SERIES = """
CREATE OR REPLACE TABLE series AS
WITH seen AS (
    SELECT item_id, warehouse_id FROM fct_demand_daily
    UNION SELECT item_id, warehouse_id FROM fct_inventory_daily
    UNION SELECT item_id, warehouse_id FROM fct_lead_time
),
final AS (
    SELECT DISTINCT s.item_id, s.warehouse_id
    FROM seen s
    JOIN dim_item USING (item_id)
    JOIN dim_warehouse USING (warehouse_id)
)
SELECT * FROM final ORDER BY item_id, warehouse_id
"""

INVENTORY_CURRENT = """
CREATE OR REPLACE TABLE inventory_current AS
WITH final AS (
    SELECT item_id, warehouse_id,
           arg_max(on_hand, date) AS on_hand, arg_max(on_order, date) AS on_order
    FROM fct_inventory_daily WHERE date <= $as_of::DATE GROUP BY ALL
)
SELECT * FROM final
"""


def build_core(con: duckdb.DuckDBPyConnection, as_of: date) -> None:
    """Dimensions (but dim_date) and the facts that come from ERP data alone.

    ``fct_inventory_daily`` exists already (``pipeline.gold.positions``): it decides as_of.
    """
    for sql in (DIM_ITEM, DIM_WAREHOUSE, DIM_SITE, DIM_SUPPLIER, FCT_CONSUMPTION):
        con.execute(sql)
    for sql in (FCT_DEMAND_DAILY, FCT_LEAD_TIME):
        con.execute(sql, {"as_of": as_of} if "$as_of" in sql else None)
    con.execute(SERIES)
    con.execute(INVENTORY_CURRENT, {"as_of": as_of})


def as_of_date(con: duckdb.DuckDBPyConnection) -> date | None:
    """The day the data describes: the newest stock report (or transaction, without stock)."""
    row = con.execute(
        "SELECT coalesce((SELECT max(reported_through) FROM fct_inventory_daily),"
        " (SELECT max(txn_date) FROM consumption))"
    ).fetchall()
    return row[0][0] if row else None
