"""The gold tables: grain, key and tests of each (rendered as docs/gold-snapshot.md).

The manifest of every snapshot carries these descriptions, so the API and any analyst can read
what a table is without reading this code. Quantities are in the item's unit, money in BRL,
dates are local dates (America/Sao_Paulo), timestamps UTC.
"""

from __future__ import annotations

from pipeline.contract.schema import CRITICALITIES, REGIONS, UF_CODES
from pipeline.gold.checks import TableSpec
from pipeline.gold.forecasts import DEMAND_CLASSES, GRAINS
from pipeline.gold.proposals import REASON_CODES
from pipeline.gold.reorder_sql import ROP_METHODS
from pipeline.gold.transfer_params import DEFAULT_TRANSFER_LEAD_TIMES

# The one list of reorder statuses, in precedence order (the first that applies is the status).
STATUSES = ("no_demand", "stockout", "critical", "reorder", "excess", "ok")
# The worklist's order, most urgent first (fct_reorder_list.status_rank): the precedence order,
# but no_demand (which overrides every other status: nothing to plan) last.
STATUS_URGENCY = {s: rank for rank, s in enumerate((*STATUSES[1:], STATUSES[0]), start=1)}

ITEM = ("dim_item", "item_id")
WAREHOUSE = ("dim_warehouse", "warehouse_id")
DATE = ("dim_date", "date")

GOLD_TABLES: list[TableSpec] = [
    TableSpec(
        "dim_item",
        "Spare parts: name, category, unit, unit_cost (BRL), ABC criticality, usual supplier, "
        "minimum order quantity (`moq`) and pack size (`order_multiple`), null when none.",
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
        "Suppliers, their nominal lead time (days) and the smallest order value they accept "
        "(`min_order_value_brl`, BRL; null: no minimum).",
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
        "Week and month demand totals of the current model version per item x warehouse: mean, "
        "2.5/10/50/90/97.5% quantiles (q025..q975) and the 80% and 95% bands (lo80..hi80, "
        "lo95..hi95: at least that share of the total's probability; [0, the 80% quantile] "
        "where zero is likely) of each period's total over its days inside the forecast horizon "
        "(units), from the predictive distribution (never summed daily bounds). An export "
        "without band columns gets its equal-tailed quantiles. Empty when the export has no "
        "period file.",
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
        "fct_reorder_list",
        "The planner's worklist: every column of fct_reorder_point plus item, unit, warehouse "
        "(and region) and supplier names; open purchase orders (`open_order_count`, "
        "`open_order_qty`, `next_receipt_date`, `next_receipt_qty`); transfers in and out "
        "(units); `proposal_qty` and `proposal_value_brl` (the fct_purchase_proposal line, units "
        "and BRL; 0 without one); `order_now` (as fct_purchase_proposal chooses its lines); "
        "`excess_qty` (units above the order-up-to level "
        "of a line in excess); `status_rank` (urgency: "
        + ", ".join(f"{rank} {status}" for status, rank in STATUS_URGENCY.items())
        + ") and `priority_rank` (1 = first: urgency, lines to order now, value of the "
        "suggested order, item, warehouse).",
        key=("item_id", "warehouse_id"),
        not_null=("status", "status_rank", "priority_rank", "order_now", "item_name"),
        relationships={"item_id": ITEM, "warehouse_id": WAREHOUSE},
        accepted={"status": STATUSES},
    ),
    TableSpec(
        "fct_transfer_suggestion",
        "Transfers that cover a warehouse short of an item (something to order, or in "
        "stockout/critical until an open order arrives: `compared_with` purchase or "
        "open_order) from another holding it above its order-up-to level plus a margin, when "
        "the transfer arrives sooner (`days_saved` = `replenish_days`, the purchase lead time "
        "or the days until the open order is expected, - the transfer lead time of the region "
        "pair, days) and moves enough value (BRL). `quantity` in units; the origin keeps at "
        "least its reorder point (`from_on_hand_after` >= `from_reorder_point`). Transfer lead "
        "times by region pair: setting `PIPELINE_TRANSFER_LEAD_TIMES` (default "
        f"`{DEFAULT_TRANSFER_LEAD_TIMES}` days: same region, neighbouring regions, others).",
        key=("item_id", "from_warehouse_id", "to_warehouse_id"),
        not_null=("quantity", "value_brl", "transfer_lead_time_days", "days_saved", "reason"),
        relationships={
            "item_id": ITEM,
            "from_warehouse_id": WAREHOUSE,
            "to_warehouse_id": WAREHOUSE,
        },
        accepted={
            "reason_code": ("excess_elsewhere",),
            "compared_with": ("purchase", "open_order"),
        },
    ),
    TableSpec(
        "fct_purchase_proposal",
        "Lines to order now, per supplier: something to order and the order-by date reached "
        "(without an order-by date, because the lead time reaches past the projection horizon: "
        "on the reorder point's trigger alone, `order_by_date` = as_of). "
        "`order_qty` (units) is fct_reorder_point's suggested order (rounded up to `moq` and "
        "`order_multiple`) less what arrives by transfer (`transfer_in_qty`), rounded again; "
        "`value_brl` = `order_qty` x `unit_cost`; `expected_arrival_date` = as_of + the lead "
        "time; `reason_code` is language-neutral (the dashboard translates it), `reason` says "
        "it in English with the numbers.",
        key=("item_id", "warehouse_id"),
        not_null=("supplier_id", "order_qty", "value_brl", "order_by_date", "reason"),
        relationships={
            "item_id": ITEM,
            "warehouse_id": WAREHOUSE,
            "supplier_id": ("dim_supplier", "supplier_id"),
        },
        accepted={"reason_code": REASON_CODES, "status": STATUSES},
    ),
    TableSpec(
        "fct_projected_stock",
        "Projected stock per series (but no_demand) and day, from as_of (day 0) to the "
        "projection horizon: on hand + open purchase orders on their expected date (a late one "
        "the day after as_of) - the current forecast's mean (or the series' daily demand), "
        "units. Negative: demand not met by then. Suggested orders and transfers not included.",
        key=("item_id", "warehouse_id", "date"),
        not_null=("day_ahead", "receipts", "expected_demand", "projected_stock"),
        relationships={"item_id": ITEM, "warehouse_id": WAREHOUSE},
    ),
    TableSpec(
        "fct_service_achieved",
        "Achieved service per series over the last `window_days` (90, 365) from the days with "
        "a known stock position: `days_in_stock_share` (days not censored / days observed) and "
        "`fill_rate` (issued / (issued + estimated unmet units); on a censored day the unmet "
        "demand is the window's mean per uncensored day less what was issued, never below 0), "
        "beside the target cycle service level.",
        key=("item_id", "warehouse_id", "window_days"),
        not_null=("as_of_date", "stockout_days", "issued_units"),
        relationships={"item_id": ITEM, "warehouse_id": WAREHOUSE},
    ),
    TableSpec(
        "fct_service_by_class",
        "Achieved service per criticality and per demand class (`class_kind`, `class_name`) "
        "over 90 and 365 days: days-weighted in-stock share, units-weighted fill rate, the "
        "criticality's target service level.",
        key=("class_kind", "class_name", "window_days"),
        not_null=("series",),
        accepted={"class_kind": ("criticality", "demand_class")},
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
