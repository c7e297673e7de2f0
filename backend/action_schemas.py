"""Response models of the planner's actions: purchase proposals, transfers, projected stock and
achieved service (gold tables in docs/gold-snapshot.md). Money in BRL, quantities in the item's
unit, dates ISO-8601 local dates, shares 0-1."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from backend.schemas import Envelope, Model


class ProposalLine(Model):
    """One line of fct_purchase_proposal: what to order now for one item x warehouse."""

    item_id: str
    item_name: str | None
    unit: str | None
    warehouse_id: str
    warehouse_name: str | None
    supplier_id: str
    supplier_name: str | None
    criticality: str | None
    status: str
    reason_code: str  # stockout, below_safety_stock or below_reorder_point (translate it)
    reason: str  # the same in English words, with the numbers
    need_qty: int  # units up to the order-up-to level
    suggested_order_qty: int  # fct_reorder_point's suggestion (moq and multiple applied)
    transfer_in_qty: int  # of the need, units arriving by transfer
    order_qty: int  # units to order: the need less transfers, moq and multiple applied
    moq: float | None
    order_multiple: float | None
    unit_cost: float | None
    value_brl: float  # order_qty x unit_cost
    order_by_date: date
    expected_arrival_date: date  # as_of + lead time
    lead_time_days: float | None
    on_hand: float | None
    on_order: float | None
    inventory_position: float | None
    reorder_point: float | None
    order_up_to: float | None
    projected_stockout_date: date | None


class SupplierProposal(BaseModel):
    supplier_id: str
    supplier_name: str | None
    line_count: int
    value_brl: float  # the sum of its lines' value_brl
    earliest_order_by_date: date
    first_expected_arrival_date: date
    last_expected_arrival_date: date
    min_order_value_brl: float | None  # the smallest order the supplier accepts; null: none
    meets_min_order_value: bool  # true without a minimum
    min_order_shortfall_brl: float  # what the order lacks to reach the minimum; 0 when met
    lines: list[ProposalLine]


class ProposalTotals(BaseModel):
    suppliers: int
    lines: int
    value_brl: float


class ProposalPage(Envelope):
    data: list[SupplierProposal]
    count: int  # suppliers
    totals: ProposalTotals
    as_of_date: date | None


class Transfer(Model):
    """One line of fct_transfer_suggestion, with names."""

    item_id: str
    item_name: str | None
    unit: str | None
    from_warehouse_id: str
    from_warehouse_name: str | None
    to_warehouse_id: str
    to_warehouse_name: str | None
    quantity: int
    unit_cost: float | None
    value_brl: float
    from_region: str | None
    to_region: str | None
    transfer_lead_time_days: int
    purchase_lead_time_days: float
    compared_with: str | None = None  # purchase, or open_order (stockout/critical until it arrives)
    replenish_days: float | None = None  # the purchase lead time or the days to the open order
    days_saved: float  # replenish_days - transfer_lead_time_days
    expected_arrival_date: date
    from_on_hand: float
    from_on_hand_after: float  # never below from_reorder_point
    from_reorder_point: float
    from_order_up_to: float
    to_status: str
    to_on_hand: float
    to_inventory_position: float
    to_reorder_point: float
    to_need_qty: float
    reason_code: str  # excess_elsewhere
    reason: str


class TransferTotals(BaseModel):
    lines: int
    value_brl: float


class TransferPage(Envelope):
    data: list[Transfer]
    count: int
    totals: TransferTotals


class ProjectionPoint(BaseModel):
    date: date
    day_ahead: int
    receipts: float  # units of open purchase orders expected that day
    expected_demand: float  # the forecast's mean for the day (units)
    projected_stock: float  # negative: units short by then


class OpenOrder(BaseModel):
    po_id: str
    order_date: date
    expected_date: date | None
    quantity: float | None
    is_late: bool  # expected before or on as_of and not received


class Projection(BaseModel):
    item_id: str
    warehouse_id: str
    unit: str | None
    as_of_date: date
    horizon_days: int
    on_hand: float | None
    safety_stock: float | None
    reorder_point: float | None
    order_up_to: float | None
    projected_stockout_date: date | None  # fct_reorder_point's (on hand only, no receipts)
    first_shortfall_date: date | None  # first day projected_stock <= 0, receipts counted
    points: list[ProjectionPoint]  # empty for a no_demand series
    open_orders: list[OpenOrder]


class ProjectionAnswer(Envelope):
    data: Projection


class ServiceWindow(BaseModel):
    window_days: int
    window_start: date | None
    days_observed: int | None  # days with a known stock position
    stockout_days: int
    days_in_stock: int | None
    days_in_stock_share: float | None
    issued_units: float
    mean_daily_demand: float | None  # per uncensored day
    estimated_unmet_units: float | None  # on censored days
    fill_rate: float | None  # issued / (issued + estimated unmet)
    target_service_level: float | None


class ServiceClass(BaseModel):
    class_kind: str  # criticality or demand_class
    class_name: str
    window_days: int
    series: int
    days_observed: float | None
    stockout_days: float | None
    days_in_stock_share: float | None
    issued_units: float | None
    estimated_unmet_units: float | None
    fill_rate: float | None
    target_service_level: float | None  # for a criticality


class SeriesService(BaseModel):
    item_id: str
    warehouse_id: str
    windows: list[ServiceWindow]
    classes: list[ServiceClass]  # the series' criticality and demand class


class SeriesServiceAnswer(Envelope):
    data: SeriesService


class ServiceClassPage(Envelope):
    data: list[ServiceClass]
    count: int
