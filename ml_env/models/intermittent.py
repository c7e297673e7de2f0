"""Intermittent-demand methods from statsforecast: Croston SBA, TSB, ADIDA, IMAPA, and AutoETS.

Each wraps the statsforecast model of the same name behind the ``Forecaster`` interface and is
fitted on 28-day demand totals (``BLOCK_DAYS``, the blocks ending on the last day; a block's
censored days count at its observed days' mean, a block with under half its days observed is
left out): the aggregation spare-parts demand supports. A day says little about when the next
demand comes, and ERP data often books a month's issues on arbitrary days: fitted on days, the
smoothing of ADIDA, TSB or Croston reads a burst of issue days and a long gap as a trend to zero
(on the RAF parts, 255 of 5,000 series with demand in the last year were forecast at 1e-5 a day).
The forecasts are flat daily rates (a block's forecast / 28); calendar shape (yearly season,
weekday) is the engine's pooled profile (``ml_env.seasonality``), not a per-series estimate.

ADIDA further aggregates the blocks by their mean inter-demand interval before smoothing, IMAPA
combines the forecasts of every aggregation level up to that interval: the temporal aggregation
that intermittent data supports, as published and as the library keeps it.
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
import pandas as pd
from statsforecast import models as sf

from ml_env.models.base import Forecaster, ModelError, block_totals
from ml_env.models.registry import register

BLOCK_DAYS = 28


def demand_blocks(y: np.ndarray) -> np.ndarray:
    """The observed 28-day totals of a daily series (see the module docstring)."""
    totals = block_totals(y, BLOCK_DAYS, BLOCK_DAYS // 2)
    return totals[np.isfinite(totals)]


class _StatsForecastModel(Forecaster):
    """A statsforecast model fitted on 28-day totals; flat daily forecast of its mean."""

    min_demand_blocks: ClassVar[int] = 1

    def _make(self) -> Any:
        raise NotImplementedError

    def _fit(self, y: np.ndarray, index: pd.DatetimeIndex) -> None:
        blocks = demand_blocks(y)
        if np.count_nonzero(blocks > 0) < self.min_demand_blocks or blocks.size < 2:
            raise ModelError(
                f"{self.alias}: needs {self.min_demand_blocks} {BLOCK_DAYS}-day block(s) with "
                f"demand out of 2 or more, has {np.count_nonzero(blocks > 0)} of {blocks.size}"
            )
        out = self._make().forecast(y=blocks, h=1)  # no fitted values: they cost more than the fit
        rate = float(out["mean"][0]) / BLOCK_DAYS
        if not np.isfinite(rate):
            raise ModelError(f"{self.alias}: non-finite forecast")
        self._rate = max(rate, 0.0)
        self._blocks = blocks

    def _forecast(self, h: int) -> np.ndarray:
        return np.full(h, self._rate)

    def _in_sample_residuals(self) -> np.ndarray:
        """One-step fitted errors of the blocks, as daily rates, computed only when asked for
        (``predict`` without calibration residuals)."""
        fitted = np.asarray(
            self._make().forecast(y=self._blocks, h=1, fitted=True).get("fitted", []), dtype=float
        )
        if fitted.size != self._blocks.size:
            return np.empty(0)
        return ((self._blocks - fitted) / BLOCK_DAYS)[np.isfinite(fitted)]


@register
class CrostonSBA(_StatsForecastModel):
    """Croston's method with the Syntetos-Boylan bias correction (statsforecast CrostonSBA)."""

    alias = "croston_sba"

    def _make(self) -> Any:
        return sf.CrostonSBA()


@register
class TSB(_StatsForecastModel):
    """Teunter-Syntetos-Babai (statsforecast TSB): smooths the demand probability every block and
    the size in blocks with demand, so it decays towards zero while no demand occurs
    (obsolescence)."""

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
