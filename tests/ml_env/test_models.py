from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ml_env.models import (
    Forecaster,
    ModelError,
    get_model,
    model_aliases,
    register,
    residual_bounds,
)
from tests.ml_env.factories import as_pandas, weekly_pattern

ALL_MODELS = model_aliases()
H = 30


def noisy_history(n: int = 400) -> pd.Series:
    rng = np.random.default_rng(11)
    y = weekly_pattern(n) + rng.poisson(1.0, n)
    y[::17] = 0.0
    y[100:110] = np.nan  # a stock-out episode
    return as_pandas(y)


def test_every_candidate_is_registered() -> None:
    expected = {"naive", "snaive", "ma", "croston_sba", "tsb", "adida", "arima", "prophet"}
    assert expected <= set(ALL_MODELS)


@pytest.mark.parametrize("alias", ALL_MODELS)
def test_forecast_shape_non_negative_and_ordered_intervals(alias: str) -> None:
    y = noisy_history()
    frame = get_model(alias).fit(y).predict(H, levels=(80, 95))
    assert list(frame.columns) == [
        "date",
        "yhat",
        "yhat_lo80",
        "yhat_hi80",
        "yhat_lo95",
        "yhat_hi95",
    ]
    assert len(frame) == H
    assert frame["date"].iloc[0] == y.index[-1] + pd.Timedelta(days=1)
    assert (
        frame["date"].is_monotonic_increasing
        and frame["date"].diff().dropna().eq(pd.Timedelta(days=1)).all()
    )
    values = frame.drop(columns="date")
    assert np.isfinite(values.to_numpy()).all()
    assert (values.to_numpy() >= 0).all()
    assert (frame.yhat_lo95 <= frame.yhat_lo80).all()
    assert (frame.yhat_lo80 <= frame.yhat).all()
    assert (frame.yhat <= frame.yhat_hi80).all()
    assert (frame.yhat_hi80 <= frame.yhat_hi95).all()
    assert (frame.yhat_hi95 > frame.yhat_lo95).any() or alias == "zero"


@pytest.mark.parametrize(
    ("alias", "expected"),
    [
        ("naive", 5.0),
        ("snaive", 5.0),
        ("ma", 5.0),
        ("croston_sba", 5.0 * (1 - 0.1 / 2)),  # SBA's bias correction, by design
        ("tsb", 5.0),
        ("adida", 5.0),
        ("mean", 5.0),
    ],
)
def test_stockout_days_do_not_pull_the_forecast_down(alias: str, expected: float) -> None:
    # 5 a day; the last 20 days the shelf was empty and 0 was recorded (censored -> NaN).
    y = np.full(200, 5.0)
    y[-20:] = np.nan
    frame = get_model(alias).fit(as_pandas(y)).predict(14)
    assert frame["yhat"].to_numpy() == pytest.approx(np.full(14, expected))
    # the same zeros read as real demand drag the 28-day average to 8 x 5 / 28
    zeros = y.copy()
    zeros[-20:] = 0.0
    assert get_model("ma").fit(as_pandas(zeros)).predict(14)["yhat"].iloc[0] == pytest.approx(
        40 / 28
    )


def test_negative_forecasts_are_clipped_to_zero() -> None:
    falling = as_pandas(np.linspace(50, 0.5, 300))
    frame = get_model("arima").fit(falling).predict(60)
    assert (frame.drop(columns="date").to_numpy() >= 0).all()


def test_fit_errors_are_model_errors() -> None:
    with pytest.raises(ModelError, match="croston_sba"):
        get_model("croston_sba").fit(as_pandas(np.zeros(50)))
    with pytest.raises(ModelError, match="negative"):
        get_model("ma").fit(as_pandas(np.array([1.0, -2.0, 3.0])))
    with pytest.raises(ModelError, match="before fit"):
        get_model("naive").predict(3)


def test_aliases_are_unique() -> None:
    class Impostor(Forecaster):
        alias = "naive"

        def _fit(self, y, index):  # pragma: no cover
            pass

        def _forecast(self, h):  # pragma: no cover
            return np.zeros(h)

        def _in_sample_residuals(self):  # pragma: no cover
            return np.zeros(0)

    with pytest.raises(ValueError, match="already taken"):
        register(Impostor)
    with pytest.raises(KeyError, match="unknown model"):
        get_model("no_such_model")


def test_residual_bounds_quantiles_and_scale() -> None:
    yhat = np.array([10.0, 2.0])
    residuals = np.linspace(-5, 5, 101)  # 10th and 90th percentiles: -4 and +4
    bounds = residual_bounds(yhat, residuals, (80,))
    assert bounds["yhat_lo80"] == pytest.approx([6.0, 0.0])  # 2 - 4 clipped at 0
    assert bounds["yhat_hi80"] == pytest.approx([14.0, 6.0])
    scaled = residual_bounds(yhat, np.linspace(-0.5, 0.5, 101), (80,), scale=yhat)
    assert scaled["yhat_lo80"] == pytest.approx([6.0, 1.2])
    assert scaled["yhat_hi80"] == pytest.approx([14.0, 2.8])


@pytest.mark.parametrize("alias", ["croston_sba", "tsb", "adida", "imapa"])
def test_intermittent_methods_read_a_month_booked_day_by_day_as_one_demand(alias: str) -> None:
    # 30 units every 6 months, issued one a day over a month (as ERP exports often book them),
    # the last lump 5 months ago: a method fitted on days reads each month as a burst of daily
    # demand and the quiet months since as a fall to zero (1e-5 a day); on 28-day totals the
    # long-run rate of 30 / 182 a day stays the order of magnitude
    one_cycle = np.r_[np.ones(30), np.zeros(152)]
    y = np.r_[np.tile(one_cycle, 8), np.ones(30), np.zeros(152)]
    rate = get_model(alias).fit(as_pandas(y)).forecast(14)
    assert rate == pytest.approx(np.full(14, rate[0]))  # a flat daily rate
    assert 0.25 * 30 / 182 < rate[0] < 3 * 30 / 182
