"""Achieved service from censored days; projected stock from receipts and the forecast."""

from __future__ import annotations

import pytest

from pipeline.gold.projection import build_projection
from pipeline.gold.service import build_service
from tests.pipeline.gold.action_factories import AS_OF, connect, day, line, rows


def demand_day(offset: int, quantity: float, censored: bool = False, item: str = "A") -> dict:
    return {"item_id": item, "warehouse_id": "W-SE", "date": day(offset), "quantity": quantity,
            "censored": censored}  # fmt: skip


def service(**facts) -> dict[tuple[str, int], dict]:
    lines = [line("A", "W-SE", on_hand=5), line("B", "W-SE", on_hand=5)]
    con = connect(lines, **facts)
    build_service(con, AS_OF)
    found = rows(con, "select * from fct_service_achieved")
    return {(r["item_id"], r["window_days"]): r for r in found}, rows(
        con, "select * from fct_service_by_class order by all"
    )


def test_achieved_service_counts_stockout_days_and_estimates_their_unmet_demand() -> None:
    # Stock known from day -9: ten days. Days -4 and -3 ended with on_hand = 0 (censored):
    # 1 unit issued on the first, none on the second. Uncensored days: 2 units a day.
    demand = [demand_day(k, 2.0) for k in range(-9, 1) if k not in (-4, -3)]
    demand += [demand_day(-4, 1.0, censored=True), demand_day(-3, 0.0, censored=True)]
    positions = [{"item_id": "A", "warehouse_id": "W-SE", "date": day(-9), "on_hand": 9.0}]
    achieved, by_class = service(demand=demand, positions=positions)
    a = achieved["A", 90]
    assert (a["days_observed"], a["stockout_days"], a["days_in_stock"]) == (10, 2, 8)
    assert a["days_in_stock_share"] == pytest.approx(0.8)
    assert a["mean_daily_demand"] == pytest.approx(2.0)
    # issued 17; unmet on the censored days: (2 - 1) + (2 - 0) = 3
    assert a["issued_units"] == pytest.approx(17.0)
    assert a["estimated_unmet_units"] == pytest.approx(3.0)
    assert a["fill_rate"] == pytest.approx(17 / 20)
    assert achieved["A", 365]["days_observed"] == 10  # days before the first report: unknown
    # B has no stock report: nothing is known about its service
    b = achieved["B", 90]
    assert b["days_in_stock_share"] is None and b["fill_rate"] is None
    crit = next(r for r in by_class if r["class_kind"] == "criticality" and r["window_days"] == 90)
    assert crit["class_name"] == "B" and crit["series"] == 2
    assert crit["days_in_stock_share"] == pytest.approx(0.8)
    assert crit["fill_rate"] == pytest.approx(17 / 20)
    assert crit["target_service_level"] == pytest.approx(0.95)


def test_a_censored_day_with_more_than_the_mean_issued_adds_no_unmet_demand() -> None:
    demand = [demand_day(k, 1.0) for k in range(-4, 1)] + [demand_day(-5, 6.0, censored=True)]
    positions = [{"item_id": "A", "warehouse_id": "W-SE", "date": day(-5), "on_hand": 6.0}]
    achieved, _ = service(demand=demand, positions=positions)
    a = achieved["A", 90]
    assert a["stockout_days"] == 1
    assert a["estimated_unmet_units"] == 0
    assert a["fill_rate"] == pytest.approx(1.0)


def test_projected_stock_adds_receipts_on_their_date_and_takes_the_forecast() -> None:
    lines = [
        line("A", "W-SE", status="reorder", on_hand=10, daily_demand=0.5),
        line("N", "W-SE", status="no_demand", on_hand=3),
    ]
    po = dict(item_id="A", warehouse_id="W-SE", order_date=day(-30), received_date=None)
    purchase_orders = [
        {**po, "po_id": "P1", "expected_date": day(3), "quantity": 5.0},
        {**po, "po_id": "P2", "expected_date": day(-2), "quantity": 2.0},  # late: tomorrow
        {**po, "po_id": "P3", "expected_date": day(200), "quantity": 99.0},  # past the horizon
        {**po, "po_id": "P4", "expected_date": day(-40), "received_date": day(-38),
         "quantity": 50.0},  # received already
    ]  # fmt: skip
    forecast = [
        {"item_id": "A", "warehouse_id": "W-SE", "date": day(k), "model_version": "mv1",
         "yhat": 1.0}
        for k in range(1, 5)
    ] + [{"item_id": "A", "warehouse_id": "W-SE", "date": day(2), "model_version": "old",
          "yhat": 50.0}]  # fmt: skip
    con = connect(lines, purchase_orders=purchase_orders, forecast=forecast)
    build_projection(con, AS_OF, "mv1", 10)
    points = rows(con, "select * from fct_projected_stock order by date")
    assert {p["item_id"] for p in points} == {"A"}  # nothing to plan for a no_demand line
    assert [p["day_ahead"] for p in points] == list(range(11))
    stock = [p["projected_stock"] for p in points]
    # day 0: on hand; day 1: +2 late receipt -1; day 3: +5; days 5+: the daily demand 0.5
    assert stock[:6] == pytest.approx([10.0, 11.0, 10.0, 14.0, 13.0, 12.5])
    assert stock[10] == pytest.approx(10.0)
    assert sum(p["receipts"] for p in points) == pytest.approx(7.0)
