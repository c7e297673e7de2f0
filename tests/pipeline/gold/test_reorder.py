"""fct_reorder_point against hand-computed cases (docs/gold-snapshot.md).

Every expected number is worked out here from the inputs, with the arithmetic written out, so a
reader can follow it without running the code under test. The reorder point covers the lead time
plus the review period, L + R days (R = review_days, 7 by default): ROP = D_L + d R + SS with
SS = z sqrt((L + R) sigma_d² + d² sigma_L²), and the order-up-to level is S = ROP + d R.
"""

from __future__ import annotations

import math
import statistics
from statistics import NormalDist

import pytest

from pipeline.gold.params import ReorderParams
from pipeline.gold.reorder import (
    COLUMNS,
    DEMAND_SOURCES,
    DEMAND_STD_SOURCES,
    HISTORY_CLASSES,
    LEAD_TIME_SOURCES,
    SS_METHODS,
    STATUSES,
    reorder_points,
)
from tests.pipeline.gold.factories import (
    AS_OF,
    W,
    by_item,
    connect,
    day,
    demand,
    error_scale,
    forecast,
    item,
    purchase_order,
    series,
    stock,
    supplier,
)

Z = NormalDist().inv_cdf
approx = pytest.approx
R = ReorderParams().review_days  # 7 days between reviews


def test_lead_time_mean_and_spread_from_received_orders() -> None:
    con = connect(
        items=[item("P1", criticality="B", unit_cost=1289.90, supplier_id="S1")],
        suppliers=[supplier("S1", nominal=30), supplier("S2", nominal=60)],
        series=[series("P1")],
        purchase_orders=[
            purchase_order("PO1", "P1", ordered=-200, lead_time=10),
            purchase_order("PO2", "P1", ordered=-150, lead_time=12),
            purchase_order("PO3", "P1", ordered=-100, lead_time=14),
            # another warehouse, same item and supplier: counted (lead time is the supplier's)
            purchase_order("PO4", "P1", ordered=-80, lead_time=20, warehouse_id="CD-PE01"),
            # not counted: still open, from a former supplier, received only after as_of
            purchase_order("PO5", "P1", ordered=-10, lead_time=None),
            purchase_order("PO6", "P1", ordered=-300, lead_time=60, supplier_id="S2"),
            purchase_order("PO7", "P1", ordered=-5, lead_time=9),
        ],
        forecast=forecast("P1", [2.0] * 30),
        error_scale=[error_scale("P1", 1.5)],
        inventory_current=[stock("P1", on_hand=40, on_order=25)],
    )
    row = by_item(reorder_points(con, AS_OF))["P1"]

    lead_time = (10 + 12 + 14 + 20) / 4  # 14 days
    lead_time_std = math.sqrt(((10 - 14) ** 2 + (12 - 14) ** 2 + 0**2 + (20 - 14) ** 2) / 3)
    assert lead_time_std == approx(statistics.stdev([10, 12, 14, 20]))
    z = Z(0.95)  # criticality B
    lead_time_demand = 2.0 * 14  # 14 forecast days of 2 units
    daily = lead_time_demand / lead_time  # 2 units/day
    assert R == 7
    # over L + R = 21 days: sqrt(21 * 2.25 + 4 * 56 / 3) = sqrt(121.92)
    safety_stock = z * math.sqrt((lead_time + R) * 1.5**2 + daily**2 * lead_time_std**2)  # ~18.16
    reorder_point = lead_time_demand + daily * R + safety_stock  # 28 + 14 + 18.16 = ~60.16
    order_up_to = reorder_point + daily * R  # ~74.16
    assert row["lead_time_source"] == "history"
    assert row["lead_time_observations"] == 4
    assert row["lead_time_days"] == approx(lead_time)
    assert row["lead_time_std_days"] == approx(lead_time_std)
    assert (row["service_level"], row["z"]) == (0.95, approx(z))
    assert row["lead_time_demand"] == approx(lead_time_demand)
    assert row["daily_demand"] == approx(daily)
    assert (row["demand_std"], row["demand_source"], row["demand_std_source"]) == (
        1.5,
        "forecast",
        "forecast_error",
    )
    assert (row["demand_class"], row["model"]) == ("smooth", "ses")
    assert (row["ss_method"], row["empirical_windows"]) == ("normal", None)  # smooth: no quantile
    assert row["safety_stock"] == approx(safety_stock)
    assert row["safety_stock_normal"] == approx(safety_stock)
    assert row["reorder_point"] == approx(reorder_point)
    assert row["review_days"] == R
    assert row["inventory_position"] == 65
    assert row["days_of_cover"] == approx(40 / 2)
    assert row["excess_cover_threshold_days"] == approx(max(90, 3 * (14 + 7)))  # 90
    assert row["status"] == "ok"  # 40 > SS, IP 65 > ROP, 20 days of cover < 90
    assert row["order_up_to"] == approx(order_up_to)
    # an (s, S) policy: IP 65 > ROP ~60.16, so nothing to order although S - IP = ~9.16
    assert (row["suggested_order_qty"], row["suggested_order_value_brl"]) == (0, 0)
    assert row["rop_method"] == "normal_fallback"
    assert "no forecast distribution" in row["rop_reason"]
    assert row["inventory_value_brl"] == approx(40 * 1289.90)
    # cumulative forecast 2k first exceeds 40 units on day 21; order 14 days before
    assert row["projected_stockout_date"] == day(21)
    assert row["order_by_date"] == day(21 - 14)
    assert (row["criticality"], row["supplier_id"], row["category"]) == ("B", "S1", "Baterias")
    assert (row["as_of_date"], row["warehouse_id"]) == (AS_OF, W)


def test_nominal_lead_time_when_too_few_orders() -> None:
    con = connect(
        items=[item("N1", criticality="A")],
        suppliers=[supplier("S1", nominal=30)],
        series=[series("N1")],
        purchase_orders=[
            purchase_order("PO1", "N1", ordered=-90, lead_time=5),
            purchase_order("PO2", "N1", ordered=-60, lead_time=7),
        ],
        forecast=forecast("N1", [1.0] * 40),
        error_scale=[error_scale("N1", 0.8)],
        inventory_current=[stock("N1", on_hand=50)],
    )
    row = by_item(reorder_points(con, AS_OF))["N1"]

    z = Z(0.99)  # criticality A
    safety_stock = z * math.sqrt((30 + R) * 0.8**2 + 1.0**2 * 0**2)  # sigma_L = 0: ~11.32
    reorder_point = 30 + 1.0 * R + safety_stock  # ~48.32
    assert (row["lead_time_source"], row["lead_time_observations"]) == ("nominal", 2)
    assert (row["lead_time_days"], row["lead_time_std_days"]) == (30, 0)
    assert row["lead_time_demand"] == approx(30.0)
    assert row["safety_stock"] == approx(safety_stock)
    assert row["reorder_point"] == approx(reorder_point)
    assert row["excess_cover_threshold_days"] == approx(3 * (30 + 7))  # 111 > 90
    assert row["order_up_to"] == approx(reorder_point + 1.0 * R)
    assert row["status"] == "ok"  # IP 50 > ROP ~48.32
    assert row["suggested_order_qty"] == 0  # IP 50 > ROP: nothing to order yet
    # 40 forecast days of 1 unit never exceed 50 on hand: no projected stockout
    assert (row["projected_stockout_date"], row["order_by_date"]) == (None, None)


def test_fractional_lead_time_takes_that_share_of_the_last_day() -> None:
    con = connect(
        items=[item("F1", criticality="C")],
        suppliers=[supplier("S1", nominal=30)],
        series=[series("F1")],
        purchase_orders=[
            purchase_order("PO1", "F1", ordered=-90, lead_time=10),
            purchase_order("PO2", "F1", ordered=-60, lead_time=11),
            purchase_order("PO3", "F1", ordered=-30, lead_time=11),
        ],
        forecast=forecast("F1", [float(k) for k in range(1, 21)]),  # yhat = 1, 2, ..., 20
        error_scale=[error_scale("F1", 2.0)],
        inventory_current=[stock("F1", on_hand=50)],
    )
    row = by_item(reorder_points(con, AS_OF))["F1"]

    lead_time = 32 / 3  # 10.67 days
    lead_time_std = math.sqrt(((10 - lead_time) ** 2 + 2 * (11 - lead_time) ** 2) / 2)
    lead_time_demand = sum(range(1, 11)) + (2 / 3) * 11  # days 1-10 in full, 2/3 of day 11
    daily = lead_time_demand / lead_time
    # the review period adds whole days at the lead time's mean daily rate: no fraction there
    safety_stock = Z(0.90) * math.sqrt((lead_time + R) * 2.0**2 + daily**2 * lead_time_std**2)
    assert row["lead_time_days"] == approx(lead_time)
    assert row["lead_time_std_days"] == approx(lead_time_std)
    assert row["lead_time_demand"] == approx(lead_time_demand)
    assert row["daily_demand"] == approx(daily)
    assert row["safety_stock"] == approx(safety_stock)
    assert row["reorder_point"] == approx(lead_time_demand + daily * R + safety_stock)
    assert row["order_up_to"] == approx(lead_time_demand + 2 * daily * R + safety_stock)
    # cumulative 1+2+...+k first exceeds 50 at k = 10 (55); order ceil(10.67) = 11 days before,
    # which is in the past, so: today
    assert row["projected_stockout_date"] == day(10)
    assert row["order_by_date"] == AS_OF


def test_lead_time_beyond_the_forecast_extends_it_at_its_mean_rate() -> None:
    con = connect(
        items=[item("X1")],
        suppliers=[supplier("S1", nominal=8)],
        series=[series("X1")],
        forecast=forecast("X1", [1.0, 2.0, 3.0, 4.0, 5.0]),  # 5 days, mean 3 units/day
        inventory_current=[stock("X1", on_hand=100)],
    )
    row = by_item(reorder_points(con, AS_OF))["X1"]
    assert row["lead_time_demand"] == approx(15 + 3 * 3.0)  # 5 forecast days + 3 days at 3/day
    assert row["daily_demand"] == approx(24 / 8)


def test_history_fallback_without_forecast() -> None:
    params = ReorderParams(history_days=28)  # window: day(-27) .. as_of
    con = connect(
        items=[item("H1", criticality="C")],
        suppliers=[supplier("S1", nominal=7)],
        series=[series("H1")],
        demand_daily=[
            demand("H1", -1, 3),
            demand("H1", -10, 5),
            demand("H1", -20, 2),
            demand("H1", -5, 1, censored=True),  # stock was out: a lower bound, left out
            demand("H1", -6, 0, censored=True),
            demand("H1", -40, 100),  # before the window
        ],
        # an error scale without a forecast describes no forecast we use: ignored
        error_scale=[error_scale("H1", 9.9)],
        inventory_current=[stock("H1", on_hand=6)],
    )
    row = by_item(reorder_points(con, AS_OF, params))["H1"]

    observed = [3, 5, 2] + [0] * 23  # 28 days - 2 censored = 26 observed days
    mean = 10 / 26
    std = statistics.pstdev(observed)
    assert std == approx(math.sqrt((9 + 25 + 4) / 26 - mean**2))
    lead_time_demand = 7 * mean
    safety_stock = Z(0.90) * math.sqrt((7 + R) * std**2)  # ~5.50
    assert (row["demand_source"], row["demand_std_source"], row["model"]) == (
        "history",
        "history",
        None,
    )
    assert (row["history_observed_days"], row["history_censored_days"]) == (26, 2)
    assert row["lead_time_demand"] == approx(lead_time_demand)
    assert row["daily_demand"] == approx(mean)
    assert row["demand_std"] == approx(std)
    assert row["safety_stock"] == approx(safety_stock)
    reorder_point = lead_time_demand + mean * R + safety_stock  # 14 * 10 / 26 + 5.50 = ~10.88
    assert row["reorder_point"] == approx(reorder_point)
    assert row["status"] == "reorder"  # on_hand 6 > SS ~5.50, IP 6 <= ROP ~10.88
    assert row["suggested_order_qty"] == math.ceil(reorder_point + mean * R - 6)  # S ~13.58: 8
    # demand class from history: ADI = 26 observed days / 3 demand days; CV² of sizes 3, 5, 2
    sizes = [3, 5, 2]
    cv2 = statistics.pvariance(sizes) / statistics.mean(sizes) ** 2  # 0.14
    assert (row["adi"], row["cv2"]) == (approx(26 / 3), approx(cv2))
    assert row["demand_class"] == "intermittent"  # ADI >= 1.32, CV² < 0.49
    # intermittent, so the empirical quantile is tried: windows of L + R = 14 days start on days
    # 0..14 of the window; censored days -6 and -5 are days 21 and 22, touched by windows
    # starting 8..14: kept, as right-censored windows
    assert (row["empirical_windows"], row["empirical_censored_windows"]) == (15, 7)
    assert row["empirical_lead_time_demand"] is None  # 15 < 90 windows: not enough history
    assert row["ss_method"] == "normal"
    # the history rate 10/26 per day exceeds 6 on hand after k days when k > 15.6: day 16
    assert row["projected_stockout_date"] == day(16)
    assert row["order_by_date"] == day(16 - 7)


def test_demand_std_falls_back_to_history_without_error_scale() -> None:
    params = ReorderParams(history_days=28)
    history = [demand(i, -3, 4) for i in ("E1", "E2")] + [demand(i, -9, 2) for i in ("E1", "E2")]
    con = connect(
        items=[item("E1"), item("E2")],
        suppliers=[supplier("S1", nominal=10)],
        series=[series("E1"), series("E2")],
        demand_daily=history,
        forecast=forecast("E1", [1.0] * 30) + forecast("E2", [1.0] * 30),
        error_scale=[error_scale("E2", float("nan"))],  # unusable: same as missing
        inventory_current=[stock("E1", 50), stock("E2", 50)],
    )
    rows = by_item(reorder_points(con, AS_OF, params))

    std = statistics.pstdev([4, 2] + [0] * 26)  # 28 uncensored days
    for item_id in ("E1", "E2"):
        row = rows[item_id]
        assert (row["demand_source"], row["demand_std_source"]) == ("forecast", "history")
        assert row["demand_std"] == approx(std)
        assert row["safety_stock"] == approx(Z(0.95) * math.sqrt((10 + R) * std**2))


def test_every_status() -> None:
    # Same plan for all: nominal L = 10, criticality C, forecast 1 unit/day, sigma_d = 1.
    params = ReorderParams(history_days=28)
    ids = ["ND", "ND0", "SO", "CR", "RE", "EX", "OK"]
    con = connect(
        items=[item(i, criticality="C") for i in ids],
        suppliers=[supplier("S1", nominal=10)],
        series=[series(i) for i in ids],
        # ND sold 3 units 40 days ago, outside the 28-day window, and is forecast at zero
        demand_daily=[demand("ND", -40, 3)],
        forecast=forecast("ND", [0.0] * 60)
        + [row for i in ids[2:] for row in forecast(i, [1.0] * 60)],
        error_scale=[error_scale(i, 1.0) for i in ids],
        inventory_current=[
            stock("ND", 5),
            # ND0 has no inventory row, no demand and no forecast at all
            stock("SO", 0, on_order=3),
            stock("CR", 4),
            stock("RE", 10, on_order=2),
            stock("EX", 100),
            stock("OK", 30),
        ],
    )
    rows = by_item(reorder_points(con, AS_OF, params))

    safety_stock = Z(0.90) * math.sqrt((10 + R) * 1.0**2)  # ~5.28
    reorder_point = 10 + 1.0 * R + safety_stock  # ~22.28
    order_up_to = reorder_point + 1.0 * R  # ~29.28
    expected = {
        # item: (status, suggested qty)
        "ND": ("no_demand", 0),
        "ND0": ("no_demand", 0),  # no_demand comes before stockout
        "SO": ("stockout", math.ceil(order_up_to - 3)),  # on_hand 0
        "CR": ("critical", math.ceil(order_up_to - 4)),  # 4 <= SS 5.28
        "RE": ("reorder", math.ceil(order_up_to - 12)),  # 10 > SS, IP 12 <= ROP 22.28
        "EX": ("excess", 0),  # 100 days of cover > max(90, 3 * (10 + 7))
        "OK": ("ok", 0),  # 30 days of cover, IP 30 > ROP 22.28
    }
    assert {i: (r["status"], r["suggested_order_qty"]) for i, r in rows.items()} == expected
    assert [expected[i][1] for i in ("SO", "CR", "RE")] == [27, 26, 18]
    for item_id in ids[2:]:
        assert rows[item_id]["safety_stock"] == approx(safety_stock)
        assert rows[item_id]["reorder_point"] == approx(reorder_point)
        assert rows[item_id]["order_up_to"] == approx(order_up_to)
    assert rows["ND"]["days_of_cover"] is None  # d = 0
    assert rows["EX"]["days_of_cover"] == approx(100.0)
    assert rows["ND"]["projected_stockout_date"] is None
    assert rows["ND0"]["projected_stockout_date"] is None
    assert rows["ND0"]["demand_class"] == "no_demand"
    assert rows["SO"]["projected_stockout_date"] == AS_OF
    assert rows["OK"]["projected_stockout_date"] == day(31)  # 31 > 30 on hand
    assert rows["OK"]["order_by_date"] == day(31 - 10)
    assert rows["EX"]["projected_stockout_date"] is None  # beyond the 60 forecast days


def test_projected_stockout_and_order_by_dates() -> None:
    params = ReorderParams(history_days=28, stockout_horizon_days=30)
    con = connect(
        items=[item("PS1", supplier_id="S3"), item("PS2", supplier_id="S10")]
        + [item(i, supplier_id="S3") for i in ("PS3", "PS4", "PS5")],
        suppliers=[supplier("S3", nominal=3), supplier("S10", nominal=10)],
        series=[series(i) for i in ("PS1", "PS2", "PS3", "PS4", "PS5")],
        forecast=forecast("PS1", [2.0, 2.0, 2.0, 0.0, 5.0] + [1.0] * 30)
        + forecast("PS2", [1.0] * 60)
        + forecast("PS5", [1.0] * 60),
        # PS3 and PS4: no forecast, 14 units over the 28-day window = 0.5 unit/day
        demand_daily=[demand(i, -k, 2) for i in ("PS3", "PS4") for k in range(1, 8)],
        inventory_current=[
            stock("PS1", 7),
            stock("PS2", 4.5),
            stock("PS3", 6),
            stock("PS4", 100),
            stock("PS5", 40),
        ],
    )
    rows = by_item(reorder_points(con, AS_OF, params))

    # PS1: cumulative 2, 4, 6, 6, 11: day 3 reaches 6 <= 7, day 5 exceeds it; L = 3
    assert (rows["PS1"]["projected_stockout_date"], rows["PS1"]["order_by_date"]) == (
        day(5),
        day(5 - 3),
    )
    # PS2: 5 > 4.5 on day 5; 5 - 10 days is in the past: order today
    assert (rows["PS2"]["projected_stockout_date"], rows["PS2"]["order_by_date"]) == (day(5), AS_OF)
    # PS3: history rate 0.5/day: 0.5 * 12 = 6 is not above 6, 0.5 * 13 is
    assert rows["PS3"]["demand_source"] == "history"
    assert rows["PS3"]["daily_demand"] == approx(14 / 28)
    assert (rows["PS3"]["projected_stockout_date"], rows["PS3"]["order_by_date"]) == (
        day(13),
        day(13 - 3),
    )
    # PS4: 100 / 0.5 = day 201, PS5: day 41 of the forecast: both beyond the 30-day horizon
    assert rows["PS4"]["projected_stockout_date"] is None
    assert rows["PS5"]["projected_stockout_date"] is None
    assert rows["PS5"]["order_by_date"] is None


def test_lumpy_series_uses_the_empirical_lead_time_demand_quantile() -> None:
    params = ReorderParams(history_days=30, min_empirical_windows=10)
    # History window: day(-29) is day index 0. Spikes of 20 units on indexes 2 and 20, 1 on 10.
    history = {2: 20.0, 10: 1.0, 20: 20.0}
    con = connect(
        items=[item("L1", criticality="B"), item("L2", criticality="B")],
        suppliers=[supplier("S1", nominal=5)],
        series=[series("L1"), series("L2")],
        demand_daily=[
            demand(i, index - 29, q) for i in ("L1", "L2") for index, q in history.items()
        ],
        forecast=forecast("L1", [0.5] * 30, demand_class="lumpy", model="tsb")
        + forecast("L2", [5.0] * 30, demand_class="lumpy", model="tsb"),
        error_scale=[error_scale("L1", 0.5), error_scale("L2", 0.5)],
        inventory_current=[stock("L1", 15), stock("L2", 10)],
    )
    rows = by_item(reorder_points(con, AS_OF, params))

    daily = [history.get(index, 0.0) for index in range(30)]
    span = 5 + R  # windows of L + R = 12 days
    windows = [sum(daily[start : start + span]) for start in range(30 - span + 1)]  # 19 windows
    # starts 3..8 hold only the 1; 11..18 only the second 20; 0..2 and 9..10 a 20 and the 1
    assert sorted(windows) == [1.0] * 6 + [20.0] * 8 + [21.0] * 5
    quantile = sorted(windows)[math.ceil(19 * 0.95) - 1]  # the 19th smallest: 21
    assert quantile == 21.0

    l1 = rows["L1"]
    normal = Z(0.95) * math.sqrt((5 + R) * 0.5**2)  # ~2.85: blind to the spikes
    assert l1["lead_time_demand"] == approx(5 * 0.5)
    assert l1["safety_stock_normal"] == approx(normal)
    assert (l1["empirical_windows"], l1["empirical_lead_time_demand"]) == (19, approx(quantile))
    assert l1["ss_method"] == "empirical"
    assert l1["safety_stock"] == approx(quantile - 2.5 - 0.5 * R)  # 21 - 2.5 - 3.5 = 15 > 2.85
    assert l1["reorder_point"] == approx(quantile)
    assert l1["order_up_to"] == approx(quantile + 0.5 * R)
    assert l1["status"] == "critical"  # on_hand 15 <= SS 15: at the boundary, critical

    # L2 expects 25 units in the lead time and 35 in the review period: above the quantile, so
    # the normal SS stands
    l2 = rows["L2"]
    assert l2["empirical_lead_time_demand"] == approx(quantile)
    assert l2["ss_method"] == "normal"
    assert l2["safety_stock"] == approx(normal)


def test_empirical_window_takes_the_fraction_of_its_last_day() -> None:
    params = ReorderParams(history_days=19, min_empirical_windows=1)
    con = connect(
        items=[item("Q1", criticality="B")],
        suppliers=[supplier("S1", nominal=30)],
        series=[series("Q1")],
        purchase_orders=[  # L = mean(4, 5, 4, 5) = 4.5 days
            purchase_order(f"PO{k}", "Q1", ordered=-100 + 10 * k, lead_time=4 + k % 2)
            for k in range(4)
        ],
        # window day(-18) is index 0: 10 units on index 4, 6 on index 15
        demand_daily=[demand("Q1", 4 - 18, 10), demand("Q1", 15 - 18, 6)],
        forecast=forecast("Q1", [0.1] * 30, demand_class="intermittent", model="croston_sba"),
        error_scale=[error_scale("Q1", 0.1)],
        inventory_current=[stock("Q1", 1)],
    )
    row = by_item(reorder_points(con, AS_OF, params))["Q1"]

    daily = [0.0] * 19
    daily[4], daily[15] = 10.0, 6.0
    # windows of L + R = 11.5 days: ceil = 12 days starting on indexes 0..7, the 12th day
    # counted for half
    windows = [sum(daily[s : s + 11]) + 0.5 * daily[s + 11] for s in range(8)]
    assert windows == [10.0, 10.0, 10.0, 10.0, 13.0, 6.0, 6.0, 6.0]  # 13 = 10 + half of 6
    quantile = sorted(windows)[math.ceil(8 * 0.95) - 1]  # the 8th of 8: 13
    assert row["lead_time_days"] == approx(4.5)
    assert (row["empirical_windows"], row["empirical_lead_time_demand"]) == (8, approx(13.0))
    assert row["ss_method"] == "empirical"
    assert row["reorder_point"] == approx(quantile)
    assert row["safety_stock"] == approx(quantile - 4.5 * 0.1 - 0.1 * R)


def test_series_missing_from_inventory_has_nothing_on_hand() -> None:
    con = connect(
        items=[item("M1", unit_cost=50.0)],
        suppliers=[supplier("S1", nominal=10)],
        series=[series("M1")],
        forecast=forecast("M1", [1.0] * 30),
    )
    row = by_item(reorder_points(con, AS_OF))["M1"]
    assert (row["on_hand"], row["on_order"], row["inventory_position"]) == (0, 0, 0)
    assert (row["status"], row["inventory_value_brl"]) == ("stockout", 0)
    assert row["projected_stockout_date"] == AS_OF
    # no error scale and no history: sigma_d = 0, SS = 0, ROP = 10 + 1 * 7, S = ROP + 1 * 7
    assert (row["reorder_point"], row["order_up_to"]) == (approx(17.0), approx(24.0))
    assert row["suggested_order_qty"] == 24
    assert row["suggested_order_value_brl"] == approx(24 * 50.0)


def test_every_series_appears_exactly_once() -> None:
    items = ["A1", "A2", "A3"]
    warehouses = ["CD-SP01", "CD-PE01"]
    pairs = [series(i, w) for i in items for w in warehouses]
    con = connect(
        items=[item(i, criticality=c) for i, c in zip(items, "ABC", strict=True)],
        suppliers=[supplier("S1")],
        series=[*pairs, series("A1", "CD-SP01")],  # a duplicate pair still gives one row
        demand_daily=[demand("A1", -3, 2, warehouse_id="CD-PE01")],
        inventory_current=[stock("A2", 4, warehouse_id="CD-SP01")],
        # forecast and error_scale are empty: the ML export has not arrived yet
    )
    table = reorder_points(con, AS_OF)

    assert table.column_names == list(COLUMNS)
    keys = list(zip(table["item_id"].to_pylist(), table["warehouse_id"].to_pylist(), strict=True))
    assert sorted(keys) == sorted((p["item_id"], p["warehouse_id"]) for p in pairs)
    assert len(set(keys)) == len(keys) == 6
    assert set(table["as_of_date"].to_pylist()) == {AS_OF}
    accepted = {
        "status": STATUSES,
        "lead_time_source": LEAD_TIME_SOURCES,
        "demand_source": DEMAND_SOURCES,
        "demand_std_source": DEMAND_STD_SOURCES,
        "ss_method": SS_METHODS,
        "demand_class": HISTORY_CLASSES,  # no forecast here
    }
    for column, values in accepted.items():
        assert set(table[column].to_pylist()) <= set(values), column
    never_null = ["status", "demand_class", "lead_time_days", "z", "safety_stock", "reorder_point"]
    never_null += ["inventory_position", "suggested_order_qty"]
    assert {column: table[column].null_count for column in never_null} == dict.fromkeys(
        never_null, 0
    )


def test_empty_series_gives_an_empty_table() -> None:
    con = connect(items=[item("A1")], suppliers=[supplier("S1")])
    table = reorder_points(con, AS_OF)
    assert table.num_rows == 0
    assert table.column_names == list(COLUMNS)


@pytest.mark.parametrize(
    ("tables", "message"),
    [
        ({"series": [series("UNKNOWN")]}, "series: item_id not in items"),
        (
            {"series": [series("A1")], "inventory_current": [stock("A1", 1), stock("A1", 2)]},
            "inventory_current: duplicate",
        ),
        (
            {"series": [series("A1")], "forecast": forecast("A1", [1.0]) * 2},
            "forecast: duplicate",
        ),
        (
            {"series": [series("A1")], "items": [item("A1", criticality="D")]},
            "criticality without a service level",
        ),
        (
            {"series": [series("A1")], "items": [item("A1", supplier_id="S9")]},
            "supplier_id without a nominal lead time",
        ),
    ],
)
def test_inputs_that_would_distort_numbers_are_refused(tables: dict, message: str) -> None:
    con = connect(**({"items": [item("A1")], "suppliers": [supplier("S1")]} | tables))
    with pytest.raises(ValueError, match=message):
        reorder_points(con, AS_OF)


def test_params_validate_and_derive_z() -> None:
    params = ReorderParams()
    assert dict(params.service_levels) == {"A": 0.99, "B": 0.95, "C": 0.90}
    assert params.z("A") == approx(NormalDist().inv_cdf(0.99))  # ~2.326
    custom = ReorderParams(service_levels={"A": 0.999, "B": 0.9, "C": 0.8})
    assert custom.z("C") == approx(NormalDist().inv_cdf(0.8))
    with pytest.raises(ValueError, match="service_levels"):
        ReorderParams(service_levels={"A": 1.0})
    with pytest.raises(ValueError, match="review_days"):
        ReorderParams(review_days=0)
    with pytest.raises(ValueError, match="min_lead_time_observations"):
        ReorderParams(min_lead_time_observations=0)
