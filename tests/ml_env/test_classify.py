from __future__ import annotations

import numpy as np
import pytest

from ml_env.classify import adi_cv2, classify

N = 200


def every(k: int, sizes: tuple[float, ...]) -> np.ndarray:
    """Demand every k-th day, cycling through ``sizes``."""
    y = np.zeros(N)
    demand_days = np.arange(0, N, k)
    y[demand_days] = np.resize(np.asarray(sizes, dtype=float), demand_days.size)
    return y


@pytest.mark.parametrize(
    ("y", "expected"),
    [
        (every(1, (5, 6)), "smooth"),  # ADI 1, CV² ~0.008
        (every(1, (1, 20)), "erratic"),  # ADI 1, CV² ~0.82
        (every(3, (2,)), "intermittent"),  # ADI 3, CV² 0
        (every(3, (1, 30)), "lumpy"),  # ADI 3, CV² ~0.87
    ],
)
def test_four_classes_from_adi_and_cv2(y: np.ndarray, expected: str) -> None:
    assert classify(y).demand_class == expected


def test_cut_offs_are_1_32_and_0_49() -> None:
    # 4 demands in 5 observed days: ADI 1.25 < 1.32
    y = np.array([2.0, 2, 2, 2, 0] * 40)
    profile = classify(y)
    assert profile.adi == pytest.approx(1.25)
    assert profile.demand_class == "smooth"
    y = np.array([2.0, 2, 2, 0] * 50)  # ADI 4/3 = 1.333 >= 1.32
    assert classify(y).demand_class == "intermittent"
    adi, cv2 = adi_cv2(np.array([1.0, 3.0] * 50))
    assert (adi, cv2) == (1.0, pytest.approx(0.25))


def test_censored_days_are_left_out_of_adi() -> None:
    y = every(1, (5, 6))
    y[::2] = np.nan  # every other day stocked out: missing, not zero demand
    profile = classify(y)
    assert profile.adi == 1.0
    assert profile.demand_class == "smooth"
    assert profile.n_censored_days == N // 2
    assert profile.n_observed_days == N // 2


def test_short_history_and_no_recent_demand() -> None:
    assert classify(np.ones(60)).demand_class == "short_history"
    # observed days are what counts: 120 days but 80 censored
    y = np.ones(120)
    y[:80] = np.nan
    assert classify(y).demand_class == "short_history"
    quiet = np.r_[every(3, (2,)), np.zeros(400)]
    assert classify(quiet).demand_class == "no_recent_demand"
    assert classify(np.zeros(30)).demand_class == "no_recent_demand"
