"""Forecast-error metrics. Missing actuals (censored days) are NaN and are left out everywhere.

RMSSE (M5): sqrt(MSE over the horizon / mean squared one-step change of the training series),
the change taken between consecutive observed days from the first demand on. It is the selection
metric; MASE (same with absolute values) is recorded but misleads on intermittent demand, where an
all-zero forecast scores well on it.
"""

from __future__ import annotations

import numpy as np


def scales(train: np.ndarray) -> tuple[float, float]:
    """(mean squared, mean absolute) one-step change of the observed training series.

    Both fall back to 1.0 when the training series never changes, so metrics stay finite.
    """
    obs = train[np.isfinite(train)]
    nonzero = np.flatnonzero(obs > 0)
    if nonzero.size:
        obs = obs[nonzero[0] :]
    diffs = np.diff(obs)
    if diffs.size == 0:
        return 1.0, 1.0
    sq, ab = float(np.mean(diffs**2)), float(np.mean(np.abs(diffs)))
    return (sq if sq > 0 else 1.0), (ab if ab > 0 else 1.0)


def safe_ratio(num: float, den: float) -> float:
    return num / den if den > 0 else float("nan")


def pit_coverage(
    actual: np.ndarray,
    yhat: np.ndarray,
    residuals: np.ndarray,
    level: int,
    scale: np.ndarray | None = None,
) -> np.ndarray:
    """Randomised-PIT coverage of the central ``level``% interval for count data.

    The predictive distribution of each point is ``max(0, yhat + r * scale)`` over
    ``residuals``. For a continuous forecast this equals the plain in-interval share. For
    discrete, mostly-zero demand it spreads the probability mass at the observed value over its
    PIT range (Czado, Gneiting & Held 2009), so a calibrated forecast scores ``level``% instead
    of "100% because 0 is in [0, 0]". Returns one value in [0, 1] per point.
    """
    res = np.sort(residuals[np.isfinite(residuals)])
    if res.size == 0:
        return np.full(actual.shape, np.nan)
    lo_q, hi_q = (100 - level) / 200, 1 - (100 - level) / 200
    # F(a-) and F(a) of max(0, yhat + r): share of r < a - yhat and r <= a - yhat; mass at 0 folds
    gap = actual - yhat if scale is None else (actual - yhat) / scale
    below = np.searchsorted(res, gap, side="left") / res.size
    upto = np.searchsorted(res, gap, side="right") / res.size
    below = np.where(actual <= 0, 0.0, below)
    width = upto - below
    overlap = np.clip(np.minimum(upto, hi_q) - np.maximum(below, lo_q), 0.0, None)
    inside = ((below >= lo_q) & (below <= hi_q)).astype(float)
    return np.where(width > 0, overlap / np.where(width > 0, width, 1.0), inside)
