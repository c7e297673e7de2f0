"""Intermittent-demand methods from statsforecast: Croston SBA, TSB, ADIDA, IMAPA, and AutoETS.

Each wraps the statsforecast model of the same name behind the ``Forecaster`` interface. The
methods see the series of observed days (censored days dropped, ``observed``): a stock-out
neither counts as a zero-demand day nor lengthens the interval between demands. Their forecasts
are flat daily rates; calendar shape (yearly season, weekday) is the engine's pooled profile
(``ml_env.seasonality``), not a per-series estimate.

ADIDA aggregates the daily series into buckets of its mean inter-demand interval before
smoothing, IMAPA combines the forecasts of every aggregation level up to that interval: the
temporal aggregation that intermittent data supports, as published and as the library keeps it.
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
import pandas as pd
from statsforecast import models as sf

from ml_env.models.base import Forecaster, ModelError, block_totals, observed
from ml_env.models.registry import register


class _StatsForecastModel(Forecaster):
    """A statsforecast model fitted on the observed days; flat forecast of its mean."""

    min_demand_days: ClassVar[int] = 1

    def _make(self) -> Any:
        raise NotImplementedError

    def _fit(self, y: np.ndarray, index: pd.DatetimeIndex) -> None:
        obs = observed(y)
        if np.count_nonzero(obs > 0) < self.min_demand_days:
            raise ModelError(
                f"{self.alias}: needs {self.min_demand_days} day(s) with demand, "
                f"has {np.count_nonzero(obs > 0)}"
            )
        out = self._make().forecast(y=obs, h=1)  # no fitted values: they cost more than the fit
        rate = float(out["mean"][0])
        if not np.isfinite(rate):
            raise ModelError(f"{self.alias}: non-finite forecast")
        self._rate = max(rate, 0.0)
        self._obs = obs

    def _forecast(self, h: int) -> np.ndarray:
        return np.full(h, self._rate)

    def _in_sample_residuals(self) -> np.ndarray:
        """One-step fitted errors, computed only when asked for (``predict`` without
        calibration residuals)."""
        fitted = np.asarray(
            self._make().forecast(y=self._obs, h=1, fitted=True).get("fitted", []), dtype=float
        )
        if fitted.size != self._obs.size:
            return np.empty(0)
        return (self._obs - fitted)[np.isfinite(fitted)]


@register
class CrostonSBA(_StatsForecastModel):
    """Croston's method with the Syntetos-Boylan bias correction (statsforecast CrostonSBA)."""

    alias = "croston_sba"

    def _make(self) -> Any:
        return sf.CrostonSBA()


@register
class TSB(_StatsForecastModel):
    """Teunter-Syntetos-Babai (statsforecast TSB): smooths the demand probability every day and
    the size on demand days, so it decays towards zero while no demand occurs (obsolescence)."""

    alias = "tsb"
    alpha_d = 0.1  # size
    alpha_p = 0.05  # probability

    def _make(self) -> Any:
        return sf.TSB(alpha_d=self.alpha_d, alpha_p=self.alpha_p)


@register
class ADIDA(_StatsForecastModel):
    """Aggregate-disaggregate intermittent demand approach (statsforecast ADIDA)."""

    alias = "adida"

    def _make(self) -> Any:
        return sf.ADIDA()


@register
class IMAPA(_StatsForecastModel):
    """Intermittent multiple aggregation prediction algorithm (statsforecast IMAPA)."""

    alias = "imapa"

    def _make(self) -> Any:
        return sf.IMAPA()


@register
class WeeklyETS(Forecaster):
    """statsforecast AutoETS on weekly totals (7-day buckets ending on the last day), as a daily
    rate: exponential smoothing where demand is regular enough for a state-space model."""

    alias = "ets"
    min_weeks: ClassVar[int] = 26

    def _fit(self, y: np.ndarray, index: pd.DatetimeIndex) -> None:
        weekly = block_totals(y, 7)
        weekly = weekly[np.isfinite(weekly)]
        if weekly.size < self.min_weeks:
            raise ModelError(
                f"{self.alias}: needs {self.min_weeks} observed weeks, has {weekly.size}"
            )
        out = sf.AutoETS(season_length=1, model="ZNN").forecast(y=weekly, h=1, fitted=True)
        self._rate = max(float(out["mean"][0]) / 7, 0.0)
        if not np.isfinite(self._rate):
            raise ModelError(f"{self.alias}: non-finite forecast")
        fitted = np.asarray(out["fitted"], dtype=float)
        self._residuals = ((weekly - fitted) / 7)[np.isfinite(fitted)]

    def _forecast(self, h: int) -> np.ndarray:
        return np.full(h, self._rate)

    def _in_sample_residuals(self) -> np.ndarray:
        return self._residuals
