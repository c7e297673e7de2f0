"""Quantiles of demand over a random lead time from the exported level grid (docs/gold-snapshot.md).

ml_env exports, per series, quantiles of CUMULATIVE demand over days 1..h after the extract's end
at a grid of horizons h and levels p (``forecast_distribution.parquet``, docs/ml-export.md). This
module answers, in numpy and vectorised over series (a loop runs over the handful of lead-time
points, never over series):

- the distribution over a window of t days: per level, linear interpolation in horizon between
  the two grid horizons around t (from an all-zero horizon 0 below the first one). Beyond the last
  grid horizon H it extrapolates as independent increments: with r = t / H, the mean grows as
  r * mean_H and every quantile's distance from the mean as sqrt(r), so
  ``q_t = r * mean_H + sqrt(r) * (q_H - mean_H)`` (never below 0 for r >= 1);
- the quantile of the mixture over lead times: F(x) = sum_i w_i F_{t_i}(x), each F_t the
  piecewise-linear CDF through the points (q_j, p_j) (from (0, 0) below the first level, flat at
  the last level above the last one, a jump where quantiles tie, as a discrete demand has), and F
  inverted exactly: its breakpoints are the components' quantiles, so a binary search over them
  finds the two consecutive ones around the answer, where F is linear;
- the Poisson quantile used for the insurance stock of dormant parts.
"""

from __future__ import annotations

import functools

import numpy as np

# Series per block of the mixture inversion: bounds memory whatever the scale.
_BLOCK = 8192


def at_horizon(
    lower: np.ndarray,
    upper: np.ndarray,
    lower_mean: np.ndarray,
    upper_mean: np.ndarray,
    lower_horizon: np.ndarray,
    upper_horizon: np.ndarray,
    days: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Quantiles (n x levels) and mean over ``days`` between two grid horizons, or beyond the last.

    ``lower`` / ``upper`` are the quantile rows at ``lower_horizon`` <= days <= ``upper_horizon``
    (pass zeros and horizon 0 below the first grid horizon). Where ``upper_horizon`` equals
    ``lower_horizon`` and ``days`` exceeds it, ``days`` lies beyond the last grid horizon and is
    extrapolated (see the module docstring).
    """
    span = upper_horizon - lower_horizon
    weight = np.where(span > 0, (days - lower_horizon) / np.where(span > 0, span, 1.0), 0.0)
    quantiles = lower + weight[:, None] * (upper - lower)
    mean = lower_mean + weight * (upper_mean - lower_mean)
    beyond = (span == 0) & (days > upper_horizon)
    ratio = np.where(beyond, days / np.maximum(upper_horizon, 1e-12), 1.0)
    extrapolated = ratio[:, None] * upper_mean[:, None] + np.sqrt(ratio)[:, None] * (
        upper - upper_mean[:, None]
    )
    quantiles = np.where(beyond[:, None], extrapolated, quantiles)
    mean = np.where(beyond, ratio * upper_mean, mean)
    return np.maximum.accumulate(np.maximum(quantiles, 0.0), axis=1), np.maximum(mean, 0.0)


def mixture_quantile(
    quantiles: np.ndarray, weights: np.ndarray, levels: np.ndarray, target: np.ndarray
) -> np.ndarray:
    """Per series, the ``target`` quantile of the mixture of its components.

    ``quantiles``: (series x components x levels), non-decreasing along levels; ``weights``:
    (series x components), each row summing to 1 (a padding component has weight 0);
    ``levels``: the grid's increasing probabilities; ``target``: per series, clipped to the
    grid's first and last level (the grid says nothing beyond them).
    """
    result = np.empty(quantiles.shape[0])
    # Blocks of series with as many components: most series have one (a nominal lead time),
    # and a block is only as wide as its widest series (padding sits at the end).
    used = (weights > 0).sum(axis=1)
    order = np.argsort(used, kind="stable")
    for first in range(0, quantiles.shape[0], _BLOCK):
        rows = order[first : first + _BLOCK]
        width = max(1, int(used[rows].max()))
        result[rows] = _mixture_block(
            quantiles[rows, :width], weights[rows, :width], levels, target[rows]
        )
    return result


def _mixture_block(
    quantiles: np.ndarray, weights: np.ndarray, levels: np.ndarray, target: np.ndarray
) -> np.ndarray:
    """Binary search over each row's sorted breakpoints for the first where F reaches the
    target, then the linear piece before it (or the jump at it)."""
    n_series, n_components, n_levels = quantiles.shape
    target = np.clip(target, levels[0], levels[-1]) - 1e-12
    quantiles = np.maximum.accumulate(np.maximum(quantiles, 0.0), axis=2)
    candidates = np.sort(quantiles.reshape(n_series, n_components * n_levels), axis=1)
    extended = np.concatenate(
        [np.zeros((n_series, n_components, 1)), quantiles, quantiles[:, :, -1:] + 1.0], axis=2
    )
    extended_levels = np.concatenate([[0.0], levels, levels[-1:]])
    cdf = functools.partial(_mixture_cdf, extended, weights, extended_levels)
    # F at the largest breakpoint is the last level for every component: always reached.
    low = np.zeros(n_series, dtype=np.int64)
    high = np.full(n_series, candidates.shape[1] - 1)
    rows = np.arange(n_series)
    while (low < high).any():
        middle = (low + high) // 2
        reached = cdf(candidates[rows, middle]) >= target
        high = np.where(reached, middle, high)
        low = np.where(reached, low, middle + 1)
    x_high = candidates[rows, low]
    x_low = np.where(low > 0, candidates[rows, np.maximum(low - 1, 0)], 0.0)
    f_low = np.where(low > 0, cdf(x_low), 0.0)
    f_high = cdf(x_high, left=True)
    gap = f_high - f_low
    share = np.where(gap > 0, (target - f_low) / np.where(gap > 0, gap, 1.0), 1.0)
    inside = x_low + np.clip(share, 0.0, 1.0) * (x_high - x_low)
    return np.where(f_high >= target, inside, x_high)


def _mixture_cdf(
    extended: np.ndarray,
    weights: np.ndarray,
    extended_levels: np.ndarray,
    x: np.ndarray,
    left: bool = False,
) -> np.ndarray:
    """sum_i w_i F_i(x) per row, each F_i piecewise linear through (0, 0), (q_1, p_1), ...,
    (q_J, p_J) and flat after; ``left=True``: the limit from the left (F jumps where levels tie
    on one quantity). ``extended``: the quantiles between 0 and a point past the last one;
    ``extended_levels``: the levels between 0 and the last level repeated."""
    point = x[:, None, None]
    inner = extended[:, :, 1:-1]
    below = (inner < point if left else inner <= point).sum(axis=2)  # (series x components)
    q_low = np.take_along_axis(extended, below[:, :, None], axis=2)[:, :, 0]
    q_high = np.take_along_axis(extended, below[:, :, None] + 1, axis=2)[:, :, 0]
    p_low, p_high = extended_levels[below], extended_levels[below + 1]
    gap = q_high - q_low
    share = np.where(gap > 0, (x[:, None] - q_low) / np.where(gap > 0, gap, 1.0), 0.0)
    return (weights * (p_low + (p_high - p_low) * np.clip(share, 0.0, 1.0))).sum(axis=1)


def poisson_quantile(rate: np.ndarray, level: np.ndarray) -> np.ndarray:
    """Smallest k with P(N <= k) >= level for N ~ Poisson(rate), per element (log-space pmf)."""
    rate = np.asarray(rate, dtype=float)
    level = np.asarray(level, dtype=float)
    result = np.full(rate.shape, -1, dtype=np.int64)
    if rate.size == 0:
        return result
    positive = rate > 0
    log_rate = np.log(np.where(positive, rate, 1.0))
    log_pmf = np.where(positive, -rate, 0.0)  # k = 0: P = exp(-rate), 1 when rate = 0
    cdf = np.exp(log_pmf)
    result[cdf >= level - 1e-12] = 0
    top = float(rate.max())
    for k in range(1, int(np.ceil(top + 12.0 * np.sqrt(top) + 20.0)) + 1):
        log_pmf = log_pmf + log_rate - np.log(k)
        cdf = cdf + np.where(positive, np.exp(log_pmf), 0.0)
        result[(result < 0) & (cdf >= level - 1e-12)] = k
        if (result >= 0).all():
            break
    return np.where(result < 0, np.ceil(rate + 12.0 * np.sqrt(rate)), result).astype(np.int64)
