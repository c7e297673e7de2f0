"""Pure numpy helpers of the decision benchmarks (``bench_real.py``, ``bench_replay.py``).

Arrays are (series, periods) unless said otherwise; every function is shared by both
environments, so nothing here imports pandas, pipeline or model code.
"""

from __future__ import annotations

from collections.abc import Sequence
from statistics import NormalDist

import numpy as np


def naive_scales(train: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per series: mean squared and mean absolute in-sample one-step naive error."""
    diff = np.diff(train.astype(float), axis=1)
    return (diff**2).mean(axis=1), np.abs(diff).mean(axis=1)


def accuracy(
    forecast: np.ndarray, actual: np.ndarray, mse_scale: np.ndarray, mae_scale: np.ndarray
) -> dict[str, float]:
    """RMSSE and MASE (mean over series with a positive scale) and bias of totals.

    ``forecast``/``actual`` are (series, periods); a lead-time total is a single period divided
    by its months (so its scale is the monthly one). Bias is sum(forecast - actual) / sum(actual)
    over every series.
    """
    ok = mse_scale > 0
    err = forecast - actual
    rmsse = np.sqrt((err[ok] ** 2).mean(axis=1) / mse_scale[ok])
    mase = np.abs(err[ok]).mean(axis=1) / mae_scale[ok]
    total = actual.sum()
    return {
        "rmsse": float(rmsse.mean()) if rmsse.size else float("nan"),
        "mase": float(mase.mean()) if mase.size else float("nan"),
        "bias": float(err.sum() / total) if total > 0 else float("nan"),
        "series": int(ok.sum()),
    }


def window_sum(daily: np.ndarray, length: np.ndarray) -> np.ndarray:
    """Per series, the sum of days 1..L of ``daily`` (series, days), the day after the last
    whole one weighted by L's fraction (the product's convention for lead-time demand)."""
    cum = np.concatenate([np.zeros((daily.shape[0], 1)), np.cumsum(daily, axis=1)], axis=1)
    whole = np.minimum(np.floor(length).astype(np.int64), daily.shape[1])
    frac = np.where(whole < daily.shape[1], length - np.floor(length), 0.0)
    rows = np.arange(daily.shape[0])
    nxt = daily[rows, np.minimum(whole, daily.shape[1] - 1)]
    return cum[rows, whole] + frac * nxt


def z_of(service_level: np.ndarray | float) -> np.ndarray:
    levels = np.atleast_1d(np.asarray(service_level, dtype=float))
    return np.array([NormalDist().inv_cdf(float(p)) for p in levels])


def textbook_rop(
    history: np.ndarray, lead_time: np.ndarray, z: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """ROP = d L + z s sqrt(L), d and s the mean and population std of ``history``'s days.

    Returns (rop, d, s); ``z`` broadcasts (a scalar, or one per series).
    """
    d = history.mean(axis=1)
    s = history.std(axis=1)
    return d * lead_time + z * s * np.sqrt(lead_time), d, s


def interp_quantile(
    horizons: np.ndarray, quantities: np.ndarray, at: float | np.ndarray
) -> np.ndarray:
    """Linear interpolation of a cumulative-demand quantile over the horizon grid (days); 0 at
    day 0, the last slope extended past the grid. ``quantities`` is (series, horizons)."""
    h = np.concatenate([[0.0], horizons.astype(float)])
    q = np.concatenate([np.zeros((quantities.shape[0], 1)), quantities], axis=1)
    at = np.broadcast_to(np.asarray(at, dtype=float), (quantities.shape[0],))
    out = np.empty(quantities.shape[0])
    for i in range(quantities.shape[0]):
        if at[i] <= h[-1]:
            out[i] = np.interp(at[i], h, q[i])
        else:
            slope = (q[i, -1] - q[i, -2]) / (h[-1] - h[-2]) if h.size > 1 else 0.0
            out[i] = q[i, -1] + slope * (at[i] - h[-1])
    return out


def coverage(actual: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> float:
    ok = np.isfinite(lo) & np.isfinite(hi)
    if not ok.any():
        return float("nan")
    return float(((actual[ok] >= lo[ok]) & (actual[ok] <= hi[ok])).mean())


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    def cell(v: object) -> str:
        if isinstance(v, float):
            if not np.isfinite(v):
                return "n/a"
            return f"{v:,.3f}" if abs(v) < 1000 else f"{v:,.0f}"
        return str(v)

    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def randomised_coverage(low: np.ndarray, high: np.ndarray, nominal: float) -> float:
    """Expected share of totals inside the equal-tailed band of a randomised PIT: each total
    counts for the part of [P(T < x), P(T <= x)] inside [(1 - c) / 2, (1 + c) / 2]. A calibrated
    count distribution gives c even where P(0) alone exceeds c."""
    width = np.maximum(high - low, 1e-12)  # a total between two lumps: a point, not a range

    def below(level: float) -> np.ndarray:
        return np.clip((level - low) / width, 0.0, 1.0)

    return float(np.mean(below((1 + nominal) / 2) - below((1 - nominal) / 2)))
