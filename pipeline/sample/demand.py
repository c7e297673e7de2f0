"""Daily demand per item x warehouse ("series"), drawn as maintenance jobs.

Each job is one crew using a part at a tower. The number of jobs of a series on a day is Poisson
with a rate that moves with the working calendar, the warehouse's rainy season (for parts that
lightning and power cuts break) and the item's trend (5G up, 2G/3G down). Each job takes a
quantity: one rectifier module, a bank of 4 batteries, 12.5 m of cable; now and then a job is a
bulk replacement that takes several times more. Rare jobs make demand intermittent; bulk jobs make
it lumpy; a few high-runners (connectors, cable, tape) are smooth or erratic.

Quantities are integers in tenths of the item's unit everywhere, so stock balances are exact:
10 = one unit, 125 = 12.5 m.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from pipeline.sample.catalog import Catalog
from pipeline.sample.parts import CATEGORY_BY_NAME
from pipeline.sample.rng import Stream, rng_for
from pipeline.sample.workcalendar import WEEK_AVERAGE, season_factor

TENTHS = 10
# Trends are anchored on a fixed date so that they do not depend on the start of a run.
TREND_ANCHOR = date(2024, 1, 1)
# Smallest quantity one job takes, in tenths, by unit: a whole unit, half a metre, 100 g.
STEP_BY_UNIT = {"M": 5, "KG": 1}


@dataclass(frozen=True)
class Jobs:
    """The jobs of one day, sorted by series."""

    series: np.ndarray  # int64 series index of each job
    quantity: np.ndarray  # int64 tenths wanted by each job


class DemandModel:
    """Per-series demand parameters; series ``s`` is warehouse ``s // n_items``, item
    ``s % n_items`` (the order of inventory rows: by warehouse, then item)."""

    def __init__(self, catalog: Catalog, seed: int) -> None:
        items = catalog.items
        n_items = len(items)
        n_wh = len(catalog.warehouses)
        self.n_series = n_items * n_wh
        self.n_items = n_items
        self.warehouse = np.repeat(np.arange(n_wh), n_items)
        self.item = np.tile(np.arange(n_items), n_wh)
        rng = rng_for(seed, Stream.SERIES, self.n_series)

        def per_item(values: list[float]) -> np.ndarray:
            return np.tile(np.asarray(values, dtype=np.float64), n_wh)

        def per_wh(values: list[float]) -> np.ndarray:
            return np.repeat(np.asarray(values, dtype=np.float64), n_items)

        wh_scale = per_wh([w.demand_scale for w in catalog.warehouses])
        # Local differences: an old battery fleet in one region, a flood-prone area in another.
        local = rng.lognormal(-0.045, 0.3, size=self.n_series)
        self.base_rate = per_item([i.rate for i in items]) * wh_scale * local
        self.wh_peak_doy = np.array([w.rainy_peak_doy for w in catalog.warehouses], dtype=float)
        self.season_amp = per_item([CATEGORY_BY_NAME[i.category].season for i in items]) * per_wh(
            [w.season_strength for w in catalog.warehouses]
        )
        self.trend = per_item([i.trend for i in items])
        self.log_median = np.log(per_item([i.size_median for i in items]) * TENTHS)
        self.size_sigma = per_item([i.size_sigma for i in items])
        self.project = per_item([i.project for i in items])
        self.step = per_item([STEP_BY_UNIT.get(i.unit, TENTHS) for i in items]).astype(np.int64)
        self.size_mean, self.size_m2 = self._size_moments(rng)

    def _size_moments(self, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
        """Mean and second moment of one job's quantity (tenths), by simulation per item, in
        blocks of items so that memory stays small at L."""
        draws, block = 4000, 250
        mean = np.empty(self.n_items)
        m2 = np.empty(self.n_items)
        for first in range(0, self.n_items, block):
            idx = np.arange(first, min(first + block, self.n_items))
            z = rng.standard_normal((idx.size, draws))
            u = rng.random((idx.size, draws))
            mult = rng.integers(3, 9, size=(idx.size, draws))
            q = _quantity(
                self.log_median[idx, None], self.size_sigma[idx, None], self.step[idx, None],
                self.project[idx, None], z, u, mult,
            )  # fmt: skip
            mean[idx] = q.mean(axis=1)
            # The planner's variability leaves bulk jobs out ("projects are planned
            # separately"), one reason lumpy items run out more often.
            regular = np.where(u < self.project[idx, None], np.nan, q.astype(np.float64))
            m2[idx] = np.nanmean(regular**2, axis=1)
        reps = self.n_series // self.n_items
        return np.tile(mean, reps), np.tile(m2, reps)

    def trend_factor(self, day: date) -> np.ndarray:
        years = (day - TREND_ANCHOR).days / 365.25
        return np.exp(np.clip(self.trend * years, -2.5, 2.5))

    def job_rate(self, day: date, work: float) -> np.ndarray:
        """Expected jobs per series on ``day`` given the calendar's work factor."""
        cosine = season_factor(day, self.wh_peak_doy, np.ones_like(self.wh_peak_doy)) - 1.0
        season = 1.0 + self.season_amp * cosine[self.warehouse]
        return self.base_rate * work * season * self.trend_factor(day)

    def mean_daily_demand(self, day: date) -> tuple[np.ndarray, np.ndarray]:
        """What a planner estimates per series: mean and sd of daily demand (tenths), with the
        trend as of ``day`` and an average week, ignoring the season."""
        jobs = self.base_rate * WEEK_AVERAGE * self.trend_factor(day)
        return jobs * self.size_mean, np.sqrt(jobs * self.size_m2)

    def draw_jobs(self, rng: np.random.Generator, rate: np.ndarray) -> Jobs:
        counts = rng.poisson(rate)
        series = np.repeat(np.arange(self.n_series, dtype=np.int64), counts)
        n = series.size
        z = rng.standard_normal(n)
        u = rng.random(n)
        mult = rng.integers(3, 9, size=n)
        quantity = _quantity(
            self.log_median[series], self.size_sigma[series], self.step[series],
            self.project[series], z, u, mult,
        )  # fmt: skip
        return Jobs(series=series, quantity=quantity)


def _quantity(
    log_median: np.ndarray,
    sigma: np.ndarray,
    step: np.ndarray,
    project: np.ndarray,
    z: np.ndarray,
    u: np.ndarray,
    mult: np.ndarray,
) -> np.ndarray:
    """Quantity (tenths) of jobs: log-normal, rounded to the unit's step, at least one step;
    a bulk job (probability ``project``) takes ``mult`` times more."""
    raw = np.exp(log_median + sigma * z)
    q = np.maximum(np.rint(raw / step), 1).astype(np.int64) * step
    return np.where(u < project, q * mult, q)
