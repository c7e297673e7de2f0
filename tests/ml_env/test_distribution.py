"""The predictive distribution on constructed series whose true distribution is known."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from ml_env.config import TrainConfig, default_candidates
from ml_env.distribution import bands, quantiles
from ml_env.engine import SeriesInput, forecast_series
from ml_env.predictive import distribution_table, finalize, periods_table
from ml_env.seasonality import calendar_profiles, with_profiles

START = pd.Timestamp("2023-01-02")
N_DAYS = 3 * 364
# statsforecast's candidates only (ARIMA and Prophet have their own tests and cost minutes here)
CHEAP = ("ma", "mean365", "croston_sba", "tsb", "adida", "imapa")
CFG = TrainConfig(
    horizon=56,
    distribution_horizon=91,
    candidates=default_candidates() | dict.fromkeys(("smooth", "erratic"), CHEAP),
)


def run(ys: list[np.ndarray], category: str = "c") -> tuple[pd.DataFrame, list]:
    series = [SeriesInput(f"i{k:03d}", "W1", START, y, category=category) for k, y in enumerate(ys)]
    end = (START + pd.Timedelta(days=N_DAYS - 1)).date()
    series = with_profiles(series, end)
    results = [forecast_series(s, CFG) for s in series]
    dispersion, _ = finalize(results, CFG.levels)
    table = distribution_table(results, dispersion, CFG.distribution_horizon).to_pandas()
    return table, results


def window_quantile(table: pd.DataFrame, days: int, level: float) -> float:
    """The median over series of the exported quantile (series are exchangeable here)."""
    rows = table[(table.horizon_days == days) & np.isclose(table.level, level)]
    return float(rows.quantity.median())


@pytest.mark.parametrize(
    ("name", "draw", "truth"),
    [
        (
            "poisson",
            lambda rng, n: rng.poisson(0.5, n).astype(float),
            lambda days, p: stats.poisson.ppf(p, 0.5 * days),
        ),
        (
            "negative binomial",
            lambda rng, n: rng.negative_binomial(0.5, 0.5 / 1.5, n).astype(float),
            lambda days, p: stats.nbinom.ppf(p, 0.5 * days, 0.5 / 1.5),
        ),
        (
            "bernoulli x size",
            lambda rng, n: (rng.random(n) < 0.05) * 10.0,
            lambda days, p: 10 * stats.binom.ppf(p, days, 0.05),
        ),
    ],
)
def test_window_quantiles_match_the_true_distribution(name, draw, truth) -> None:
    rng = np.random.default_rng(11)
    table, _ = run([draw(rng, N_DAYS) for _ in range(25)])
    for days in (7, 28, 91):
        for level in (0.5, 0.9, 0.99):
            exported, true = window_quantile(table, days, level), float(truth(days, level))
            # sampling error of a fitted level over three years, plus one lump of discreteness
            assert exported == pytest.approx(true, rel=0.25, abs=10.0 if "size" in name else 2.0), (
                name,
                days,
                level,
            )


def test_a_window_quantile_is_not_a_sum_of_daily_quantiles() -> None:
    rng = np.random.default_rng(3)
    table, results = run([(rng.random(N_DAYS) < 0.05) * 10.0 for _ in range(30)])
    summed = np.median([r.forecast["yhat_hi95"][:28].sum() for r in results])
    true_q = 10 * stats.binom.ppf(0.975, 28, 0.05)  # 40 units: 4 demands in 28 days
    assert window_quantile(table, 28, 0.975) == pytest.approx(true_q, abs=10.0)
    # a day's 95% band is [0, 0] (P(0) = 0.95) or [0, 10]: summed, 0 or 280, never 40
    assert abs(summed - true_q) > 0.5 * true_q


def test_daily_bands_include_zero_where_zero_is_likely() -> None:
    rng = np.random.default_rng(5)
    _, results = run([(rng.random(N_DAYS) < 0.2) * 3.0 for _ in range(20)])
    for r in results:
        assert np.all(r.forecast["yhat_lo80"] == 0.0)
        assert np.all(r.forecast["yhat_hi95"] >= r.forecast["yhat_hi80"])


def test_quantiles_rise_with_level_and_horizon() -> None:
    rng = np.random.default_rng(8)
    table, _ = run([rng.poisson(2.0, N_DAYS).astype(float) for _ in range(10)])
    for _, rows in table.groupby(["item_id", "horizon_days"]):
        assert np.all(np.diff(rows.sort_values("level").quantity.to_numpy()) >= 0)
    for _, rows in table.groupby(["item_id", "level"]):
        assert np.all(np.diff(rows.sort_values("horizon_days").quantity.to_numpy()) >= -1e-9)


def test_a_pooled_season_reaches_the_forecast_and_noise_does_not() -> None:
    rng = np.random.default_rng(2)
    days = pd.date_range(START, periods=N_DAYS + 56)
    rainy = np.where(np.isin(days.month, (12, 1, 2)), 3.0, 1.0)  # a rainy season triples demand
    seasonal = [rng.poisson(0.3 * rainy[:N_DAYS]).astype(float) for _ in range(30)]
    flat = [rng.poisson(0.3, N_DAYS).astype(float) for _ in range(30)]
    end = START + pd.Timedelta(days=N_DAYS - 1)
    season = calendar_profiles(seasonal, ["W1"] * 30, ["c"] * 30, end)[0]
    noise = calendar_profiles(flat, ["W1"] * 30, ["c"] * 30, end)[0]
    assert season.month[0] / season.month[6] == pytest.approx(3.0, rel=0.2)
    assert np.abs(noise.month - 1).max() < 0.15  # no season in the data: (almost) flat
    assert np.abs(noise.weekday - 1).max() < 0.15


def test_periods_cover_the_horizon_with_partial_periods_marked() -> None:
    rng = np.random.default_rng(4)
    series = [SeriesInput("i1", "W1", START, rng.poisson(1.0, N_DAYS).astype(float))]
    results = [forecast_series(s, CFG) for s in series]
    dispersion, _ = finalize(results, CFG.levels)
    end = (START + pd.Timedelta(days=N_DAYS - 1)).date()
    periods = periods_table(results, dispersion, end, CFG.horizon).to_pandas()
    for grain in ("week", "month"):
        rows = periods[periods.grain == grain]
        assert rows.days_in_horizon.sum() == CFG.horizon
        assert rows["mean"].sum() == pytest.approx(results[0].forecast["yhat"].sum())
        assert (rows.q025 <= rows.q500).all() and (rows.q500 <= rows.q975).all()
    months = periods[periods.grain == "month"]
    assert months.days_in_horizon.iloc[0] < 31 or months.days_in_horizon.iloc[-1] < 31


def test_dispersion_is_fitted_to_cover_the_upper_quantiles_decisions_read() -> None:
    # window totals with a heavier tail than any negative binomial (10% of windows at 5x the
    # rate): maximum likelihood fits the bulk and leaves the 95% and 99% quantiles short; the
    # calibrated fit covers them, judged on windows it did not see
    from ml_env.distribution import CALIBRATION_LEVELS, expected_coverage, fit_b, pit_bounds

    rng = np.random.default_rng(3)

    def windows(n: int) -> np.ndarray:
        heavy = rng.random(n) < 0.1
        return np.where(heavy, rng.poisson(25, n), rng.poisson(5, n)).astype(float)

    fit_on, judge_on = windows(4000), windows(20000)
    m, a = np.full(4000, 7.0), np.ones(4000)
    m_new, a_new = np.full(20000, 7.0), np.ones(20000)
    covered = {}
    for calibrate in (False, True):
        b = fit_b(fit_on, m, a, calibrate=calibrate)
        covered[calibrate] = expected_coverage(
            *pit_bounds(judge_on, m_new, a_new, b), CALIBRATION_LEVELS
        )
    at_95 = list(CALIBRATION_LEVELS).index(0.95)
    assert covered[False][at_95] < 0.92  # the likelihood fit: short
    assert covered[True][at_95] == pytest.approx(0.95, abs=0.015)
    assert (covered[True][at_95:] >= CALIBRATION_LEVELS[at_95:] - 0.015).all()
    # below the window count where a 99% coverage can be read, the likelihood fit stays
    few = fit_on[:500]
    assert fit_b(few, m[:500], a[:500]) == fit_b(few, m[:500], a[:500], calibrate=False)


@pytest.mark.parametrize(
    "mean, lump, b",
    [(0.3, 1.0, 0.5), (2.0, 1.0, 1e-4), (2.0, 4.0, 0.8), (40.0, 1.0, 0.05), (600.0, 2.0, 0.02)],
)
def test_a_band_holds_its_share_and_no_more_than_its_atoms_force(mean, lump, b) -> None:
    """Drawn from the distribution itself: the band holds at least its nominal share (within
    sampling error) and one lump less at the top would hold less than that share."""
    rng = np.random.default_rng(11)
    r = 1.0 / b
    draws = lump * rng.negative_binomial(r, r / (r + mean / lump), 200_000)
    for c, (lo, hi) in bands(
        np.array([mean]), np.array([lump]), np.array([b]), (0.8, 0.95)
    ).items():
        held = np.mean((draws >= lo[0]) & (draws <= hi[0]))
        assert held >= c - 0.005
        if hi[0] > lo[0]:
            assert np.mean((draws >= lo[0]) & (draws <= hi[0] - lump)) < c + 0.005


def test_where_zero_is_likely_the_band_is_zero_to_the_nominal_quantile() -> None:
    # P(0) = 0.55 under Poisson(0.6): [q10, q90] = [0, 2] would hold 97.7%; the 80% band is
    # [0, 1] (holds 87.8%), the 95% band [0, 2]
    got = bands(np.array([0.6]), np.array([1.0]), np.array([1e-4]), (0.8, 0.95))
    assert [float(v[0]) for v in got[0.8]] == [0.0, stats.poisson.ppf(0.8, 0.6)] == [0.0, 1.0]
    assert [float(v[0]) for v in got[0.95]] == [0.0, 2.0]
    # a continuous-like total keeps (nearly) the equal-tailed band: within 0.5% of its ends
    m, a, b = np.array([900.0]), np.array([1.0]), np.array([1e-4])
    lo, hi = bands(m, a, b, (0.8,))[0.8]
    q10, q90 = quantiles(m, a, b, (0.1, 0.9))[0]
    assert lo[0] == q10
    assert hi[0] == pytest.approx(q90, rel=0.005)


def test_the_dispersion_a_manifest_records_reads_back() -> None:
    from ml_env.distribution import Dispersion

    fitted = Dispersion(by_class={"lumpy": np.linspace(0.1, 2.0, 8)})
    again = Dispersion.from_params(fitted.as_params())
    for days in (1.0, 20.0, 400.0):
        assert again.b("lumpy", days) == pytest.approx(fitted.b("lumpy", days), rel=1e-4)
        assert again.b("smooth", days) == pytest.approx(fitted.b("smooth", days))
