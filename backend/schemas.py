"""Response models: the API's contract in the OpenAPI schema (for the frontend's typed client).

Routes return pre-encoded JSON (cached bytes), so these models document the answers rather than
build them; tests/backend validate every real answer against them, so they cannot drift.
Dates are ISO-8601 local dates (America/Sao_Paulo), money in BRL, quantities in the item's unit.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict


class Model(BaseModel):
    model_config = ConfigDict(extra="allow")  # new gold columns may appear before the docs


class Item(Model):
    item_id: str
    item_name: str
    category: str | None
    unit: str | None
    unit_cost: float | None
    criticality: str | None
    supplier_id: str | None
    supplier_name: str | None = None
    nominal_lead_time_days: int | None = None


class ItemSeries(Model):
    """The item in one warehouse (the item page's "other warehouses")."""

    warehouse_id: str
    warehouse_name: str | None
    status: str
    on_hand: float | None
    reorder_point: float | None
    safety_stock: float | None
    suggested_order_qty: int | None
    demand_class: str | None
    unit: str | None = None
    on_order: float | None = None
    inventory_position: float | None = None
    order_up_to: float | None = None
    days_of_cover: float | None = None
    excess_qty: int | None = None  # units above the order-up-to level, when in excess
    order_now: bool | None = None
    next_receipt_date: date | None = None
    next_receipt_qty: float | None = None
    transfer_in_qty: int | None = None
    transfer_out_qty: int | None = None
    suggested_order_value_brl: float | None = None
    inventory_value_brl: float | None = None


class ItemDetail(Item):
    warehouses: list[ItemSeries]


class Warehouse(Model):
    warehouse_id: str
    name: str | None
    city: str | None
    state: str | None
    region: str | None


class WarehouseSummary(Warehouse):
    n_series: int
    n_to_reorder: int
    inventory_value_brl: float


class Site(Model):
    site_id: str
    name: str | None
    city: str | None
    state: str | None
    warehouse_id: str
    sla_tier: str | None


# The service levels of fct_reorder_point.reorder_point_by_level, in its order (the what-if
# slider's steps; docs/gold-snapshot.md). The backend never imports the pipeline: a test holds
# this equal to pipeline.gold.lead_time_quantiles.SLIDER_LEVELS.
REORDER_POINT_LEVELS = (0.8, 0.85, 0.9, 0.925, 0.95, 0.96, 0.97, 0.975, 0.98, 0.99, 0.995)


class PlannedSeries(Model):
    """One series' row of fct_reorder_point: every input of the SS/ROP formula
    (docs/gold-snapshot.md)."""

    item_id: str
    warehouse_id: str
    as_of_date: date
    status: str
    criticality: str | None
    category: str | None
    demand_class: str | None
    lead_time_days: float | None
    lead_time_std_days: float | None
    lead_time_source: str | None
    service_level: float | None
    z: float | None
    lead_time_demand: float | None
    daily_demand: float | None
    demand_std: float | None
    demand_source: str | None
    safety_stock: float | None
    reorder_point: float | None
    on_hand: float | None
    on_order: float | None
    inventory_position: float | None
    days_of_cover: float | None
    order_up_to: float | None
    suggested_order_qty: int | None
    projected_stockout_date: date | None
    unit_cost: float | None
    inventory_value_brl: float | None
    suggested_order_value_brl: float | None
    # how each number was reached (docs/gold-snapshot.md: lumpy items get an empirical quantile)
    unit: str | None = None
    supplier_id: str | None = None
    model: str | None = None
    lead_time_observations: int | None = None
    demand_std_source: str | None = None
    history_observed_days: int | None = None
    history_censored_days: int | None = None
    adi: float | None = None
    cv2: float | None = None
    safety_stock_normal: float | None = None
    empirical_windows: int | None = None
    empirical_censored_windows: int | None = None  # of those, touching a censored day
    empirical_lead_time_demand: float | None = None
    ss_method: str | None = None
    excess_cover_threshold_days: float | None = None
    review_days: int | None = None
    order_by_date: date | None = None
    # the reorder point as a service-level quantile of lead-time demand (docs/gold-snapshot.md)
    rop_method: str | None = None  # distribution, insurance or normal_fallback
    rop_reason: str | None = None  # why the method, in English words (the UI translates)
    status_reason: str | None = None  # why the status and the quantity, in English words
    lead_time_point_count: int | None = None  # lead times in the mixture, equal weight each
    lead_time_min_days: float | None = None
    lead_time_max_days: float | None = None
    distribution_horizon_days: int | None = None  # last horizon of the distribution grid
    distribution_extrapolated: bool | None = None  # a lead time (+ review) beyond it
    lump_size: float | None = None  # typical units per demand occurrence
    moq: float | None = None  # minimum order quantity, units
    order_multiple: float | None = None  # order in multiples of this, units
    open_orders_expected_by: date | None = None
    lookback_demand_units: float | None = None  # insurance: demand over the lookback window
    lookback_days: int | None = None
    long_run_daily_demand: float | None = None  # insurance: units per day
    # the reorder point at each of reorder_point_levels (null unless rop_method = distribution)
    reorder_point_by_level: list[float] | None = None
    # the service levels of reorder_point_by_level (REORDER_POINT_LEVELS); filled in the series
    # answer, absent from the reorder list's rows
    reorder_point_levels: list[float] | None = None


class ReorderRow(PlannedSeries):
    """A line of the worklist (gold's fct_reorder_list): the series' row plus names, open
    orders, transfers and gold's ranking."""

    item_name: str
    warehouse_name: str | None
    supplier_name: str | None = None
    region: str | None = None
    status_rank: int  # urgency: 1 stockout ... no_demand last
    priority_rank: int  # 1 = first line of the worklist
    order_now: bool  # something to order and the order-by date reached ("Repor hoje")
    open_order_count: int = 0
    open_order_qty: float = 0.0
    next_receipt_date: date | None = None  # earliest expected date of an open order
    next_receipt_qty: float | None = None
    transfer_in_qty: int = 0  # units suggested to arrive by transfer
    transfer_out_qty: int = 0  # units suggested to leave by transfer
    proposal_qty: int = 0  # units in the purchase proposal (after transfers)
    proposal_value_brl: float = 0.0  # that line's value
    excess_qty: int = 0  # units above the order-up-to level, when in excess


class ReorderTotals(BaseModel):
    """Sums over every line matching the filters (all pages)."""

    lines: int
    suggested_order_value_brl: float
    inventory_value_brl: float
    proposal_value_brl: float


class HistoryPoint(BaseModel):
    date: date  # the day, or the first day of the week (Monday) or month
    quantity: float
    censored: bool  # some day of the period had on_hand = 0: demand is a lower bound
    censored_days: int
    days: int
    on_hand: float | None  # position at the period's last day
    on_order: float | None


class ForecastPoint(BaseModel):
    date: date
    yhat: float | None
    yhat_lo80: float | None
    yhat_hi80: float | None
    yhat_lo95: float | None
    yhat_hi95: float | None
    days: int


class Lines(BaseModel):
    safety_stock: float | None
    reorder_point: float | None
    order_up_to: float | None


class SeriesAccuracy(BaseModel):
    """One series' forecast accuracy (backtest, or live since the forecast was made)."""

    source: str
    model: str | None
    demand_class: str | None
    n_points: int | None
    rmsse: float | None
    rmsse_snaive: float | None  # the seasonal naive's RMSSE on the same backtest
    mae: float | None
    rmse: float | None
    wape: float | None
    bias: float | None
    coverage80: float | None
    coverage95: float | None
    first_date: date | None
    last_date: date | None


class Series(BaseModel):
    item: Item
    warehouse: Warehouse
    grain: str
    start: date
    end: date
    as_of_date: date
    model_version: str | None
    # daily; at week/month grain distribution (quantiles of the period total), or
    # sum_of_daily_bounds for a snapshot whose export had no period quantiles (conservative)
    interval_method: str
    history: list[HistoryPoint]
    forecast: list[ForecastPoint]
    lines: Lines
    reorder: PlannedSeries
    accuracy: list[SeriesAccuracy]  # this series' backtest and live accuracy, this version


class Category(BaseModel):
    category: str
    items: int
    series: int


class AccuracySummary(Model):
    source: str
    series: int
    rmsse_median: float | None
    rmsse_mean: float | None
    wape_mean: float | None
    bias_mean: float | None
    coverage80_mean: float | None
    coverage95_mean: float | None
    degraded_share: float | None


class KpiAccuracy(BaseModel):
    model_version: str | None
    degraded_rmsse_threshold: float
    by_source: list[AccuracySummary]


class Kpis(BaseModel):
    as_of_date: date | None
    warehouse_id: str | None
    series: int
    by_status: dict[str, int]
    inventory_value_brl: float
    suggested_order_value_brl: float
    value_at_risk_brl: float
    excess_value_brl: float
    order_now_lines: int  # lines with something to order and the order-by date reached
    proposal_lines: int  # lines of the purchase proposal (after transfers)
    proposal_value_brl: float
    transfer_lines: int
    transfer_value_brl: float
    accuracy: KpiAccuracy
    definitions: dict[str, str]


class Alert(BaseModel):
    type: str
    severity: str
    item_id: str | None
    item_name: str | None = None
    unit: str | None = None
    warehouse_id: str | None
    warehouse_name: str | None = None
    value: float | None
    threshold: float | None
    value_brl: float | None
    message: str


class AccuracyGroup(AccuracySummary):
    group: str | None
    n_points: int | None
    rmsse_snaive_mean: float | None
    mae_mean: float | None
    rmse_mean: float | None


class ModelChoice(BaseModel):
    model: str | None
    series: int


class ModelVersion(BaseModel):
    model_version: str
    is_current: bool | None
    series: int
    first_date: date | None
    last_date: date | None
    rows: int
    models: list[ModelChoice]
    generated_at: str | None
    dataset_id: str | None
    source: str | None
    code_version: str | None = None
    horizon_days: int | None = None


class SnapshotInfo(BaseModel):
    snapshot_id: str
    created_at: str | None
    as_of_date: str | None
    model_version: str | None
    run_id: str | None
    is_current: bool


class ProblemDetail(BaseModel):
    parameter: str
    problem: str | None


class ErrorDetail(BaseModel):
    status: int
    message: str  # what went wrong, for a person: "unknown item '123'", "bad parameter: ..."
    details: list[ProblemDetail] | None = None  # 422: one entry per bad parameter


class ErrorBody(BaseModel):
    """Every error answer: 401, 404, 405, 422, 503 (and 500, never for bad input)."""

    error: ErrorDetail


class Envelope(BaseModel):
    snapshot_id: str


class ItemPage(Envelope):
    data: list[Item]
    count: int


class ItemAnswer(Envelope):
    data: ItemDetail


class WarehousePage(Envelope):
    data: list[WarehouseSummary]
    count: int


class WarehouseAnswer(Envelope):
    data: Warehouse


class SitePage(Envelope):
    data: list[Site]
    count: int


class CategoryPage(Envelope):
    data: list[Category]
    count: int


class ReorderPage(Envelope):
    data: list[ReorderRow]
    count: int
    totals: ReorderTotals


class SeriesAnswer(Envelope):
    data: Series


class KpisAnswer(Envelope):
    data: Kpis


class AlertPage(Envelope):
    data: list[Alert]
    count: int


class AccuracyAnswer(Envelope):
    data: list[AccuracyGroup]
    count: int
    by: str
    model_version: str | None
    degraded_rmsse_threshold: float


class ModelPage(Envelope):
    data: list[ModelVersion]
    count: int


class SnapshotPage(Envelope):
    data: list[SnapshotInfo]
    count: int


class MetaAnswer(Envelope):
    data: dict[str, Any]
