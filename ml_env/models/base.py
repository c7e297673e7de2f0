"""The one model interface every candidate sits behind.

A model learns from a daily demand series and forecasts ``h`` days after its last day:

>>> model = get_model("croston_sba").fit(y)       # y: pd.Series, daily DatetimeIndex
>>> frame = model.predict(90, levels=(80, 95))    # date, yhat, yhat_lo80, yhat_hi80, ...

``y`` holds NaN on censored days (stock-out: the observed quantity is only a lower bound) and
models treat those days as missing, never as zero demand. Forecasts and bounds are never negative.

Intervals come from a set of residuals (actual - forecast) by empirical quantiles: the model's
own in-sample one-step residuals by default, or calibration residuals handed to ``predict`` (the
engine passes the rolling-origin backtest errors, i.e. split-conformal intervals).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import ClassVar, Self

import numpy as np
import pandas as pd

DEFAULT_LEVELS: tuple[int, ...] = (80, 95)
_MIN_RESIDUALS = 5


class ModelError(RuntimeError):
    """A model could not be fitted or could not forecast this series."""


def interval_columns(levels: Sequence[int]) -> list[str]:
    cols: list[str] = []
    for level in levels:
        cols += [f"yhat_lo{level}", f"yhat_hi{level}"]
    return cols


def residual_bounds(
    yhat: np.ndarray,
    residuals: np.ndarray | None,
    levels: Sequence[int],
    scale: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """Empirical-quantile bounds ``yhat + q(residuals) * scale``, clipped at zero, kept ordered.

    With ``scale`` (one value per forecast day) the residuals are taken as normalised by the same
    scale at the time they were made: ``(actual - forecast) / scale``. Bounds always contain
    ``yhat`` and nest (the 95% band contains the 80% band). With fewer than five residuals the band
    collapses onto ``yhat``: there is no evidence for a width.
    """
    out: dict[str, np.ndarray] = {}
    res = np.asarray(residuals, dtype=float) if residuals is not None else np.empty(0)
    res = res[np.isfinite(res)]
    unit = np.ones_like(yhat) if scale is None else scale
    prev_lo, prev_hi = yhat, yhat
    for level in sorted(levels):
        if not 0 < level < 100:
            raise ValueError(f"interval level must be between 0 and 100, got {level}")
        if res.size >= _MIN_RESIDUALS:
            alpha = (100 - level) / 200
            q_lo, q_hi = np.quantile(res, [alpha, 1 - alpha])
        else:
            q_lo = q_hi = 0.0
        lo = np.minimum(np.maximum(yhat + q_lo * unit, 0.0), prev_lo)
        hi = np.maximum(yhat + q_hi * unit, prev_hi)
        out[f"yhat_lo{level}"], out[f"yhat_hi{level}"] = lo, hi
        prev_lo, prev_hi = lo, hi
    return out


def interval_scale(yhat: np.ndarray, floor: float) -> np.ndarray:
    """Per-day scale of normalised residuals: the forecast itself, floored.

    Demand errors grow with the level forecast, and a zero actual then always maps to the
    normalised residual -1, whatever the level: the lower bound of a mostly-zero series stays 0.
    """
    return np.maximum(yhat, floor)


class Forecaster(ABC):
    """Base class: subclasses implement ``_fit``, ``_forecast`` and ``_in_sample_residuals``."""

    alias: ClassVar[str]

    def __init__(self) -> None:
        self._last_date: pd.Timestamp | None = None
        self._y: np.ndarray | None = None
        self._index: pd.DatetimeIndex | None = None

    def fit(self, y: pd.Series) -> Self:
        """Learn from ``y`` (daily, DatetimeIndex, NaN = missing); raise ModelError on failure."""
        if not isinstance(y.index, pd.DatetimeIndex) or len(y) == 0:
            raise ModelError(f"{self.alias}: needs a non-empty daily series with dates")
        values = y.to_numpy(dtype=float, na_value=np.nan)
        if np.any(values[np.isfinite(values)] < 0):
            raise ModelError(f"{self.alias}: demand must not be negative")
        self._y, self._index = values, y.index
        self._last_date = y.index[-1]
        try:
            self._fit(values, y.index)
        except ModelError:
            raise
        except Exception as exc:  # a library failure becomes a ModelError the engine can handle
            raise ModelError(f"{self.alias}: fit failed: {type(exc).__name__}: {exc}") from exc
        return self

    def predict(
        self,
        h: int,
        levels: Sequence[int] = DEFAULT_LEVELS,
        residuals: np.ndarray | None = None,
    ) -> pd.DataFrame:
        """Forecast the ``h`` days after the last fitted day, with ``levels``% intervals."""
        yhat = self.forecast(h)
        dates = pd.date_range(self._last_date + pd.Timedelta(days=1), periods=h, freq="D")
        frame = pd.DataFrame({"date": dates, "yhat": yhat})
        if levels:
            if residuals is None:
                residuals = self.in_sample_residuals()
            for name, values in residual_bounds(yhat, residuals, levels).items():
                frame[name] = values
        return frame

    def forecast(self, h: int) -> np.ndarray:
        """Point forecast only (the fast path the backtest uses): ``h`` values, never negative."""
        if self._y is None or self._index is None:
            raise ModelError(f"{self.alias}: predict called before fit")
        if h < 1:
            raise ValueError(f"horizon must be at least 1 day, got {h}")
        try:
            yhat = np.asarray(self._forecast(h), dtype=float)
        except ModelError:
            raise
        except Exception as exc:
            raise ModelError(f"{self.alias}: forecast failed: {type(exc).__name__}: {exc}") from exc
        if yhat.shape != (h,) or not np.all(np.isfinite(yhat)):
            raise ModelError(f"{self.alias}: produced a malformed or non-finite forecast")
        return np.maximum(yhat, 0.0)

    def in_sample_residuals(self) -> np.ndarray:
        """One-step (or fitted) in-sample errors, actual - forecast, on observed days."""
        if self._y is None or self._index is None:
            raise ModelError(f"{self.alias}: residuals requested before fit")
        try:
            res = np.asarray(self._in_sample_residuals(), dtype=float)
        except Exception:  # no residuals is not fatal: the band collapses onto yhat
            return np.empty(0)
        return res[np.isfinite(res)]

    def reuse_structure(self, other: Forecaster) -> None:  # noqa: B027 - optional hook
        """Adopt structure (e.g. an ARIMA order) found by an earlier fit on the same series."""

    @abstractmethod
    def _fit(self, y: np.ndarray, index: pd.DatetimeIndex) -> None: ...

    @abstractmethod
    def _forecast(self, h: int) -> np.ndarray: ...

    @abstractmethod
    def _in_sample_residuals(self) -> np.ndarray: ...


def observed(y: np.ndarray) -> np.ndarray:
    """The non-missing values of ``y`` in order (censored days dropped)."""
    return y[np.isfinite(y)]


def block_totals(y: np.ndarray, days: int, min_observed: int = 1) -> np.ndarray:
    """Demand per ``days``-day block, the blocks ending on the last day (an incomplete first
    block is dropped). A block's total is scaled up for its missing (censored) days: observed
    mean x ``days``; a block with fewer than ``min_observed`` observed days is NaN."""
    n_blocks = len(y) // days
    if n_blocks == 0:
        return np.empty(0)
    blocks = y[len(y) - n_blocks * days :].reshape(n_blocks, days)
    ok = np.isfinite(blocks)
    counts = ok.sum(axis=1)
    totals = np.where(ok, blocks, 0.0).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        scaled = totals / counts * days
    return np.where(counts >= max(min_observed, 1), scaled, np.nan)


def require_observed(alias: str, y: np.ndarray, minimum: int = 1) -> np.ndarray:
    obs = observed(y)
    if obs.size < minimum:
        raise ModelError(f"{alias}: needs at least {minimum} observed day(s), has {obs.size}")
    return obs


def weekday_profile(y: np.ndarray, index: pd.DatetimeIndex, shrink: float = 20.0) -> np.ndarray:
    """Relative demand per weekday (Mon=0..Sun=6), mean 1, shrunk towards flat.

    Uses the last 52 weeks of observed days; each weekday's mean is pulled towards the overall
    mean with the weight of ``shrink`` observed days, so sparse series get a near-flat profile.
    """
    tail = slice(max(0, len(y) - 364), len(y))
    values, weekdays = y[tail], index.day_of_week.to_numpy()[tail]
    ok = np.isfinite(values)
    values, weekdays = values[ok], weekdays[ok]
    overall = values.mean() if values.size else 0.0
    if overall <= 0:
        return np.ones(7)
    sums = np.bincount(weekdays, weights=values, minlength=7)
    counts = np.bincount(weekdays, minlength=7)
    profile = (sums + shrink * overall) / (counts + shrink) / overall
    return profile / profile.mean()
