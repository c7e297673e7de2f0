"""Baselines: naive, seasonal naive (weekly), moving average, history and 365-day means, zero."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ml_env.models.base import Forecaster, ModelError, observed, require_observed
from ml_env.models.registry import register


@register
class Naive(Forecaster):
    """The last observed (non-censored) day's demand, repeated."""

    alias = "naive"

    def _fit(self, y: np.ndarray, index: pd.DatetimeIndex) -> None:
        self._obs = require_observed(self.alias, y)

    def _forecast(self, h: int) -> np.ndarray:
        return np.full(h, self._obs[-1])

    def _in_sample_residuals(self) -> np.ndarray:
        return np.diff(self._obs)


@register
class SeasonalNaive(Forecaster):
    """Each weekday's most recent observed demand (within 8 weeks), else the recent mean."""

    alias = "snaive"
    season = 7
    lookback_seasons = 8

    def _fit(self, y: np.ndarray, index: pd.DatetimeIndex) -> None:
        obs = require_observed(self.alias, y)
        n, s = len(y), self.season
        self._last = np.full(s, np.nan)  # by position in the season relative to the last day
        for back in range(s * self.lookback_seasons):
            pos = n - 1 - back
            if pos < 0:
                break
            slot = (s - 1 - back) % s
            if np.isnan(self._last[slot]) and np.isfinite(y[pos]):
                self._last[slot] = y[pos]
        self._last = np.where(np.isnan(self._last), obs[-28:].mean(), self._last)

    def _forecast(self, h: int) -> np.ndarray:
        return np.resize(self._last, h)

    def _in_sample_residuals(self) -> np.ndarray:
        y = self._y
        assert y is not None
        return y[self.season :] - y[: -self.season]


@register
class MovingAverage(Forecaster):
    """Mean demand of the observed days among the last 28 (the last 28 observed if too few)."""

    alias = "ma"
    window = 28

    def _fit(self, y: np.ndarray, index: pd.DatetimeIndex) -> None:
        require_observed(self.alias, y)
        recent = observed(y[-self.window :])
        if recent.size < self.window // 4:
            recent = observed(y)[-self.window :]
        self._level = float(recent.mean())

    def _forecast(self, h: int) -> np.ndarray:
        return np.full(h, self._level)

    def _in_sample_residuals(self) -> np.ndarray:
        obs = observed(self._y)  # type: ignore[arg-type]
        w = self.window
        if obs.size <= w:
            return obs - obs.mean()
        sums = np.cumsum(np.concatenate(([0.0], obs)))
        trailing = (sums[w:-1] - sums[: -w - 1]) / w
        return obs[w:] - trailing


@register
class HistoryMean(Forecaster):
    """Mean of every observed day: the policy for too-short histories."""

    alias = "mean"

    def _fit(self, y: np.ndarray, index: pd.DatetimeIndex) -> None:
        obs = observed(y)
        self._level = float(obs.mean()) if obs.size else 0.0

    def _forecast(self, h: int) -> np.ndarray:
        return np.full(h, self._level)

    def _in_sample_residuals(self) -> np.ndarray:
        return observed(self._y) - self._level  # type: ignore[arg-type]


@register
class YearMean(Forecaster):
    """Mean demand of the observed days among the last 365: a level that does not chase noise."""

    alias = "mean365"
    window = 365

    def _fit(self, y: np.ndarray, index: pd.DatetimeIndex) -> None:
        recent = require_observed(self.alias, y[-self.window :])
        self._level = float(recent.mean())

    def _forecast(self, h: int) -> np.ndarray:
        return np.full(h, self._level)

    def _in_sample_residuals(self) -> np.ndarray:
        return observed(self._y[-self.window :]) - self._level  # type: ignore[index]


@register
class Zero(Forecaster):
    """No demand: the candidate that wins when an item has gone quiet."""

    alias = "zero"

    def _fit(self, y: np.ndarray, index: pd.DatetimeIndex) -> None:
        if not np.any(np.isfinite(y)):
            raise ModelError(f"{self.alias}: no observed day")

    def _forecast(self, h: int) -> np.ndarray:
        return np.zeros(h)

    def _in_sample_residuals(self) -> np.ndarray:
        return observed(self._y)  # type: ignore[arg-type]
