"""Small constructed series and datasets, so assertions can be exact."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ml_env.engine import SeriesInput
from ml_env.extract import write_extract

START = pd.Timestamp("2025-01-06")  # a Monday


def series(
    y: np.ndarray | list[float], item: str = "000123", warehouse: str = "CD-01"
) -> SeriesInput:
    return SeriesInput(item, warehouse, START, np.asarray(y, dtype=float))


def as_pandas(y: np.ndarray | list[float]) -> pd.Series:
    values = np.asarray(y, dtype=float)
    return pd.Series(values, index=pd.date_range(START, periods=values.size, freq="D"))


def weekly_pattern(n_days: int, pattern: tuple[float, ...] = (8, 6, 6, 6, 8, 1, 0)) -> np.ndarray:
    """Same demand every week: Monday 8 ... Sunday 0 (START is a Monday)."""
    return np.resize(np.asarray(pattern, dtype=float), n_days)


def demand_frame(
    y_by_series: dict[tuple[str, str], np.ndarray],
    censored: dict | None = None,
    end: pd.Timestamp | None = None,
) -> pd.DataFrame:
    """Long demand rows from daily arrays ending on the same day (``end``, by default the end of
    the longest); ``censored`` maps a key to a bool mask."""
    longest = max(len(y) for y in y_by_series.values())
    end = end or START + pd.Timedelta(days=longest - 1)
    frames = []
    for (item, warehouse), y in y_by_series.items():
        mask = (censored or {}).get((item, warehouse), np.zeros(len(y), dtype=bool))
        frames.append(
            pd.DataFrame(
                {
                    "item_id": item,
                    "warehouse_id": warehouse,
                    "date": pd.date_range(end=end, periods=len(y), freq="D").date,
                    "quantity": np.asarray(y, dtype=float),
                    "censored": mask,
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def small_dataset(root: Path, n_days: int = 200) -> Path:
    """Four series (smooth weekly, intermittent, one with a stock-out tail, a new item)."""
    rng = np.random.default_rng(3)
    stockout = np.zeros(n_days, dtype=bool)
    stockout[-15:] = True
    data = {
        ("000123", "CD-01"): weekly_pattern(n_days),
        ("000123", "CD-02"): (np.arange(n_days) % 9 == 0) * 3.0,
        ("004512", "CD-01"): np.where(stockout, 0.0, rng.poisson(4, n_days)).astype(float),
        ("009999", "CD-01"): rng.poisson(2, 40).astype(float),  # a new item: 40 days
    }
    frame = demand_frame(data, {("004512", "CD-01"): stockout})
    return write_extract(frame, root, "tests")
