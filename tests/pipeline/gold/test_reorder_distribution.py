"""fct_reorder_point from the forecast distribution (docs/gold-snapshot.md) against known answers.

The grids are built here from distributions whose quantiles are known exactly (Poisson, negative
binomial), with numpy-only code, so the expected reorder points are analytic quantiles. The reorder
point is the quantile of demand over the lead time plus the review period, L + R days
(R = review_days, 7 by default); the order-up-to level is S = ROP + d R, d = D_L / L.
"""

from __future__ import annotations

import math

import numpy as np
import pyarrow as pa
import pytest

from pipeline.gold.lead_time_quantiles import SLIDER_LEVELS
from pipeline.gold.params import ReorderParams
from pipeline.gold.reorder import reorder_points
from tests.pipeline.gold.factories import (
    AS_OF,
    GRID_LEVELS,
    by_item,
    connect,
    day,
    demand,
    distribution,
    forecast,
    item,
    purchase_order,
    series,
    stock,
    supplier,
)

approx = pytest.approx
LEVELS = np.array(GRID_LEVELS)
R = ReorderParams().review_days  # 7 days between reviews


def poisson_cdf(mean: float, top: int = 2000) -> np.ndarray:
    """P(N <= k) for k = 0..top, N ~ Poisson(mean)."""
    k = np.arange(top + 1)
    log_pmf = k * np.log(mean) - mean - np.concatenate([[0.0], np.cumsum(np.log(k[1:]))])
    return np.cumsum(np.exp(log_pmf))


def negative_binomial_cdf(mean: float, dispersion: float, top: int = 4000) -> np.ndarray:
    """P(N <= k) for N negative binomial with that mean and variance mean + dispersion mean²."""
    size = 1.0 / dispersion
    k = np.arange(1, top + 1)
    log_ratio = np.log((k - 1 + size) / k) + np.log(mean / (size + mean))
    log_p0 = size * np.log(size / (size + mean))
    return np.cumsum(np.exp(log_p0 + np.concatenate([[0.0], np.cumsum(log_ratio)])))


def quantiles(cdf: np.ndarray, levels: np.ndarray = LEVELS) -> np.ndarray:
    """Smallest k with P(N <= k) >= level."""
    return np.searchsorted(cdf, levels - 1e-12).astype(float)


def poisson_grid(item_id: str, rate: float) -> list[dict]:
    return distribution(item_id, lambda h: quantiles(poisson_cdf(rate * h)), lambda h: rate * h)


def test_reorder_point_is_the_analytic_poisson_quantile() -> None:
    # A (0.99), nominal L = 28 days, L + R = 35 a grid horizon; 0.5 unit/day: lead-time demand
    # ~ Poisson(14), demand over the protection interval ~ Poisson(17.5)
    con = connect(
        items=[item("P1", criticality="A")],
        suppliers=[supplier("S1", nominal=28)],
        series=[series("P1")],
        forecast=forecast("P1", [0.5] * 90, demand_class="intermittent"),
        forecast_distribution=poisson_grid("P1", 0.5),
        inventory_current=[stock("P1", on_hand=5)],
    )
    row = by_item(reorder_points(con, AS_OF))["P1"]

    assert R == 7
    reorder_point = quantiles(poisson_cdf(0.5 * (28 + R)), np.array([0.99]))[0]  # 28
    lead_time_only = quantiles(poisson_cdf(14.0), np.array([0.99]))[0]  # 23: L alone falls short
    order_up_to = reorder_point + 0.5 * R  # 31.5
    assert (row["rop_method"], row["demand_source"], row["ss_method"]) == (
        "distribution",
        "distribution",
        "distribution",
    )
    assert row["reorder_point"] == approx(reorder_point) == 28
    assert row["reorder_point"] > lead_time_only
    assert row["lead_time_demand"] == approx(14.0)  # the mean over L, not L + R
    assert row["daily_demand"] == approx(0.5)
    assert row["safety_stock"] == approx(reorder_point - 14.0 - 0.5 * R)  # 10.5
    assert row["order_up_to"] == approx(order_up_to)
    assert (row["distribution_horizon_days"], row["distribution_extrapolated"]) == (364, False)
    assert "+ 7 review days" in row["rop_reason"]
    assert row["status"] == "critical"  # on hand 5 <= SS 10.5
    assert row["suggested_order_qty"] == np.ceil(order_up_to - 5) == 27
    # the what-if slider's reorder points: the same quantile over L + R at every level it offers
    slider = dict(zip(SLIDER_LEVELS, row["reorder_point_by_level"], strict=True))
    assert slider[0.99] == row["reorder_point"]
    for level, value in slider.items():
        assert value == approx(quantiles(poisson_cdf(0.5 * (28 + R)), np.array([level]))[0])

    # a two-week review: the protection interval is 28 + 14 = 42 days, another grid horizon
    biweekly = by_item(reorder_points(con, AS_OF, ReorderParams(review_days=14)))["P1"]
    reorder_point = quantiles(poisson_cdf(0.5 * 42), np.array([0.99]))[0]  # 32
    assert biweekly["reorder_point"] == approx(reorder_point) == 32
    assert biweekly["order_up_to"] == approx(reorder_point + 0.5 * 14)
    assert biweekly["lead_time_demand"] == approx(14.0)


def test_negative_binomial_quantile_and_a_lead_time_between_grid_horizons() -> None:
    # lumpy: mean 0.2/day, variance mu + 0.8 mu²; L + R = 37 lies between horizons 35 and 42
    def grid(h: int) -> np.ndarray:
        return quantiles(negative_binomial_cdf(0.2 * h, 0.8))

    con = connect(
        items=[item("N1", criticality="B")],
        suppliers=[supplier("S1", nominal=30)],
        series=[series("N1")],
        forecast=forecast("N1", [0.2] * 90, demand_class="lumpy"),
        forecast_distribution=distribution("N1", grid, lambda h: 0.2 * h),
        inventory_current=[stock("N1", on_hand=20)],
    )
    row = by_item(reorder_points(con, AS_OF))["N1"]

    at = int(np.searchsorted(LEVELS, 0.95))
    assert (grid(35)[at], grid(42)[at]) == (20, 24)  # the helper's quantiles move with h
    interpolated = grid(35)[at] + (37 - 35) / 7 * (grid(42)[at] - grid(35)[at])  # ~21.14
    analytic = quantiles(negative_binomial_cdf(0.2 * 37, 0.8), np.array([0.95]))[0]  # 22
    assert row["reorder_point"] == approx(interpolated)
    assert abs(row["reorder_point"] - analytic) <= 1.0  # the grid's resolution: one unit
    assert row["lead_time_demand"] == approx(6.0)  # mean over L = 30 (between 28 and 35)


def test_mixture_over_two_lead_times_is_the_analytic_mixture_quantile() -> None:
    # four received orders: two took 14 days, two 28: equal weight, a 50/50 mixture
    orders = [
        purchase_order(f"PO{k}", "M1", ordered=-200 + 30 * k, lead_time=(14, 28)[k % 2])
        for k in range(4)
    ]
    con = connect(
        items=[item("M1", criticality="B")],
        suppliers=[supplier("S1", nominal=60)],
        series=[series("M1")],
        purchase_orders=orders,
        forecast=forecast("M1", [1.0] * 90),
        forecast_distribution=poisson_grid("M1", 1.0),
        inventory_current=[stock("M1", on_hand=100)],
    )
    row = by_item(reorder_points(con, AS_OF))["M1"]

    # each lead time plus the review: 14 + 7 and 28 + 7 days at 1 unit/day
    mixture = 0.5 * poisson_cdf(14.0 + R) + 0.5 * poisson_cdf(28.0 + R)
    analytic = quantiles(mixture, np.array([0.95]))[0]  # 43
    single = quantiles(poisson_cdf(21.0 + R), np.array([0.95]))[0]  # the mean lead time alone: 37
    assert (row["lead_time_point_count"], row["lead_time_min_days"]) == (4, 14)
    assert (row["lead_time_max_days"], row["lead_time_days"]) == (28, 21)
    assert abs(row["reorder_point"] - analytic) <= 1.0
    assert row["reorder_point"] > single + 3  # lead-time spread is part of the distribution
    assert row["lead_time_demand"] == approx(21.0)
    assert row["order_up_to"] == approx(row["reorder_point"] + 1.0 * R)


def test_a_window_quantile_is_never_a_sum_of_daily_quantiles() -> None:
    con = connect(
        items=[item("W1", criticality="A")],
        suppliers=[supplier("S1", nominal=28)],
        series=[series("W1")],
        forecast=forecast("W1", [0.3] * 90),
        forecast_distribution=poisson_grid("W1", 0.3),
        inventory_current=[stock("W1", on_hand=50)],
    )
    row = by_item(reorder_points(con, AS_OF))["W1"]

    daily = quantiles(poisson_cdf(0.3), np.array([0.99]))[0]  # 2 units on a single day
    window = quantiles(poisson_cdf(0.3 * (28 + R)), np.array([0.99]))[0]  # 19 units over 35 days
    assert row["reorder_point"] == approx(window) == 19
    assert row["reorder_point"] < (28 + R) * daily / 3  # 70 were the daily quantiles summed


def test_lead_time_beyond_the_last_horizon_is_extrapolated_and_flagged() -> None:
    con = connect(
        items=[item("E1", criticality="B")],
        suppliers=[supplier("S1", nominal=56)],
        series=[series("E1")],
        forecast_distribution=distribution(
            "E1", lambda h: quantiles(poisson_cdf(0.5 * h)), lambda h: 0.5 * h, horizons=(14, 28)
        ),
        inventory_current=[stock("E1", on_hand=100)],
    )
    row = by_item(reorder_points(con, AS_OF))["E1"]

    q28 = quantiles(poisson_cdf(14.0), np.array([0.95]))[0]
    ratio = (56 + R) / 28  # L + R = 63 days: mean x r, distance from the mean x sqrt(r)
    assert row["reorder_point"] == approx(ratio * 14.0 + np.sqrt(ratio) * (q28 - 14.0))
    assert row["lead_time_demand"] == approx(28.0)  # the mean over L = 56 days, r = 2
    assert (row["distribution_horizon_days"], row["distribution_extrapolated"]) == (28, True)
    assert "extrapolated" in row["rop_reason"]


def test_a_series_missing_from_the_distribution_keeps_the_normal_method() -> None:
    con = connect(
        items=[item("D1"), item("F1")],
        suppliers=[supplier("S1", nominal=14)],
        series=[series("D1"), series("F1")],
        forecast=forecast("D1", [1.0] * 30) + forecast("F1", [1.0] * 30),
        forecast_distribution=poisson_grid("D1", 1.0),
        inventory_current=[stock("D1", 30), stock("F1", 30)],
    )
    rows = by_item(reorder_points(con, AS_OF))
    assert rows["D1"]["rop_method"] == "distribution"
    assert (rows["F1"]["rop_method"], rows["F1"]["ss_method"]) == ("normal_fallback", "normal")
    assert rows["F1"]["rop_reason"].startswith("series not in the current forecast distribution")
    # no error scale, no history: SS 0, ROP = 14 days + 7 review days at 1 unit/day
    assert rows["F1"]["reorder_point"] == approx(14.0 + R)
    assert rows["F1"]["distribution_horizon_days"] is None


def test_censored_days_do_not_lower_the_history_quantile() -> None:
    # Same issued quantities; on C the spike days were stockouts (demand was at least that).
    params = ReorderParams(history_days=60, min_empirical_windows=10)
    spikes = {5: 12.0, 20: 15.0, 40: 14.0, 50: 13.0}
    small = {k: 1.0 for k in range(0, 60, 3) if k not in spikes}
    history = spikes | small
    rows_for = {
        "U": [demand("U", k - 59, q) for k, q in history.items()],
        "C": [demand("C", k - 59, q, censored=k in spikes) for k, q in history.items()],
    }
    con = connect(
        items=[item("U"), item("C")],
        suppliers=[supplier("S1", nominal=7)],
        series=[series("U"), series("C")],
        demand_daily=rows_for["U"] + rows_for["C"],
        forecast=forecast("U", [0.5] * 30, demand_class="lumpy")
        + forecast("C", [0.5] * 30, demand_class="lumpy"),
        inventory_current=[stock("U", 10), stock("C", 10)],
    )
    rows = by_item(reorder_points(con, AS_OF, params))

    daily = [history.get(k, 0.0) for k in range(60)]
    span = 7 + R  # windows of L + R = 14 days: 47 of them
    windows = [sum(daily[s : s + span]) for s in range(60 - span + 1)]
    touched = [any(k in spikes for k in range(s, s + span)) for s in range(60 - span + 1)]
    dropped = sorted(w for w, t in zip(windows, touched, strict=True) if not t)
    old_rule = dropped[
        int(np.ceil(len(dropped) * 0.95)) - 1
    ]  # windows touching a stockout left out: 5
    complete = sorted(windows)[int(np.ceil(len(windows) * 0.95)) - 1]  # 31
    assert rows["U"]["empirical_windows"] == len(windows) == 47
    assert rows["U"]["empirical_lead_time_demand"] == approx(complete)
    assert rows["C"]["empirical_censored_windows"] == sum(touched)
    assert rows["C"]["empirical_lead_time_demand"] >= complete > old_rule


def test_a_dormant_part_whose_forecast_expects_demand_keeps_the_distribution_quantile() -> None:
    # A parts without demand for a year (no_recent_demand) whose model still expects 0.2 a day:
    # the distribution's quantile, which knows the lumps, not the Poisson insurance; one whose
    # distribution stocks nothing over the lead time + review (P(0) >= 0.99) gets the insurance
    # unit
    con = connect(
        items=[item("D1", criticality="A"), item("D2", criticality="A")],
        suppliers=[supplier("S1", nominal=28)],
        series=[series("D1"), series("D2")],
        demand_daily=[demand("D1", -500, 80), demand("D2", -500, 2)],
        forecast=forecast("D1", [0.2] * 90, demand_class="no_recent_demand")
        + forecast("D2", [0.0002] * 90, demand_class="no_recent_demand"),
        forecast_distribution=poisson_grid("D1", 0.2) + poisson_grid("D2", 0.0002),
        inventory_current=[stock("D1", 0), stock("D2", 0)],
    )
    rows = by_item(reorder_points(con, AS_OF))
    expected = quantiles(poisson_cdf(0.2 * (28 + R)), np.array([0.99]))[0]  # 14
    assert quantiles(poisson_cdf(0.0002 * (28 + R)), np.array([0.99]))[0] == 0  # D2's: nothing
    assert rows["D1"]["rop_method"] == "distribution"
    assert rows["D1"]["reorder_point"] == approx(expected) == 14
    assert rows["D2"]["rop_method"] == "insurance"
    # 2 units in the 501 days since the first day of data, over 28 + 7 days
    insured = max(1.0, quantiles(poisson_cdf(2 / 501 * (28 + R)), np.array([0.99]))[0])
    assert rows["D2"]["reorder_point"] == approx(insured) == 1
    assert "the forecast stocks nothing" in rows["D2"]["rop_reason"]


def test_a_dormant_critical_part_keeps_insurance_stock() -> None:
    # 3 units 500 days ago, nothing since, a zero forecast; the first day of data is that day
    ids = {"A1": "A", "B1": "B"}
    con = connect(
        items=[item(i, criticality=c) for i, c in ids.items()],
        suppliers=[supplier("S1", nominal=30)],
        series=[series(i) for i in ids],
        demand_daily=[demand(i, -500, 3) for i in ids],
        forecast=[r for i in ids for r in forecast(i, [0.0] * 90, demand_class="no_recent_demand")],
        inventory_current=[stock(i, 0) for i in ids],
    )
    rows = by_item(reorder_points(con, AS_OF))

    rate = 3 / 501
    reorder_point = max(1.0, quantiles(poisson_cdf(rate * (30 + R)), np.array([0.99]))[0])
    order_up_to = reorder_point  # + the review's 0.04 units, in whole units: + 0
    a1 = rows["A1"]
    assert (a1["rop_method"], a1["ss_method"], a1["demand_source"]) == (
        "insurance",
        "insurance",
        "long_run_history",
    )
    assert (a1["lookback_demand_units"], a1["lookback_days"]) == (3, 501)
    assert a1["long_run_daily_demand"] == approx(rate)
    assert a1["reorder_point"] == approx(reorder_point) == 2
    assert a1["lead_time_demand"] == approx(rate * 30)
    assert a1["safety_stock"] == approx(reorder_point - rate * 30 - rate * R)
    assert a1["order_up_to"] == approx(order_up_to)
    # an insured part is stocked in whole units: the review's 0.04 expected units add none
    assert (a1["status"], a1["suggested_order_qty"]) == ("stockout", 2)
    assert "dormant critical part" in a1["rop_reason"]
    assert "over 37.0 days (lead time + review)" in a1["rop_reason"]
    # criticality B: not insured, nothing to plan
    assert (rows["B1"]["rop_method"], rows["B1"]["status"]) == ("normal_fallback", "no_demand")
    assert rows["B1"]["suggested_order_qty"] == 0


def test_a_stockout_covered_by_an_open_order_says_when_it_arrives() -> None:
    con = connect(
        items=[item("O1")],
        suppliers=[supplier("S1", nominal=10)],
        series=[series("O1")],
        purchase_orders=[purchase_order("PO1", "O1", ordered=-3, lead_time=None, expected=5)],
        forecast=forecast("O1", [1.0] * 30),
        forecast_distribution=poisson_grid("O1", 1.0),
        inventory_current=[stock("O1", 0, on_order=40)],
    )
    row = by_item(reorder_points(con, AS_OF))["O1"]
    assert (row["status"], row["suggested_order_qty"]) == ("stockout", 0)
    assert row["open_orders_expected_by"] == day(5)
    assert row["status_reason"] == f"covered by open orders of 40.0 units arriving by {day(5)}"


def _with_order_constraints(con, constraints: dict[str, tuple[float | None, float | None]]) -> None:
    """Re-register ``items`` with the optional moq and order_multiple columns."""
    items = con.sql("select * from items").to_arrow_table().to_pylist()
    for row in items:
        row["moq"], row["order_multiple"] = constraints.get(row["item_id"], (None, None))
    con.register("items", pa.Table.from_pylist(items))


def test_moq_and_order_multiple_are_respected() -> None:
    ids = ("Q1", "Q2", "Q3", "Q4")
    con = connect(
        items=[item(i) for i in ids],
        suppliers=[supplier("S1", nominal=7)],
        series=[series(i) for i in ids],
        forecast=[r for i in ids for r in forecast(i, [1.0] * 30)],
        inventory_current=[stock(i, 11.5) for i in ids],
    )
    plain = by_item(reorder_points(con, AS_OF))  # no such columns: no constraint
    _with_order_constraints(con, {"Q1": (10, 6), "Q2": (None, 4), "Q3": (3, None)})
    rows = by_item(reorder_points(con, AS_OF))

    # ROP = 7 + 7 review days, S = 14 + 7 (a flat forecast without error scale), IP 11.5 <= 14:
    # 9.5 -> 10 units
    assert (plain["Q1"]["reorder_point"], plain["Q1"]["order_up_to"]) == (14, 21)
    assert plain["Q1"]["suggested_order_qty"] == 10
    assert (plain["Q1"]["moq"], plain["Q1"]["order_multiple"]) == (None, None)
    assert rows["Q1"]["suggested_order_qty"] == 12  # moq 10, then a multiple of 6
    assert rows["Q2"]["suggested_order_qty"] == 12  # a multiple of 4
    assert rows["Q3"]["suggested_order_qty"] == 10  # above the moq already
    assert rows["Q4"]["suggested_order_qty"] == 10  # no constraint
    assert (rows["Q1"]["moq"], rows["Q1"]["order_multiple"]) == (10, 6)


def test_statuses_never_contradict_quantities() -> None:
    rng = np.random.default_rng(7)
    n = 300
    ids = [f"R{k:03d}" for k in range(n)]
    rates = rng.choice([0.0, 0.05, 0.3, 1.0, 4.0], size=n)
    with_grid = rng.random(n) < 0.6
    constraints = {
        i: (float(rng.integers(1, 20)), float(rng.integers(1, 7)))
        for i in ids
        if rng.random() < 0.3
    }
    con = connect(
        items=[item(i, criticality=str(rng.choice(list("ABC")))) for i in ids],
        suppliers=[supplier("S1", nominal=int(rng.integers(1, 60)))],
        series=[series(i) for i in ids],
        demand_daily=[demand(i, -int(rng.integers(1, 900)), 2) for i in ids if rng.random() < 0.7],
        forecast=[r for i, rate in zip(ids, rates, strict=True) for r in forecast(i, [rate] * 60)],
        forecast_distribution=[
            r
            for i, rate, g in zip(ids, rates, with_grid, strict=True)
            if g and rate > 0
            for r in poisson_grid(i, rate)
        ],
        purchase_orders=[
            purchase_order(
                f"PO{i}", i, ordered=-5, lead_time=None, expected=int(rng.integers(1, 9))
            )
            for i in ids
            if rng.random() < 0.3
        ],
        inventory_current=[
            stock(i, float(rng.choice([0, 0, 1, 3, 10, 50, 400])), float(rng.choice([0, 0, 5, 60])))
            for i in ids
        ],
    )
    _with_order_constraints(con, constraints)
    table = reorder_points(con, AS_OF)

    assert table.num_rows == n
    for row in table.to_pylist():
        quantity, status = row["suggested_order_qty"], row["status"]
        position = row["inventory_position"]
        assert row["status_reason"]
        if quantity > 0:
            assert status in ("stockout", "critical", "reorder"), row
            assert position <= row["reorder_point"] + 1e-9, row
            moq, multiple = constraints.get(row["item_id"], (None, None))
            assert quantity >= (moq or 1)
            assert multiple is None or quantity % multiple == 0
        if status == "reorder":
            assert quantity > 0, row
        if status in ("stockout", "critical") and quantity == 0:
            reason = row["status_reason"]
            assert "covered by open orders" in reason or "nothing to order" in reason, row
        if status == "stockout":
            assert row["on_hand"] == 0
        if status == "critical":
            assert 0 < row["on_hand"] <= row["safety_stock"] + 1e-9
        if status == "excess":
            assert quantity == 0 and row["on_hand"] > row["order_up_to"]
        if status == "no_demand":
            assert quantity == 0 and row["rop_method"] != "insurance"
        review_demand = row["daily_demand"] * row["review_days"]
        assert row["daily_demand"] == approx(row["lead_time_demand"] / row["lead_time_days"])
        assert row["safety_stock"] == approx(
            row["reorder_point"] - row["lead_time_demand"] - review_demand
        )
        if row["rop_method"] == "insurance":  # whole units of the review's demand
            review_demand = math.floor(review_demand)
        assert row["order_up_to"] == approx(row["reorder_point"] + review_demand)
        assert row["order_up_to"] >= row["reorder_point"] - 1e-9


def test_a_zero_distribution_of_a_critical_part_with_past_demand_is_insured() -> None:
    # A2 sold 2 units 200 days ago and its distribution is all zeros; A3 sold only before the
    # 3-year lookback: dead, not dormant
    con = connect(
        items=[item("A2", criticality="A"), item("A3", criticality="A")],
        suppliers=[supplier("S1", nominal=30)],
        series=[series("A2"), series("A3")],
        demand_daily=[demand("A2", -200, 2), demand("A3", -1200, 5)],
        forecast=forecast("A2", [0.0] * 90) + forecast("A3", [0.0] * 90),
        forecast_distribution=distribution("A2", lambda h: [0.0] * len(LEVELS), lambda h: 0.0)
        + distribution("A3", lambda h: [0.0] * len(LEVELS), lambda h: 0.0),
        inventory_current=[stock("A3", 1)],  # A2 has none
    )
    rows = by_item(reorder_points(con, AS_OF))

    rate = 2 / 1095  # the lookback starts 1094 days before as_of (data reaches further back)
    expected = max(1.0, quantiles(poisson_cdf(rate * (30 + R)), np.array([0.99]))[0])
    assert (rows["A2"]["rop_method"], rows["A2"]["reorder_point"]) == ("insurance", expected)
    assert expected == 1
    # S = 1 + floor(rate x 7) = 1, IP 0: one unit
    assert rows["A2"]["order_up_to"] == approx(expected)
    assert (rows["A2"]["status"], rows["A2"]["suggested_order_qty"]) == ("stockout", 1)
    assert rows["A3"]["lookback_demand_units"] == 0
    assert (rows["A3"]["rop_method"], rows["A3"]["reorder_point"]) == ("distribution", 0)
    assert (rows["A3"]["status"], rows["A3"]["suggested_order_qty"]) == ("no_demand", 0)


def test_many_received_orders_are_summarised_by_their_quantiles() -> None:
    lead_times = [10, 11, 12, 13, 14, 15, 16, 17, 18, 40]  # ten orders: eight quantiles stand
    con = connect(
        items=[item("T1")],
        suppliers=[supplier("S1", nominal=30)],
        series=[series("T1")],
        purchase_orders=[
            purchase_order(f"PO{k}", "T1", ordered=-300 + 20 * k, lead_time=days)
            for k, days in enumerate(lead_times)
        ],
        forecast_distribution=poisson_grid("T1", 1.0),
        inventory_current=[stock("T1", 100)],
    )
    row = by_item(reorder_points(con, AS_OF))["T1"]

    def quantile(level: float) -> float:  # linear between order statistics (quantile_cont)
        position = level * (len(lead_times) - 1)
        below = int(position)
        above = min(below + 1, len(lead_times) - 1)
        return lead_times[below] + (position - below) * (lead_times[above] - lead_times[below])

    points = [quantile((k + 0.5) / 8) for k in range(8)]
    assert row["lead_time_point_count"] == 8
    assert (row["lead_time_min_days"], row["lead_time_max_days"]) == (
        approx(points[0]),
        approx(points[-1]),
    )
    assert row["lead_time_demand"] == approx(sum(points) / 8)  # 1 unit/day over each point
    assert row["lead_time_days"] == approx(sum(lead_times) / 10)
