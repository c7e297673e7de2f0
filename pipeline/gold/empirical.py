"""History quantile of lead-time demand, with censored windows kept (the fallback's empirical SS).

A window starts on each day of the history window and spans ceil(L) days, the last one weighted
by L's fraction (as the forecast's lead-time demand is); windows running past as_of are left out.
A window touching a censored day (stock out: demand that day was at least what was issued) is
RIGHT-CENSORED, not dropped: its demand is "at least this much". The quantile comes from the
Kaplan-Meier estimate of the window-demand distribution, which counts a censored window as at risk
up to its value and moves its mass onto the larger windows. So censoring never lowers the
quantile: for the same values, F_KM(x) <= F(x) treating every window as complete, and where the
censored windows are the high-demand ones (the usual case: a stockout follows a run of demand),
the quantile rises instead of falling. When the estimate never reaches the service level (the
largest windows are censored), the largest window value stands (a lower bound).

Without censoring this is the old rule: the smallest window demand with at least the service
level's share of windows at or below it. numpy over (series x day) blocks: DuckDB's per-row window
frames took about 5 s for 50,000 series x 365 days, numpy under 1 s.
"""

from __future__ import annotations

from typing import Any

import duckdb
import numpy as np
import pyarrow as pa

# Series per numpy block: bounds memory to ~100 MB whatever the scale.
_BLOCK = 4096


def empirical_lead_time_demand(
    con: duckdb.DuckDBPyConnection,
    series_sql: str,
    days_sql: str,
    query_params: dict[str, Any],
) -> pa.Table:
    """Per series of ``series_sql`` (series_row, item_id, warehouse_id, lead_time_days,
    service_level): windows, censored windows and the quantile (null below ``min_windows``)."""
    series = _run(con, series_sql, query_params)
    days = _run(con, days_sql, query_params)
    history_days: int = query_params["history_days"]
    lead_time = series["lead_time_days"].to_numpy()
    service_level = series["service_level"].to_numpy()
    rows = days["series_row"].to_numpy()
    day_index = days["day_index"].to_numpy()
    quantity = days["quantity"].to_numpy()
    censored = days["censored"].to_numpy(zero_copy_only=False)
    windows = np.zeros(series.num_rows, dtype=np.int64)
    censored_windows = np.zeros(series.num_rows, dtype=np.int64)
    quantile = np.full(series.num_rows, np.nan)
    for first in range(0, series.num_rows, _BLOCK):
        last = min(first + _BLOCK, series.num_rows)
        in_block = (rows >= first) & (rows < last)
        daily = np.zeros((last - first, history_days))
        daily[rows[in_block] - first, day_index[in_block]] = quantity[in_block]
        censored_days = np.zeros((last - first, history_days), dtype=bool)
        censored_days[rows[in_block] - first, day_index[in_block]] = censored[in_block]
        block = slice(first, last)
        windows[block], censored_windows[block], quantile[block] = window_quantiles(
            daily, censored_days, lead_time[block], service_level[block]
        )
    enough = windows >= query_params["min_windows"]
    return pa.table(
        {
            "item_id": series["item_id"],
            "warehouse_id": series["warehouse_id"],
            "empirical_windows": pa.array(windows),
            "empirical_censored_windows": pa.array(censored_windows),
            "empirical_lead_time_demand": pa.array(
                np.where(enough, quantile, np.nan), from_pandas=True
            ),
        }
    )


def window_quantiles(
    daily: np.ndarray, censored: np.ndarray, lead_time: np.ndarray, service_level: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Windows, censored windows and the Kaplan-Meier window-demand quantile per block row."""
    n_series, n_days = daily.shape
    span = np.ceil(lead_time).astype(np.int64)
    cumulative = np.zeros((n_series, n_days + 1))
    np.cumsum(daily, axis=1, out=cumulative[:, 1:])
    censored_count = np.zeros((n_series, n_days + 1), dtype=np.int64)
    np.cumsum(censored, axis=1, out=censored_count[:, 1:])
    start = np.arange(n_days)[None, :]
    end = np.minimum(start + span[:, None], n_days)  # exclusive
    usable = start + span[:, None] <= n_days
    last_day = np.take_along_axis(daily, end - 1, axis=1)
    demand = (
        np.take_along_axis(cumulative, end, axis=1)
        - cumulative[:, :n_days]
        - (span - lead_time)[:, None] * last_day
    )
    touched = np.take_along_axis(censored_count, end, axis=1) > censored_count[:, :n_days]
    # Sort by value, complete windows before censored ones at a tie (the Kaplan-Meier convention).
    by_flag = np.argsort(touched, axis=1, kind="stable")
    value = np.where(usable, demand, np.inf)
    order = np.take_along_axis(
        by_flag,
        np.argsort(np.take_along_axis(value, by_flag, axis=1), axis=1, kind="stable"),
        axis=1,
    )
    value = np.take_along_axis(value, order, axis=1)
    event = np.take_along_axis(usable & ~touched, order, axis=1)
    windows = usable.sum(axis=1)
    at_risk = windows[:, None] - np.arange(n_days)[None, :]
    factor = np.where(event, 1.0 - 1.0 / np.maximum(at_risk, 1), 1.0)
    reached = event & (1.0 - np.cumprod(factor, axis=1) >= service_level[:, None] - 1e-9)
    rows = np.arange(n_series)
    largest = np.max(np.where(np.isfinite(value), value, -np.inf), axis=1, initial=-np.inf)
    quantile = np.where(reached.any(axis=1), value[rows, np.argmax(reached, axis=1)], largest)
    censored_windows = (usable & touched).sum(axis=1)
    return windows, censored_windows, np.where(windows > 0, quantile, np.nan)


def _run(con: duckdb.DuckDBPyConnection, query: str, query_params: dict[str, Any]) -> pa.Table:
    used = {name: value for name, value in query_params.items() if f"${name}" in query}
    return con.sql(query, params=used).to_arrow_table()
