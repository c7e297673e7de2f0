"""Synthetic spare-parts demand for benchmarks and demos (never for tests' exact assertions).

A realistic mix at item x warehouse x day grain: mostly intermittent and lumpy, some smooth
seasonal and erratic series, items gone quiet, new items with short histories, fewer issues on
weekends and Brazilian holidays, and stock-out episodes whose days are censored (observed demand
is only what the shelf could serve).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

MIX = {"smooth": 0.08, "erratic": 0.07, "intermittent": 0.40, "lumpy": 0.38, "obsolete": 0.07}


@dataclass(frozen=True)
class SyntheticSample:
    demand: pd.DataFrame  # item_id, warehouse_id, date, quantity, censored
    true_class: pd.Series  # generating class per (item_id, warehouse_id)


def _calendar(end: date, days: int) -> tuple[pd.DatetimeIndex, np.ndarray]:
    import holidays

    index = pd.date_range(end - timedelta(days=days - 1), periods=days, freq="D")
    br = holidays.country_holidays("BR", years=range(index[0].year, index[-1].year + 1))
    weekday = index.day_of_week.to_numpy()
    factor = np.where(weekday == 5, 0.45, np.where(weekday == 6, 0.2, 1.0))
    factor = factor * np.where(np.isin(index.date, list(br.keys())), 0.2, 1.0)
    return index, factor / factor.mean()


def generate(
    n_series: int, days: int = 730, seed: int = 7, end: date = date(2026, 11, 20)
) -> SyntheticSample:
    rng = np.random.default_rng(seed)
    index, day_factor = _calendar(end, days)
    t = np.arange(days)
    kinds = rng.choice(list(MIX), size=n_series, p=list(MIX.values()))
    demand = np.zeros((n_series, days))
    for kind in MIX:
        rows = np.flatnonzero(kinds == kind)
        if rows.size:
            demand[rows] = _demand(kind, rows.size, t, day_factor, rng)
    # history length: most two years, some started later, a few brand new
    start = np.zeros(n_series, dtype=int)
    later = rng.random(n_series)
    start = np.where(later < 0.15, rng.integers(120, days - 150, n_series), start)
    start = np.where(later > 0.96, rng.integers(days - 80, days - 20, n_series), start)
    observed, censored = _stockouts(demand, rng)
    alive = t[None, :] >= start[:, None]
    item = np.array([f"{k // 10:06d}" for k in range(n_series)])
    warehouse = np.array([f"CD-{k % 10:02d}" for k in range(n_series)])
    rows, cols = np.nonzero(alive)
    frame = pd.DataFrame(
        {
            "item_id": item[rows],
            "warehouse_id": warehouse[rows],
            "date": index.date[cols],
            "quantity": observed[rows, cols],
            "censored": censored[rows, cols],
        }
    )
    truth = pd.Series(kinds, index=pd.MultiIndex.from_arrays([item, warehouse]), name="kind")
    return SyntheticSample(demand=frame, true_class=truth)


def _demand(
    kind: str, n: int, t: np.ndarray, day_factor: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    days = t.size
    if kind == "smooth":
        level = rng.lognormal(np.log(6), 0.6, (n, 1))
        amp = rng.uniform(0.1, 0.4, (n, 1))
        phase = rng.uniform(0, 2 * np.pi, (n, 1))
        trend = 1 + rng.normal(0, 0.15, (n, 1)) * t / days
        rate = level * (1 + amp * np.sin(2 * np.pi * t / 365.25 + phase)) * trend * day_factor
        return rng.poisson(np.clip(rate, 0, None)).astype(float)
    if kind == "erratic":
        level = rng.lognormal(np.log(4), 0.5, (n, 1))
        p = rng.uniform(0.8, 0.97, (n, 1)) * np.minimum(day_factor, 1)
        size = rng.negative_binomial(1, 1 / (1 + level), (n, days)) + 1
        return ((rng.random((n, days)) < p) * size).astype(float)
    if kind == "intermittent":
        p = rng.uniform(0.03, 0.45, (n, 1)) * day_factor
        size = 1 + rng.poisson(rng.uniform(0, 1.5, (n, 1)), (n, days))
        return ((rng.random((n, days)) < np.clip(p, 0, 1)) * size).astype(float)
    if kind == "lumpy":
        p = rng.uniform(0.01, 0.2, (n, 1)) * day_factor
        mean = rng.uniform(2, 15, (n, 1))
        size = rng.negative_binomial(0.7, 0.7 / (0.7 + mean), (n, days)) + 1
        return ((rng.random((n, days)) < np.clip(p, 0, 1)) * size).astype(float)
    # obsolete: intermittent demand that stopped more than a year before the end
    p = rng.uniform(0.05, 0.3, (n, 1)) * day_factor
    stop = rng.integers(days // 4, max(days - 380, days // 4 + 1), (n, 1))
    size = 1 + rng.poisson(0.5, (n, days))
    return ((rng.random((n, days)) < np.clip(p, 0, 1)) * (t < stop) * size).astype(float)


def _stockouts(demand: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Stock-out episodes: on censored days only part of the true demand is observed."""
    n, days = demand.shape
    censored = np.zeros((n, days), dtype=bool)
    episodes = rng.poisson(rng.choice([0.0, 1.5, 4.0], size=n, p=[0.4, 0.4, 0.2]))
    for i in np.flatnonzero(episodes):
        for _ in range(episodes[i]):
            first = rng.integers(0, days)
            censored[i, first : first + 1 + rng.geometric(0.1)] = True
    served = np.floor(demand * rng.uniform(0, 0.5, (n, days)))
    return np.where(censored, served, demand), censored
