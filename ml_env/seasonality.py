"""Calendar profiles pooled across series: month of year and weekday, shrunk by their evidence.

One spare part at one warehouse rarely has enough demand to show a season, but the parts of a
warehouse (its region's rainy season) or of one category there (rectifiers and surge protectors
fail with the storms) together often do. So the profiles are estimated on pooled demand and
shrunk by empirical Bayes:

- month of year: the history is cut into whole 12-month blocks ending on the last day; each
  block's monthly totals, divided by that block's mean month, give one estimate of the index per
  month (the block's own level removes trend). The mean over blocks is the raw index, the spread
  between blocks its noise; the index moves away from its parent by ``signal / (signal +
  noise)`` of the raw deviation, where ``signal`` is the variance of the raw deviations beyond
  noise. Levels: all series -> warehouse -> warehouse x category, each shrunk towards the one
  above (the top one towards flat). With fewer than two blocks the profile is flat;
- weekday: the same with 7-day blocks (the last 52 weeks), per warehouse, towards flat. Data
  without a weekday pattern gets a flat profile, not noise.

Censored days are missing: a block's total counts each day's observed mean over the series with
an observed value that day.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from ml_env.engine import SeriesInput

MAX_YEARS = 4
WEEKS = 52


@dataclass(frozen=True)
class CalendarProfile:
    """Multiplicative demand factors, each with mean 1."""

    month: np.ndarray  # 12 values, January first
    weekday: np.ndarray  # 7 values, Monday first

    def factors(self, start: pd.Timestamp, n_days: int) -> np.ndarray:
        days = pd.date_range(start, periods=n_days, freq="D")
        return self.month[days.month.to_numpy() - 1] * self.weekday[days.day_of_week.to_numpy()]


FLAT = CalendarProfile(month=np.ones(12), weekday=np.ones(7))


def shrunk_index(blocks: np.ndarray, prior: np.ndarray) -> np.ndarray:
    """Index per period from ``blocks`` (n_blocks x period ratios), shrunk towards ``prior``."""
    blocks = blocks[np.all(np.isfinite(blocks), axis=1)]
    if blocks.shape[0] < 2:
        return prior.copy()
    raw = blocks.mean(axis=0)
    noise = float(blocks.var(axis=0, ddof=1).mean() / blocks.shape[0])
    deviation = raw - prior
    signal = max(0.0, float(np.mean(deviation**2)) - noise)
    weight = signal / (signal + noise) if signal + noise > 0 else 0.0
    index = np.maximum(prior + weight * deviation, 0.05)
    return index / index.mean()


def _daily_pool(ys: Sequence[np.ndarray], n_days: int) -> np.ndarray:
    """Pooled demand per day over the last ``n_days``: the observed series' mean that day times
    the series started by then (NaN where none is observed)."""
    total, observed, present = np.zeros(n_days), np.zeros(n_days), np.zeros(n_days)
    for y in ys:
        tail = y[-n_days:]
        offset = n_days - tail.size
        ok = np.isfinite(tail)
        total[offset:] += np.where(ok, tail, 0.0)
        observed[offset:] += ok
        present[offset:] += 1
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(observed > 0, total / observed * present, np.nan)


def _month_blocks(daily: np.ndarray, end: pd.Timestamp) -> np.ndarray:
    """Rows: 12-month blocks ending on ``end``; columns: January..December ratio to block mean."""
    days = pd.date_range(end=end, periods=daily.size, freq="D")
    frame = pd.DataFrame({"y": daily, "period": days.to_period("M")})
    monthly = frame.groupby("period", sort=True)["y"].agg(["mean", "count"])
    monthly = monthly[monthly["count"] >= 20]  # a mostly-missing month says nothing
    rows = []
    last = days[-1].to_period("M")
    if days[-1] != days[-1] + pd.offsets.MonthEnd(0):
        last = last - 1  # the current month is incomplete
    for block in range(MAX_YEARS):
        periods = pd.period_range(end=last - 12 * block, periods=12, freq="M")
        if not all(p in monthly.index for p in periods):
            break
        values = monthly.loc[periods, "mean"].to_numpy()
        if not np.all(np.isfinite(values)) or values.mean() <= 0:
            break
        ratios = np.empty(12)
        ratios[periods.month.to_numpy() - 1] = values / values.mean()
        rows.append(ratios)
    return np.array(rows).reshape(-1, 12)


def _weekday_blocks(daily: np.ndarray, end: pd.Timestamp) -> np.ndarray:
    n_weeks = min(WEEKS, daily.size // 7)
    if n_weeks == 0:
        return np.empty((0, 7))
    tail = daily[daily.size - n_weeks * 7 :].reshape(n_weeks, 7)
    first_day = end - pd.Timedelta(days=n_weeks * 7 - 1)
    order = (np.arange(7) + first_day.day_of_week) % 7  # weekday of each column
    with np.errstate(invalid="ignore", divide="ignore"):
        ratios = tail / tail.mean(axis=1, keepdims=True)
    blocks = np.empty_like(ratios)
    blocks[:, order] = ratios
    return blocks[np.all(np.isfinite(blocks), axis=1)]


def calendar_profiles(
    ys: Sequence[np.ndarray],
    warehouses: Sequence[str],
    categories: Sequence[str],
    end: pd.Timestamp,
) -> list[CalendarProfile]:
    """One profile per series (aligned with ``ys``, each ending on ``end``)."""
    n_days = min(max((y.size for y in ys), default=0), MAX_YEARS * 366)
    if n_days < 14:
        return [FLAT] * len(ys)
    top = shrunk_index(_month_blocks(_daily_pool(ys, n_days), end), np.ones(12))
    by_warehouse: dict[str, list[int]] = {}
    by_group: dict[tuple[str, str], list[int]] = {}
    for i, (warehouse, category) in enumerate(zip(warehouses, categories, strict=True)):
        by_warehouse.setdefault(warehouse, []).append(i)
        by_group.setdefault((warehouse, category), []).append(i)
    month_of_warehouse, weekday_of_warehouse = {}, {}
    for warehouse, rows in by_warehouse.items():
        daily = _daily_pool([ys[i] for i in rows], n_days)
        month_of_warehouse[warehouse] = shrunk_index(_month_blocks(daily, end), top)
        weekday_of_warehouse[warehouse] = shrunk_index(_weekday_blocks(daily, end), np.ones(7))
    profiles: list[CalendarProfile] = [FLAT] * len(ys)
    for (warehouse, _), rows in by_group.items():
        parent = month_of_warehouse[warehouse]
        daily = _daily_pool([ys[i] for i in rows], n_days)
        month = shrunk_index(_month_blocks(daily, end), parent)
        profile = CalendarProfile(month=month, weekday=weekday_of_warehouse[warehouse])
        for i in rows:
            profiles[i] = profile
    return profiles


def with_profiles(series: Sequence[SeriesInput], end_date: date) -> list[SeriesInput]:
    """The series with their pooled calendar profile (every series ends on ``end_date``)."""
    profiles = calendar_profiles(
        [s.y for s in series],
        [s.warehouse_id for s in series],
        [s.category for s in series],
        pd.Timestamp(end_date),
    )
    return [replace(s, profile=p) for s, p in zip(series, profiles, strict=True)]
