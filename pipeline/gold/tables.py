"""The gold tables: grain, key and tests of each (rendered as docs/gold-snapshot.md).

The manifest of every snapshot carries these descriptions, so the API and any analyst can read
what a table is without reading this code. Quantities are in the item's unit, money in BRL,
dates are local dates (America/Sao_Paulo), timestamps UTC.
"""

from __future__ import annotations

from pipeline.contract.schema import CRITICALITIES, REGIONS, UF_CODES
from pipeline.gold.checks import TableSpec
from pipeline.gold.forecasts import DEMAND_CLASSES, GRAINS
from pipeline.gold.reorder_sql import ROP_METHODS

STATUSES = ("no_demand", "stockout", "critical", "reorder", "excess", "ok")  # in precedence order

ITEM = ("dim_item", "item_id")
WAREHOUSE = ("dim_warehouse", "warehouse_id")
DATE = ("dim_date", "date")

GOLD_TABLES: list[TableSpec] = [
    TableSpec(
        "dim_item",
        "Spare parts: name, category, unit, unit_cost (BRL), ABC criticality, usual supplier.",
        key=("item_id",),
        not_null=("item_name", "unit_cost", "criticality"),
        relationships={"supplier_id": ("dim_supplier", "supplier_id")},
        accepted={"criticality": CRITICALITIES},
    ),
    TableSpec(
        "dim_warehouse",
        "Regional warehouses (CDs): city, state (UF), region.",
        key=("warehouse_id",),
        accepted={"state": UF_CODES, "region": REGIONS},
    ),
    TableSpec(
        "dim_site",
        "Towers and the warehouse that supplies each.",
        key=("site_id",),
        relationships={"warehouse_id": WAREHOUSE},
        accepted={"state": UF_CODES},
    ),
    TableSpec(
        "dim_supplier",
        "Suppliers and their nominal lead time (days).",
        key=("supplier_id",),
        not_null=("nominal_lead_time_days",),
    ),
    TableSpec(
        "dim_date",
        "Calendar with Brazilian national holidays named in pt-BR.",
        key=("date",),
    ),
    TableSpec(
        "fct_consumption",
        "One row per issue transaction to a tower (units), for drill-down.",
        key=("txn_id",),
        not_null=("txn_date", "quantity"),
        relationships={
            "item_id": ITEM,
            "site_id": ("dim_site", "site_id"),
            "warehouse_id": WAREHOUSE,
            "txn_date": DATE,
        },
    ),
    TableSpec(
        "fct_demand_daily",
        "Demand per item x warehouse x day (units) and the censored flag (end-of-day stock 0). "
        "Sparse: a missing day had zero demand and was not censored.",
        key=("item_id", "warehouse_id", "date"),
        not_null=("quantity", "censored"),
        relationships={"item_id": ITEM, "warehouse_id": WAREHOUSE, "date": DATE},
    ),
    TableSpec(
        "fct_inventory_daily",
        "End-of-day stock position per item x warehouse (units), a row per change: `date` is "
        "the first day of the position, `reported_through` the last day the ERP reported it; "
        "it holds until the next row. The position on any day is the row with the greatest "
        "`date` on or before it.",
        key=("item_id", "warehouse_id", "date"),
        not_null=("reported_through", "on_hand", "on_order"),
        relationships={"item_id": ITEM, "warehouse_id": WAREHOUSE, "date": DATE},
    ),
    TableSpec(
        "fct_lead_time",
        "Purchase order lines: order-to-receipt days, promised days, delay and late flag.",
        key=("po_id",),
        not_null=("order_date", "expected_date", "is_open", "is_late"),
        relationships={
            "item_id": ITEM,
            "warehouse_id": WAREHOUSE,
            "supplier_id": ("dim_supplier", "supplier_id"),
        },
    ),
    TableSpec(
        "fct_forecast",
        "Daily forecast per item x warehouse x model version (units/day) with 80/95% intervals.",
        key=("item_id", "warehouse_id", "date", "model_version"),
        not_null=("yhat",),
        relationships={"item_id": ITEM, "warehouse_id": WAREHOUSE},
        accepted={"demand_class": DEMAND_CLASSES},
    ),
    TableSpec(
        "fct_forecast_accuracy",
        "Forecast accuracy per item x warehouse x model version x source (backtest or live).",
        key=("item_id", "warehouse_id", "model_version", "source"),
        relationships={"item_id": ITEM, "warehouse_id": WAREHOUSE},
        accepted={"source": ("backtest", "live")},
    ),
    TableSpec(
        "fct_forecast_period",
        "Week and month demand totals of the current model version per item x warehouse: mean "
        "and 2.5/10/50/90/97.5% quantiles of each period's total over its days inside the "
        "forecast horizon (units), from the predictive distribution (never summed daily bounds). "
        "Empty when the export has no period file.",
        key=("item_id", "warehouse_id", "grain", "period_start"),
        not_null=("period_end", "days_in_horizon", "mean", "model_version"),
        relationships={"item_id": ITEM, "warehouse_id": WAREHOUSE},
        accepted={"grain": GRAINS},
    ),
    TableSpec(
        "fct_reorder_point",
        "Reorder point (service-level quantile of lead-time demand), safety stock, order-up-to "
        "level, status and order suggestion per item x warehouse as of the snapshot date, with "
        "every input of the numbers and the method used (rop_method).",
        key=("item_id", "warehouse_id"),
        not_null=(
            "as_of_date",
            "status",
            "status_reason",
            "rop_method",
            "safety_stock",
            "reorder_point",
            "order_up_to",
            "suggested_order_qty",
            "on_hand",
        ),
        relationships={"item_id": ITEM, "warehouse_id": WAREHOUSE},
        accepted={
            "status": STATUSES,
            "demand_class": DEMAND_CLASSES,
            "rop_method": ROP_METHODS,
        },
    ),
    TableSpec(
        "data_quality",
        "The data quality report of the run that built this snapshot: one row per check.",
        key=("check_name",),
        not_null=("status",),
        accepted={"status": ("ok", "warn", "fail")},
    ),
]

TABLE_NAMES = [spec.name for spec in GOLD_TABLES]
