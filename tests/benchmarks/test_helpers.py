"""Pure helpers of the decision benchmarks: spreading, ABC, scores, windows, the replay."""

from __future__ import annotations

import numpy as np
import pytest
import raf
import replay
import scoring


@pytest.mark.parametrize(("units", "days"), [(0, 31), (1, 30), (3, 31), (31, 31), (95, 28)])
def test_spread_keeps_the_month_total_and_spaces_units_evenly(units: int, days: int) -> None:
    spread = raf.spread_days(units, days)
    assert spread.size == days
    assert spread.sum() == units
    assert spread.max() - spread.min() <= 1


def test_a_single_unit_lands_mid_month() -> None:
    assert np.flatnonzero(raf.spread_days(1, 30)).tolist() == [15]


def test_abc_gives_a_to_the_top_fifth_by_value() -> None:
    value = np.arange(10, dtype=float)
    refs = np.array([f"{i:05d}" for i in range(10)])
    crit = raf.abc_criticality(value, refs)
    assert crit.tolist() == ["C"] * 5 + ["B"] * 3 + ["A"] * 2


def test_nominal_lead_time_is_positive_days() -> None:
    assert raf.nominal_lead_time_days(np.array([0, 1, 12])).tolist() == [1, 30, 365]


def test_accuracy_of_a_perfect_and_an_all_zero_forecast() -> None:
    train = np.array([[0, 2, 0, 2], [1, 1, 1, 1]], dtype=float)
    mse, mae = scoring.naive_scales(train)
    assert mse.tolist() == [4.0, 0.0] and mae.tolist() == [2.0, 0.0]
    actual = np.array([[2.0, 0.0], [1.0, 1.0]])
    perfect = scoring.accuracy(actual, actual, mse, mae)
    assert perfect["rmsse"] == 0 and perfect["bias"] == 0 and perfect["series"] == 1
    zero = scoring.accuracy(np.zeros_like(actual), actual, mse, mae)
    assert zero["bias"] == -1.0
    assert zero["rmsse"] == pytest.approx(np.sqrt(2.0 / 4.0))


def test_window_sum_weights_the_last_day_by_the_fraction() -> None:
    daily = np.array([[1.0, 2.0, 4.0, 8.0]])
    assert scoring.window_sum(daily, np.array([2.5]))[0] == pytest.approx(1 + 2 + 0.5 * 4)
    assert scoring.window_sum(daily, np.array([9.0]))[0] == pytest.approx(15.0)


def test_interpolated_quantile_is_linear_in_the_horizon() -> None:
    q = scoring.interp_quantile(np.array([10.0, 20.0]), np.array([[5.0, 9.0]]), 15.0)
    assert q[0] == pytest.approx(7.0)
    assert scoring.interp_quantile(np.array([10.0]), np.array([[5.0]]), 5.0)[0] == 2.5


def test_textbook_rop() -> None:
    history = np.array([[0.0, 2.0, 0.0, 2.0]])
    rop, d, s = scoring.textbook_rop(history, np.array([4.0]), np.array([1.0]))
    assert d[0] == 1.0 and s[0] == 1.0 and rop[0] == pytest.approx(4.0 + 2.0)


def test_round_order_follows_multiple_and_moq() -> None:
    qty = np.array([0.0, 0.2, 7.0, 3.0])
    q = replay.round_order(qty, np.array([0, 0, 0, 10.0]), np.array([0, 0, 5.0, 0]))
    assert q.tolist() == [0.0, 1.0, 10.0, 10.0]


def test_replay_orders_at_review_and_loses_unmet_demand() -> None:
    demand = np.array([[3.0, 3.0, 3.0, 3.0, 3.0, 3.0]])
    out = replay.simulate(
        demand,
        on_hand=np.array([4.0]),
        open_arrivals=np.zeros((1, 6)),
        reorder_point=np.array([[5.0], [0.0]]),
        order_up_to=np.array([[20.0], [0.0]]),
        lead_draws=np.full((1, 6), 2),
        unit_cost=np.array([1.0]),
        review_days=3,
    )
    # Policy 0: day 0 serves 3 (1 left), orders 19 arriving day 2; day 1 serves 1, loses 2.
    assert out.served[0, 0] == 16.0 and out.stockout_days[0, 0] == 1
    assert out.cycles[0, 0] == 1 and out.cycles_ok[0, 0] == 0
    # Policy 1 never orders: 4 units served in all.
    assert out.served[1, 0] == 4.0 and out.orders[1, 0] == 0
    s = replay.summarize(out, 0, np.array([True]))
    assert s["fill_rate"] == pytest.approx(16 / 18)


def test_a_replanned_policy_orders_on_the_plan_in_force_that_day() -> None:
    demand = np.array([[1.0] * 6])
    plan = np.array([[[0.0, 0.0, 0.0, 10.0, 10.0, 10.0]]])  # re-planned on day 3
    out = replay.simulate(
        demand,
        on_hand=np.array([5.0]),
        open_arrivals=np.zeros((1, 6)),
        reorder_point=plan,
        order_up_to=plan + 2.0,
        lead_draws=np.full((1, 6), 1),
        unit_cost=np.array([1.0]),
        review_days=3,
    )
    # Day 0: position 4 > ROP 0, no order; day 3: position 1 <= ROP 10, order 11 (up to 12).
    assert out.orders[0, 0] == 1
    assert out.served[0, 0] == 6.0 and out.stockout_days[0, 0] == 0


def test_randomised_coverage_counts_a_zero_for_its_share_inside_the_band() -> None:
    # a zero with P(0) = 0.9: its PIT is uniform on [0, 0.9], 0.8 of which lies in [0.1, 0.9]
    zero = scoring.randomised_coverage(np.array([0.0]), np.array([0.9]), 0.8)
    assert zero == pytest.approx(0.8 / 0.9)
    # a total between two lumps has a point PIT: inside the band or not
    point = scoring.randomised_coverage(np.array([0.5, 0.95]), np.array([0.5, 0.95]), 0.8)
    assert point == pytest.approx(0.5)
