"""Reorder point from the exported distribution of cumulative demand.

Per series: the lead-time points ``t_i`` (equal weights; see ``pipeline.gold.reorder``), the
quantile grid of the current ML export at the grid horizons around each ``t_i`` and around
``t_i + review_days`` (fetched from DuckDB for those horizons only), then
``pipeline.gold.distribution``: the mixture quantile at the service level over
``t_i + review_days`` gives the reorder point (the protection interval of a periodic review: an
order placed at a review arrives ``t_i`` days later, and the next chance to order is a review
period away); the mixture mean over ``t_i`` is the lead-time demand. A series whose grid lacks a
needed horizon or level is left out (the caller falls back to the normal method and says so).
"""

from __future__ import annotations

import duckdb
import numpy as np
import pyarrow as pa

from pipeline.gold.distribution import at_horizon, mixture_quantile

_SERIES_VIEW = "__lead_time_series"
_NEEDED_VIEW = "__lead_time_needed"

OUTPUT = pa.schema(
    [
        ("item_id", pa.string()),
        ("warehouse_id", pa.string()),
        ("distribution_lead_time_demand", pa.float64()),
        ("distribution_reorder_point", pa.float64()),
        ("distribution_horizon_days", pa.int32()),
        ("distribution_extrapolated", pa.bool_()),
        ("reorder_point_by_level", pa.list_(pa.float64())),
    ]
)
# The service levels the dashboard's what-if slider can pick: the reorder point at each is the
# same mixture quantile (over lead time + review) as the one at the target level
# (SLIDER_LEVELS[k] -> by_level[k]).
SLIDER_LEVELS = (0.8, 0.85, 0.9, 0.925, 0.95, 0.96, 0.97, 0.975, 0.98, 0.99, 0.995)

_GRID_SQL = f"""
with

final as (
    select n.series_row, d.horizon_days, d.level, d.quantity, d.mean
    from forecast_distribution d
    join {_NEEDED_VIEW} n using (item_id, warehouse_id, horizon_days)
)

select * from final
"""

_AXES_SQL = """
with

final as (
    select list(distinct level::double) as levels, list(distinct horizon_days::double) as horizons
    from forecast_distribution
)

select * from final
"""


def distribution_quantiles(
    con: duckdb.DuckDBPyConnection, series: pa.Table, review_days: int
) -> pa.Table:
    """One row per series of ``series(item_id, warehouse_id, lead_time_points, service_level)``
    that the distribution covers (see the module docstring)."""
    axes = con.sql(_AXES_SQL).to_arrow_table().to_pylist()[0]
    levels = np.sort(np.array(axes["levels"] or [], dtype=float))
    horizons = np.sort(np.array(axes["horizons"] or [], dtype=float))
    if series.num_rows == 0 or levels.size == 0:
        return OUTPUT.empty_table()
    points, weights = _points(series["lead_time_points"])
    days = np.concatenate([points, points + review_days], axis=1)  # (series x 2 points)
    lower, upper = _brackets(horizons, days)
    grid, mean, found = _grid_rows(con, series, horizons, lower, upper, levels)
    rows = np.arange(series.num_rows)[:, None]
    position = rows * horizons.size
    lower_row = np.where(lower >= 0, found[position + np.maximum(lower, 0)], -2)
    upper_row = found[position + upper]
    used = np.tile(weights, 2) > 0
    complete = (((lower_row != -1) & (upper_row >= 0)) | ~used).all(axis=1)
    lower_row, upper_row, lower = lower_row.ravel(), upper_row.ravel(), lower.ravel()
    quantiles, means = at_horizon(
        _take(grid, lower_row, levels.size),
        _take(grid, upper_row, levels.size),
        _take(mean[:, None], lower_row, 1)[:, 0],
        _take(mean[:, None], upper_row, 1)[:, 0],
        np.where(lower >= 0, horizons[np.maximum(lower, 0)], 0.0),
        horizons[upper.ravel()],
        days.ravel(),
    )
    n_points = points.shape[1]
    quantiles = quantiles.reshape(series.num_rows, 2 * n_points, levels.size)
    means = means.reshape(series.num_rows, 2 * n_points)
    service_level = series["service_level"].to_numpy()
    protection = quantiles[:, n_points:]  # over lead time + review period
    reorder_point = mixture_quantile(protection, weights, levels, service_level)
    extrapolated = ((days > horizons[-1]) & used).any(axis=1)
    by_level = np.stack(
        [
            mixture_quantile(protection, weights, levels, np.full(series.num_rows, level))
            for level in SLIDER_LEVELS
        ],
        axis=1,
    )[complete]
    keep = pa.array(complete)
    return pa.table(
        {
            "item_id": series["item_id"].filter(keep),
            "warehouse_id": series["warehouse_id"].filter(keep),
            "distribution_lead_time_demand": (weights * means[:, :n_points]).sum(axis=1)[complete],
            "distribution_reorder_point": reorder_point[complete],
            "distribution_horizon_days": np.full(int(complete.sum()), int(horizons[-1]), np.int32),
            "distribution_extrapolated": extrapolated[complete],
            "reorder_point_by_level": pa.FixedSizeListArray.from_arrays(
                pa.array(by_level.ravel(), pa.float64()), len(SLIDER_LEVELS)
            ).cast(pa.list_(pa.float64())),
        },
        schema=OUTPUT,
    )


def _points(column: pa.ChunkedArray) -> tuple[np.ndarray, np.ndarray]:
    """Lead-time points padded to a (series x max points) array, and their equal weights."""
    lists = column.combine_chunks()
    counts = np.diff(lists.offsets.to_numpy())
    width = max(1, int(counts.max(initial=1)))
    values = lists.values.to_numpy()
    starts = lists.offsets.to_numpy()[:-1]
    index = np.minimum(np.arange(width)[None, :], np.maximum(counts, 1)[:, None] - 1)
    points = values[starts[:, None] + index]
    weights = np.where(np.arange(width)[None, :] < counts[:, None], 1.0, 0.0)
    return points, weights / weights.sum(axis=1, keepdims=True)


def _brackets(horizons: np.ndarray, days: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Indexes of the grid horizons around each day count: lower -1 is the all-zero horizon 0;
    beyond the last horizon both are the last one (extrapolation)."""
    upper = np.searchsorted(horizons, days, side="left")
    beyond = upper >= horizons.size
    upper = np.minimum(upper, horizons.size - 1)
    exact = horizons[upper] == days
    lower = np.where(exact | beyond, upper, upper - 1)
    return lower, upper


def _grid_rows(
    con: duckdb.DuckDBPyConnection,
    series: pa.Table,
    horizons: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
    levels: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The grid rows needed, and per (series row, horizon index) their row (-1: missing)."""
    rows = np.repeat(np.arange(series.num_rows), lower.shape[1])
    pairs = np.unique(
        np.concatenate(
            [
                rows * horizons.size + upper.reshape(-1),
                (rows * horizons.size + lower.reshape(-1))[lower.reshape(-1) >= 0],
            ]
        )
    )
    series_row, horizon_index = np.divmod(pairs, horizons.size)
    needed = pa.table(
        {
            "series_row": series_row,
            "item_id": series["item_id"].take(series_row),
            "warehouse_id": series["warehouse_id"].take(series_row),
            "horizon_days": horizons[horizon_index].astype(np.int64),
        }
    )
    con.register(_NEEDED_VIEW, needed)
    try:
        fetched = con.sql(_GRID_SQL).to_arrow_table()
    finally:
        con.unregister(_NEEDED_VIEW)
    horizon_index = np.searchsorted(horizons, fetched["horizon_days"].to_numpy().astype(float))
    level_index = np.searchsorted(levels, fetched["level"].to_numpy())
    pair, row_of_value = np.unique(
        fetched["series_row"].to_numpy() * horizons.size + horizon_index, return_inverse=True
    )
    grid = np.full((pair.size, levels.size), np.nan)
    grid[row_of_value, level_index] = fetched["quantity"].to_numpy(zero_copy_only=False)
    mean = np.full(pair.size, np.nan)
    mean[row_of_value] = fetched["mean"].to_numpy(zero_copy_only=False)
    complete = ~np.isnan(grid).any(axis=1) & (
        np.bincount(row_of_value, minlength=pair.size) == levels.size
    )
    found = np.full(series.num_rows * horizons.size, -1, dtype=np.int64)
    found[pair[complete]] = np.flatnonzero(complete)
    return grid, mean, found


def _take(values: np.ndarray, rows: np.ndarray, width: int) -> np.ndarray:
    """Rows of ``values``; a negative row (the zero horizon, or missing) gives zeros."""
    if values.shape[0] == 0:
        return np.zeros((rows.size, width))
    taken = values[np.maximum(rows, 0)]
    return np.where((rows >= 0)[:, None], taken, 0.0)
