"""After every series is forecast: the pooled steps of the predictive distribution and its tables.

``finalize`` shrinks the lump sizes, fits the dispersion ``b`` per class and window length on the
backtest windows of every series (``ml_env.distribution``), then gives each series honest daily
bounds (the bands of one day's demand, so a band includes zero on a day when zero is likely).
``distribution_table`` and ``periods_table`` are the export's quantiles of cumulative demand over
horizons and of week and month totals.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
import pandas as pd
import pyarrow as pa

from ml_env.distribution import (
    LEVELS,
    PERIOD_BANDS,
    PERIOD_LEVELS,
    Dispersion,
    bands,
    coverage,
    fit_dispersion,
    horizon_grid,
    quantiles,
    shrink_lumps,
)
from ml_env.engine import SeriesResult

CHUNK = 2000  # series per vectorised quantile step (bounds memory)
REPORTED_LEVELS = (0.8, 0.9, 0.95, 0.99)


def finalize(results: Sequence[SeriesResult], levels: Sequence[int]) -> tuple[Dispersion, dict]:
    """Lump sizes, dispersion and daily bounds of every result (in place); returns the fitted
    dispersion and the window-total calibration of the backtest for the run summary."""
    if not results:
        return Dispersion(), {}
    classes = np.array([r.demand_class for r in results])
    raw = np.array([r.lump_raw for r in results], dtype=float)
    blocks = np.array([r.lump_blocks for r in results])
    lumps = shrink_lumps(raw, blocks, classes)
    dispersion = fit_dispersion([r.windows for r in results], lumps, classes)
    for cls in np.unique(classes):
        rows = np.flatnonzero(classes == cls)
        b_day = float(dispersion.b(str(cls), 1.0))
        for start in range(0, rows.size, CHUNK):
            part = rows[start : start + CHUNK]
            yhat = np.stack([results[i].forecast["yhat"] for i in part])
            day = bands(yhat, lumps[part][:, None], b_day, [lv / 100 for lv in levels])
            for k, i in enumerate(part):
                for lv in levels:
                    lo, hi = day[lv / 100]
                    results[i].forecast[f"yhat_lo{lv}"] = lo[k]
                    results[i].forecast[f"yhat_hi{lv}"] = hi[k]
    for i, result in enumerate(results):
        result.scale["lump_size"] = float(lumps[i])
        result.scale["interval_source"] = "distribution"
    return dispersion, _calibration(results, lumps, classes, dispersion)


def _calibration(
    results: Sequence[SeriesResult], lumps: np.ndarray, classes: np.ndarray, disp: Dispersion
) -> dict:
    """Share of backtest window totals at or below their quantile, per level (in sample for
    ``b``, which was fitted on these windows; ``make bench-real`` measures it out of sample)."""
    parts = [
        (r.windows, lumps[i], classes[i])
        for i, r in enumerate(results)
        if r.windows is not None and r.windows.window_days.size
    ]
    if not parts:
        return {}
    w = np.concatenate([p[0].window_days for p in parts])
    m = np.concatenate([p[0].expected for p in parts])
    t = np.concatenate([p[0].actual for p in parts])
    a = np.concatenate([np.full(p[0].window_days.size, p[1]) for p in parts])
    b = np.concatenate([disp.b(str(p[2]), p[0].window_days) for p in parts])
    out = {"windows": int(w.size)}
    for level in REPORTED_LEVELS:
        out[f"window_coverage{round(level * 100)}"] = round(coverage(t, m, a, b, level), 4)
    return out


def distribution_table(
    results: Sequence[SeriesResult], disp: Dispersion, max_days: int
) -> pa.Table:
    """Quantiles of cumulative demand over days 1..horizon_days, every series x grid horizon x
    level (long format, see docs/ml-export.md)."""
    grid = horizon_grid(max_days)
    levels = np.array(LEVELS)
    frames = []
    for start in range(0, len(results), CHUNK):
        part = results[start : start + CHUNK]
        means = np.stack([r.cumulative_mean for r in part])  # type: ignore[misc]
        lumps = np.array([r.scale["lump_size"] for r in part])[:, None]
        b = np.stack([disp.b(r.demand_class, grid.astype(float)) for r in part])
        q = np.maximum.accumulate(quantiles(means, lumps, b, levels), axis=1)  # monotone in h
        n, h, k = q.shape
        frames.append(
            pa.table(
                {
                    "item_id": pa.array(np.repeat([r.item_id for r in part], h * k), pa.string()),
                    "warehouse_id": pa.array(
                        np.repeat([r.warehouse_id for r in part], h * k), pa.string()
                    ),
                    "horizon_days": pa.array(np.tile(np.repeat(grid, k), n), pa.int32()),
                    "level": pa.array(np.tile(levels, n * h), pa.float64()),
                    "quantity": pa.array(q.reshape(-1), pa.float64()),
                    "mean": pa.array(np.repeat(means.reshape(-1), k), pa.float64()),
                }
            )
        )
    if not frames:
        return _empty_distribution()
    return pa.concat_tables(frames)


def _empty_distribution() -> pa.Table:
    return pa.table(
        {
            "item_id": pa.array([], pa.string()),
            "warehouse_id": pa.array([], pa.string()),
            "horizon_days": pa.array([], pa.int32()),
            "level": pa.array([], pa.float64()),
            "quantity": pa.array([], pa.float64()),
            "mean": pa.array([], pa.float64()),
        }
    )


def periods_table(
    results: Sequence[SeriesResult], disp: Dispersion, end_date: date, horizon: int
) -> pa.Table:
    """Week (Monday to Sunday) and calendar-month totals of the forecast horizon: mean,
    quantiles and the 80% / 95% bands (``distribution.bands``) of each period's total over its
    days inside the horizon."""
    days = pd.date_range(pd.Timestamp(end_date) + pd.Timedelta(days=1), periods=horizon)
    columns: dict[str, list] = {
        k: []
        for k in (
            "item_id",
            "warehouse_id",
            "grain",
            "period_start",
            "period_end",
            "days_in_horizon",
            "mean",
        )
    }
    quantile_cols = {p: [] for p in PERIOD_LEVELS}  # type: dict[float, list]
    band_cols = {f"{end}{round(c * 100)}": [] for c in PERIOD_BANDS for end in ("lo", "hi")}
    for grain, freq in (("week", "W-SUN"), ("month", "M")):
        period = days.to_period(freq)
        codes, uniques = pd.factorize(period)
        sizes = np.bincount(codes)
        starts = [p.start_time.date() for p in uniques]
        ends = [p.end_time.date() for p in uniques]
        for first in range(0, len(results), CHUNK):
            part = results[first : first + CHUNK]
            yhat = np.stack([r.forecast["yhat"] for r in part])
            sums = np.stack([np.bincount(codes, weights=row) for row in yhat])
            lumps = np.array([r.scale["lump_size"] for r in part])[:, None]
            b = np.stack([disp.b(r.demand_class, sizes.astype(float)) for r in part])
            q = quantiles(sums, lumps, b, PERIOD_LEVELS)
            period_bands = bands(sums, lumps, b, PERIOD_BANDS)
            n, n_periods = sums.shape
            columns["item_id"] += list(np.repeat([r.item_id for r in part], n_periods))
            columns["warehouse_id"] += list(np.repeat([r.warehouse_id for r in part], n_periods))
            columns["grain"] += [grain] * (n * n_periods)
            columns["period_start"] += starts * n
            columns["period_end"] += ends * n
            columns["days_in_horizon"] += list(np.tile(sizes, n))
            columns["mean"] += list(sums.reshape(-1))
            for j, p in enumerate(PERIOD_LEVELS):
                quantile_cols[p] += list(q[:, :, j].reshape(-1))
            for c, (lo, hi) in period_bands.items():
                band_cols[f"lo{round(c * 100)}"] += list(lo.reshape(-1))
                band_cols[f"hi{round(c * 100)}"] += list(hi.reshape(-1))
    types = {
        "item_id": pa.string(),
        "warehouse_id": pa.string(),
        "grain": pa.string(),
        "period_start": pa.date32(),
        "period_end": pa.date32(),
        "days_in_horizon": pa.int32(),
        "mean": pa.float64(),
    }
    table = {k: pa.array(v, types[k]) for k, v in columns.items()}
    for p, values in quantile_cols.items():
        table[period_column(p)] = pa.array(values, pa.float64())
    for name, values in band_cols.items():
        table[name] = pa.array(values, pa.float64())
    return pa.table(table)


def period_column(level: float) -> str:
    """``q025``, ``q100``, ``q500``, ``q900``, ``q975``: the level in thousandths."""
    return f"q{round(level * 1000):03d}"
