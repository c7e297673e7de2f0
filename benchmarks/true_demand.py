"""The sample generator's TRUE (uncensored) daily demand, rebuilt from its own model.

``pipeline.sample.simulate`` draws each day's maintenance jobs first from a generator keyed by
(seed, day): ``DemandModel.draw_jobs(rng_for(seed, Stream.DAY, ordinal), job_rate(day, ...))``.
Stock only decides how much of a job is served (recorded consumption = min(demand, on hand)),
so the same two calls, made here for any day, give what the crews wanted, served or lost, and
leave the generator untouched. ``check_against_records`` compares it with a landing folder:
on every series x day with stock at the end of the day the two must agree exactly.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from pipeline.sample.catalog import Scale, build_catalog
from pipeline.sample.demand import TENTHS, DemandModel
from pipeline.sample.rng import Stream, rng_for
from pipeline.sample.workcalendar import work_factor


def true_demand(
    scale: str, seed: int, first: date, days: int
) -> tuple[list[str], list[str], np.ndarray]:
    """(item_ids, warehouse_ids, demand (series, days) in units) from ``first`` on."""
    catalog = build_catalog(Scale(scale), seed)
    model = DemandModel(catalog, seed)
    out = np.zeros((model.n_series, days))
    for k in range(days):
        day = first + timedelta(days=k)
        rng = rng_for(seed, Stream.DAY, day.toordinal())
        jobs = model.draw_jobs(rng, model.job_rate(day, work_factor(day)))
        out[:, k] = np.bincount(jobs.series, weights=jobs.quantity, minlength=model.n_series)
    items = [catalog.items[i].item_id for i in model.item]
    warehouses = [catalog.warehouses[w].warehouse_id for w in model.warehouse]
    return items, warehouses, out / TENTHS
