"""Simple exponential smoothing as a linear filter (scipy's lfilter runs the recursion in C)."""

from __future__ import annotations

import numpy as np
from scipy.signal import lfilter


def ses_levels(x: np.ndarray, alpha: float, initial: float) -> np.ndarray:
    """Levels after each observation: ``l_t = alpha * x_t + (1 - alpha) * l_{t-1}``, l_-1 = initial.

    The one-step-ahead forecast of ``x_t`` is the level before it: ``[initial, *levels[:-1]]``.
    """
    if x.size == 0:
        return np.empty(0)
    levels, _ = lfilter([alpha], [1.0, alpha - 1.0], x, zi=[(1.0 - alpha) * initial])
    return np.asarray(levels, dtype=float)


def one_step_forecasts(x: np.ndarray, alpha: float, initial: float) -> np.ndarray:
    levels = ses_levels(x, alpha, initial)
    return np.concatenate(([initial], levels[:-1])) if levels.size else levels


def best_alpha(x: np.ndarray, alphas: tuple[float, ...], initial: float) -> float:
    """The smoothing constant of ``alphas`` with the smallest in-sample one-step squared error."""
    if x.size < 4:
        return alphas[0]
    errors = [np.mean((x - one_step_forecasts(x, a, initial)) ** 2) for a in alphas]
    return alphas[int(np.argmin(errors))]


def one_step_with_gaps(x: np.ndarray, alpha: float, initial: float) -> np.ndarray:
    """One-step forecasts for every position of ``x``; NaN positions do not update the level."""
    finite = np.isfinite(x)
    levels = ses_levels(x[finite], alpha, initial)
    seen_before = np.cumsum(finite) - finite
    out = np.full(x.size, initial, dtype=float)
    has = seen_before > 0
    out[has] = levels[seen_before[has] - 1]
    return out
