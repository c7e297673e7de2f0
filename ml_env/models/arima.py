"""ARIMA on weekly totals with a small, bounded order search, disaggregated back to days.

Daily spare-parts demand is too noisy for a daily ARIMA; weekly totals (censored days made up
for by the week's observed mean) are not. The search tries a handful of orders, with annual
Fourier terms when two years of weeks support them, and keeps the lowest AIC. Weeks without an
observed day are NaN, which the state-space model treats as missing.
"""

from __future__ import annotations

import logging
import warnings

import numpy as np
import pandas as pd

from ml_env.models.base import Forecaster, ModelError, block_totals, weekday_profile
from ml_env.models.registry import register

logger = logging.getLogger(__name__)

# (p, d, q), trend: a bounded search space, cheapest first.
ORDERS: tuple[tuple[tuple[int, int, int], str], ...] = (
    ((0, 1, 1), "n"),
    ((1, 0, 0), "c"),
    ((1, 0, 1), "c"),
)
MIN_WEEKS = 16
FOURIER_MIN_WEEKS = 104
WEEKS_PER_YEAR = 365.25 / 7


def annual_fourier(t: np.ndarray, k: int = 2) -> np.ndarray:
    cols = []
    for j in range(1, k + 1):
        angle = 2 * np.pi * j * t / WEEKS_PER_YEAR
        cols += [np.sin(angle), np.cos(angle)]
    return np.column_stack(cols)


def annual_season(weekly: np.ndarray) -> np.ndarray:
    """Annual pattern of ``weekly`` by least squares on Fourier terms (zero-mean, NaN-safe)."""
    t = np.arange(weekly.size, dtype=float)
    basis = annual_fourier(t)
    ok = np.isfinite(weekly)
    design = np.column_stack((np.ones(ok.sum()), basis[ok]))
    coef, *_ = np.linalg.lstsq(design, weekly[ok], rcond=None)
    return coef[1:]


@register
class WeeklyARIMA(Forecaster):
    """ARIMA on weekly totals; optionally on their deseasonalised (annual Fourier) remainder.

    The order search runs once per fit, unless the engine hands over the structure a previous
    fit of the same series found (``reuse_structure``), as it does across backtest origins.
    """

    alias = "arima"

    def __init__(self) -> None:
        super().__init__()
        self._spec: tuple[tuple[int, int, int], str, bool] | None = None

    def reuse_structure(self, other: Forecaster) -> None:
        if isinstance(other, WeeklyARIMA) and other._spec is not None:
            self._spec = other._spec

    def _fit(self, y: np.ndarray, index: pd.DatetimeIndex) -> None:
        weekly = block_totals(y, 7)
        if np.isfinite(weekly).sum() < MIN_WEEKS:
            raise ModelError(f"{self.alias}: needs at least {MIN_WEEKS} observed weeks")
        seasonal_options = [False]
        if np.isfinite(weekly).sum() >= FOURIER_MIN_WEEKS:
            seasonal_options.append(True)
        if self._spec is not None:
            specs = [self._spec] if self._spec[2] in seasonal_options else []
        else:
            specs = [(o, tr, s) for s in seasonal_options for o, tr in ORDERS]
        best, best_aic, errors = None, np.inf, []
        coef = annual_season(weekly) if True in seasonal_options else None
        for order, trend, seasonal in specs:
            season = annual_fourier(np.arange(weekly.size, dtype=float)) @ coef if seasonal else 0
            try:
                result = _fit_arima(weekly - season, order, trend)
            except Exception as exc:  # one order failing is normal; all failing is not
                errors.append(f"{order}: {exc}")
                continue
            aic = result.aic + (2 * len(coef) if seasonal and coef is not None else 0)
            if np.isfinite(aic) and aic < best_aic:
                best, best_aic = (result, (order, trend, seasonal)), aic
        if best is None:
            raise ModelError(f"{self.alias}: no order could be fitted ({'; '.join(errors[:2])})")
        self._result, self._spec = best
        self._coef = coef if self._spec[2] else None
        self._weekly = weekly
        self._profile = weekday_profile(y, index)

    def _forecast(self, h: int) -> np.ndarray:
        steps = h // 7 + 1
        weeks = np.asarray(self._result.forecast(steps), dtype=float)
        if self._coef is not None:
            t = np.arange(self._weekly.size, self._weekly.size + steps, dtype=float)
            weeks = weeks + annual_fourier(t) @ self._coef
        last = self._last_date
        assert last is not None
        return disaggregate_weekly(np.maximum(weeks, 0.0), h, last, self._profile)

    def _in_sample_residuals(self) -> np.ndarray:
        y, index = self._y, self._index
        assert y is not None and index is not None
        fitted_weekly = np.asarray(self._result.fittedvalues, dtype=float)
        if self._coef is not None:
            fitted_weekly = (
                fitted_weekly
                + annual_fourier(np.arange(fitted_weekly.size, dtype=float)) @ self._coef
            )
        tail = slice(len(y) - fitted_weekly.size * 7, len(y))
        weekday = index.day_of_week.to_numpy()[tail]
        fitted = np.repeat(fitted_weekly / 7, 7) * self._profile[weekday]
        res = (y[tail] - fitted)[np.isfinite(y[tail])]
        return res[7:]  # the first week's fit is the model's initialisation, not a forecast


def _fit_arima(weekly: np.ndarray, order: tuple[int, int, int], trend: str) -> object:
    from statsmodels.tsa.statespace.sarimax import SARIMAX

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return SARIMAX(weekly, order=order, trend=trend).fit(disp=False, maxiter=50)


def disaggregate_weekly(
    weekly: np.ndarray, h: int, last_date: pd.Timestamp, profile: np.ndarray
) -> np.ndarray:
    """Spread weekly totals (week 1 = the 7 days after ``last_date``) over days by weekday."""
    days = pd.date_range(last_date + pd.Timedelta(days=1), periods=h, freq="D")
    week_of_day = np.arange(h) // 7
    return weekly[week_of_day] / 7 * profile[days.day_of_week.to_numpy()]
