"""Intermittent-demand methods: Croston with the SBA correction, TSB, and ADIDA.

Censored days are dropped before smoothing (``observed``), so a stock-out neither counts as a
zero-demand day nor lengthens the interval between demands.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ml_env.models._smoothing import best_alpha, one_step_with_gaps, ses_levels
from ml_env.models.base import Forecaster, ModelError, observed, weekday_profile
from ml_env.models.registry import register


def _demand_events(obs: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Positions of non-zero demand, their sizes, and the intervals (observed days) before them."""
    where = np.flatnonzero(obs > 0)
    sizes = obs[where]
    intervals = np.diff(np.concatenate(([-1], where))).astype(float)
    return where, sizes, intervals


@register
class CrostonSBA(Forecaster):
    """Croston's method with the Syntetos-Boylan bias correction ``(1 - alpha/2)``."""

    alias = "croston_sba"
    alpha = 0.1

    def _fit(self, y: np.ndarray, index: pd.DatetimeIndex) -> None:
        obs = observed(y)
        where, sizes, intervals = _demand_events(obs)
        if sizes.size == 0:
            raise ModelError(f"{self.alias}: no demand to smooth")
        a = self.alpha
        self._z = ses_levels(sizes, a, sizes[0])
        self._p = ses_levels(intervals, a, intervals.mean())
        self._obs, self._where = obs, where
        self._rate = (1 - a / 2) * self._z[-1] / self._p[-1]

    def _forecast(self, h: int) -> np.ndarray:
        return np.full(h, self._rate)

    def _in_sample_residuals(self) -> np.ndarray:
        rates = (1 - self.alpha / 2) * self._z / self._p
        # the forecast for observed day t is the rate after the last demand strictly before t
        events_before = np.searchsorted(self._where, np.arange(self._obs.size), side="left")
        known = events_before > 0
        return self._obs[known] - rates[events_before[known] - 1]


@register
class TSB(Forecaster):
    """Teunter-Syntetos-Babai: smooths the demand probability every day, the size on demand days.

    Unlike Croston it decays towards zero while no demand occurs, which suits items going obsolete.
    """

    alias = "tsb"
    alpha = 0.1  # size
    beta = 0.05  # probability

    def _fit(self, y: np.ndarray, index: pd.DatetimeIndex) -> None:
        obs = observed(y)
        if obs.size == 0:
            raise ModelError(f"{self.alias}: no observed day")
        where, sizes, _ = _demand_events(obs)
        occurred = (obs > 0).astype(float)
        p0 = occurred[:28].mean()
        self._prob = ses_levels(occurred, self.beta, p0)
        if sizes.size:
            self._size = ses_levels(sizes, self.alpha, sizes[0])
        else:
            self._size = np.zeros(0)
        self._obs, self._where = obs, where

    def _forecast(self, h: int) -> np.ndarray:
        size = self._size[-1] if self._size.size else 0.0
        return np.full(h, self._prob[-1] * size)

    def _in_sample_residuals(self) -> np.ndarray:
        if self._size.size == 0:
            return self._obs
        t = np.arange(1, self._obs.size)
        events_before = np.searchsorted(self._where, t, side="left")
        known = events_before > 0
        fitted = self._prob[t[known] - 1] * self._size[events_before[known] - 1]
        return self._obs[t[known]] - fitted


def weekly_rates(y: np.ndarray, min_observed: int = 1) -> np.ndarray:
    """Weekly demand from daily, in 7-day buckets ending on the last day.

    A bucket's total is scaled up for its censored days (observed mean x 7); a bucket with fewer
    than ``min_observed`` observed days is NaN (missing). An incomplete first week is dropped.
    """
    n_weeks = len(y) // 7
    if n_weeks == 0:
        return np.empty(0)
    weeks = y[len(y) - n_weeks * 7 :].reshape(n_weeks, 7)
    ok = np.isfinite(weeks)
    counts = ok.sum(axis=1)
    totals = np.where(ok, weeks, 0.0).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        rates = totals / counts * 7
    return np.where(counts >= min_observed, rates, np.nan)


def disaggregate_weekly(
    weekly: np.ndarray, h: int, last_date: pd.Timestamp, profile: np.ndarray
) -> np.ndarray:
    """Spread weekly totals (week 1 = the 7 days after ``last_date``) over days by weekday."""
    days = pd.date_range(last_date + pd.Timedelta(days=1), periods=h, freq="D")
    week_of_day = np.arange(h) // 7
    return weekly[week_of_day] / 7 * profile[days.day_of_week.to_numpy()]


@register
class ADIDA(Forecaster):
    """Aggregate-disaggregate: SES on weekly totals, spread back over days by weekday profile."""

    alias = "adida"
    alphas = (0.05, 0.1, 0.2, 0.3)

    def _fit(self, y: np.ndarray, index: pd.DatetimeIndex) -> None:
        weekly = weekly_rates(y)
        finite = weekly[np.isfinite(weekly)]
        if finite.size < 2:
            raise ModelError(f"{self.alias}: needs at least two observed weeks")
        initial = finite[: min(4, finite.size)].mean()
        self._alpha = best_alpha(finite, self.alphas, initial)
        self._weekly, self._initial = weekly, initial
        self._level = ses_levels(finite, self._alpha, initial)[-1]
        self._profile = weekday_profile(y, index)

    def _forecast(self, h: int) -> np.ndarray:
        weeks = np.full(h // 7 + 1, self._level)
        return disaggregate_weekly(weeks, h, self._last_date, self._profile)  # type: ignore[arg-type]

    def _in_sample_residuals(self) -> np.ndarray:
        y, index = self._y, self._index
        assert y is not None and index is not None
        fitted_weekly = one_step_with_gaps(self._weekly, self._alpha, self._initial)
        tail = slice(len(y) - self._weekly.size * 7, len(y))
        weekday = index.day_of_week.to_numpy()[tail]
        fitted = np.repeat(fitted_weekly / 7, 7) * self._profile[weekday]
        return (y[tail] - fitted)[np.isfinite(y[tail])]
