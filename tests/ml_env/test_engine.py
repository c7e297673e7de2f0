from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd
import pytest

from ml_env.config import CHEAP, INTERMITTENT_METHODS, TrainConfig, default_candidates
from ml_env.engine import forecast_series
from ml_env.models import Forecaster, ModelError, register, unregister
from tests.ml_env.factories import series, weekly_pattern

H = 14


def cheap_config(**changes: object) -> TrainConfig:
    """Cheap candidates only (the engine logic is the same; ARIMA/Prophet have their own tests)."""
    candidates = default_candidates()
    for cls in ("smooth", "erratic"):
        candidates[cls] = CHEAP
    changes.setdefault("min_train_days", 56)  # these series are short (200-600 days)
    return TrainConfig(horizon=H, candidates=candidates, **changes)  # type: ignore[arg-type]


def test_selection_picks_seasonal_naive_for_an_exact_weekly_pattern() -> None:
    result = forecast_series(series(weekly_pattern(200)), cheap_config())
    assert result.demand_class == "smooth"
    assert result.model == "snaive"
    assert result.scale["selection"] == "backtest"
    assert result.forecast["yhat"] == pytest.approx(weekly_pattern(200 + H)[200:])
    assert result.scale["sigma_1d"] == pytest.approx(0.0)
    rows = pd.DataFrame(result.backtest_rows)
    overall = rows[rows.horizon_bucket == "all"].set_index("model")
    assert overall.loc["snaive", "rmsse"] == pytest.approx(0.0)
    assert (overall.drop(index="snaive")["rmsse"] > 0.3).all()
    assert overall["selected"].sum() == 1 and overall.loc["snaive", "selected"]
    assert set(rows.horizon_bucket) == {"all", "1-7", "8-14"}


def test_an_item_gone_quiet_keeps_a_decayed_rate_never_zero() -> None:
    # a part used at 1 a day for 180 days, then silent for 400: demand may come back (a zero
    # forecast would never stock it again), but at well under the old rate
    y = np.r_[np.tile([0.0, 0, 3], 60), np.zeros(400)]
    result = forecast_series(series(y), cheap_config())
    assert result.demand_class == "no_recent_demand"
    assert result.model in INTERMITTENT_METHODS
    assert (result.forecast["yhat"] > 0).all()
    assert (result.forecast["yhat"] < 0.5).all()


def test_rmsse_not_mase_decides_on_intermittent_demand() -> None:
    # every 4th day 4 units: the all-zero forecast wins MASE but is useless for stocking
    y = np.tile([0.0, 0, 0, 4], 60)
    cfg = cheap_config(switch_margin=0.0)  # pure RMSSE ranking
    cfg.candidates["intermittent"] = ("zero", *CHEAP)
    result = forecast_series(series(y), cfg)
    assert result.demand_class == "intermittent"
    rows = pd.DataFrame(result.backtest_rows).query("horizon_bucket == 'all'").set_index("model")
    assert rows["mase"].idxmin() == "zero"
    # sqrt(mean e² / mean squared change) = sqrt(4 / 8) up to where the 14-day windows fall
    assert rows.loc["zero", "rmsse"] == pytest.approx(np.sqrt(4 / 8), rel=0.05)
    assert result.model != "zero"
    assert rows.loc[result.model, "rmsse"] == rows["rmsse"].min() < rows.loc["zero", "rmsse"]
    assert result.forecast["yhat"].mean() == pytest.approx(1.0, rel=0.1)


def test_the_default_model_stays_unless_a_challenger_is_clearly_better() -> None:
    from ml_env.engine import prefer_default

    cfg = TrainConfig(switch_margin=0.05)
    overall = {"tsb": {"rmsse": 0.97}, "adida": {"rmsse": 1.0}, "ma": {"rmsse": 0.9}}
    assert prefer_default(["tsb", "adida"], overall, cfg, "erratic") == ["adida", "tsb"]
    assert prefer_default(["ma", "adida"], overall, cfg, "erratic") == ["ma", "adida"]
    assert prefer_default(["tsb", "ma"], overall, cfg, "erratic") == ["tsb", "ma"]  # no adida
    # intermittent classes rank their candidates plainly (no default to keep)
    assert prefer_default(["tsb", "adida"], overall, cfg, "lumpy") == ["tsb", "adida"]


def test_censored_days_do_not_pull_the_selected_forecast_down() -> None:
    rng = np.random.default_rng(5)
    y = rng.poisson(5, 240).astype(float)
    y[-25:] = np.nan  # stock-out: recorded 0, censored
    result = forecast_series(series(y), cheap_config())
    assert result.forecast["yhat"].mean() > 4.0
    assert result.scale["n_censored_days"] == 25


def test_short_history_gets_the_policy_model_and_is_not_dropped() -> None:
    result = forecast_series(series([2.0, 0, 1, 3] * 10), cheap_config())
    assert result.demand_class == "short_history"
    assert result.model == "mean"
    assert result.scale["selection"] == "policy"
    assert result.scale["sigma_source"] == "history_std"
    assert result.forecast["yhat"] == pytest.approx(np.full(H, 1.5))
    assert result.backtest_rows[0]["status"] == "not_backtested"
    assert result.backtest_rows[0]["selected"]


class AlwaysFails(Forecaster):
    alias = "test_always_fails"

    def _fit(self, y: np.ndarray, index: pd.DatetimeIndex) -> None:
        raise RuntimeError("solver exploded")

    def _forecast(self, h: int) -> np.ndarray:  # pragma: no cover
        return np.zeros(h)

    def _in_sample_residuals(self) -> np.ndarray:  # pragma: no cover
        return np.zeros(0)


class PerfectUntilFinal(Forecaster):
    """Knows the weekly pattern exactly, but its final fit (the full history) fails."""

    alias = "test_fails_on_final"
    full_length = 200

    def _fit(self, y: np.ndarray, index: pd.DatetimeIndex) -> None:
        if len(y) == self.full_length:
            raise ModelError(f"{self.alias}: out of memory")

    def _forecast(self, h: int) -> np.ndarray:
        return weekly_pattern(len(self._y) + h)[len(self._y) :]  # type: ignore[arg-type]

    def _in_sample_residuals(self) -> np.ndarray:
        return np.zeros(0)


@pytest.fixture
def failing_models() -> Iterator[None]:
    register(AlwaysFails)
    register(PerfectUntilFinal)
    yield
    unregister(AlwaysFails.alias)
    unregister(PerfectUntilFinal.alias)


def test_a_failing_fit_is_recorded_and_skipped(failing_models: None) -> None:
    candidates = default_candidates() | {"smooth": ("test_always_fails", "ma", "snaive")}
    result = forecast_series(
        series(weekly_pattern(200)),
        TrainConfig(horizon=H, candidates=candidates, min_train_days=56),
    )
    rows = pd.DataFrame(result.backtest_rows).set_index("model")
    assert rows.loc["test_always_fails", "status"] == "failed"
    assert "solver exploded" in rows.loc["test_always_fails", "error"]
    assert result.model == "snaive"


def test_a_failing_final_fit_falls_back_to_the_next_ranked(failing_models: None) -> None:
    candidates = default_candidates() | {"smooth": ("ma", "test_fails_on_final", "naive")}
    result = forecast_series(
        series(weekly_pattern(200)),
        TrainConfig(horizon=H, candidates=candidates, min_train_days=56),
    )
    rows = pd.DataFrame(result.backtest_rows).query("horizon_bucket == 'all'").set_index("model")
    assert rows["rmsse"].idxmin() == "test_fails_on_final"  # best in the backtest...
    assert result.model in ("ma", "naive")  # ...but its final fit failed
    assert result.scale["selection"] == "fallback"
    assert result.scale["fallback_from"] == "test_fails_on_final"
    assert "out of memory" in result.scale["note"]
    assert rows.loc[result.model, "selected"]


def test_when_every_candidate_fails_the_fallback_model_forecasts(failing_models: None) -> None:
    candidates = default_candidates() | {"smooth": ("test_always_fails",)}
    result = forecast_series(
        series(weekly_pattern(200)),
        TrainConfig(horizon=H, candidates=candidates, min_train_days=56),
    )
    assert result.model == "mean"
    assert result.scale["selection"] == "fallback"
    assert "every candidate failed" in result.scale["note"]
    selected = [r for r in result.backtest_rows if r["selected"]]
    assert [(r["model"], r["status"]) for r in selected] == [("mean", "not_backtested")]
    assert result.forecast["yhat"] == pytest.approx(np.full(H, weekly_pattern(200).mean()))


def test_intervals_are_ordered_non_negative_and_cover_in_backtest() -> None:
    rng = np.random.default_rng(8)
    y = rng.poisson(6, 300).astype(float)
    result = forecast_series(series(y), cheap_config())
    f = result.forecast
    assert (f["yhat_lo95"] >= 0).all()
    assert (f["yhat_lo95"] <= f["yhat_lo80"]).all() and (f["yhat_lo80"] <= f["yhat"]).all()
    assert (f["yhat"] <= f["yhat_hi80"]).all() and (f["yhat_hi80"] <= f["yhat_hi95"]).all()
    assert result.scale["interval_source"] == "backtest"
    selected = next(
        r for r in result.backtest_rows if r["selected"] and r["horizon_bucket"] == "all"
    )
    assert 0.6 <= selected["coverage80"] <= 0.95
    assert selected["coverage95"] >= selected["coverage80"]
    # Poisson(6): the 80% band is about 6 +- 1.28 x sqrt(6)
    assert f["yhat_hi80"][0] - f["yhat_lo80"][0] == pytest.approx(2 * 1.28 * 6**0.5, rel=0.35)


def test_an_origin_before_the_first_demand_is_left_out_not_failed() -> None:
    # a part first used on day 340: the first of three origins (day 332) has no demand to learn
    # from, so it is left out and the intermittent methods are judged on the other two instead
    # of failing there (and the series falling back to a mean nobody ranked)
    y = np.zeros(500)
    y[340::5] = 2.0
    cfg = TrainConfig(horizon=56, candidates=default_candidates(), min_train_days=56)
    result = forecast_series(series(y), cfg)
    rows = pd.DataFrame(result.backtest_rows).query("horizon_bucket == 'all'").set_index("model")
    methods = rows.loc[list(INTERMITTENT_METHODS)]
    assert (methods["status"] != "failed").all()
    assert (methods["n_origins"] == 2).all()
    assert result.scale["selection"] == "backtest"
    assert result.model in rows.index and result.model != "mean"
