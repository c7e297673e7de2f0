"""Day-by-day simulation of demand, stock and replenishment for every item x warehouse.

Order of events within a day (all quantities in tenths of a unit, see ``demand.py``):
1. purchase orders due today are received in the morning (on_hand up, on_order down);
2. crews' jobs arrive; each takes what it wants while stock lasts. Demand that finds the shelf
   empty is lost and never recorded: recorded consumption = min(demand, available). A day that
   ends with on_hand = 0 is a censored demand day;
3. the planner's reorder-point rule places purchase orders for every series whose inventory
   position (on_hand + on_order) is at or below its reorder point ``s``, up to ``S``;
4. the end-of-day position (on_hand, on_order) is the inventory snapshot.

The rule is the planner's, not the truth: it uses the supplier's *nominal* lead time, an estimate
of demand that is biased per series and updated each quarter for trend but not for the rainy
season, and a safety factor that is sometimes too low. So stockouts happen, more for lumpy items
and late suppliers. Actual lead times vary around the nominal, some orders are clearly late.

Every random draw of a day comes from a generator keyed by (seed, day), and the state on a day
depends only on the days before it, so a run to E and a run to E-1 with the same seed and start
agree on every day up to E-1 (prefix stability). The simulation starts ``WARMUP_DAYS`` before the
first written day so that the first snapshot shows a network in mid-operation (open orders,
some empty shelves) rather than every shelf freshly filled.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from datetime import date, timedelta

import numpy as np

from pipeline.sample.catalog import Catalog
from pipeline.sample.demand import TENTHS, DemandModel
from pipeline.sample.rng import Stream, rng_for
from pipeline.sample.workcalendar import work_factor

WARMUP_DAYS = 120
JOBS_PER_VISIT_P = 0.45  # a visit uses 1 + Binomial(jobs - 1, p) of the warehouse's jobs
NO_WORK_ORDER_P = 0.02  # issues booked without a work order (urgent, fixed later... or never)
FIRST_PO_NUMBER = 4_500_000_000  # SAP-style purchase order numbers: 45xxxxxxxx
SAFETY_FACTOR = {"A": 1.8, "B": 1.3, "C": 0.8}


@dataclass
class DayRecord:
    """What one day leaves in the ERP."""

    day: date
    # Consumption transactions, sorted by work order (visit) then item.
    txn_number: np.ndarray
    site: np.ndarray  # index into catalog.sites
    item: np.ndarray  # index into catalog.items
    quantity: np.ndarray  # tenths
    work_order_year: int
    work_order: np.ndarray  # number within the year, -1 when booked without a work order
    # End-of-day inventory, one value per series (warehouse-major, item-minor).
    on_hand: np.ndarray
    on_order: np.ndarray


@dataclass
class PurchaseOrderLog:
    po_number: list[np.ndarray] = field(default_factory=list)
    line: list[np.ndarray] = field(default_factory=list)
    series: list[np.ndarray] = field(default_factory=list)
    order_day: list[np.ndarray] = field(default_factory=list)  # date ordinals
    expected_day: list[np.ndarray] = field(default_factory=list)
    receive_day: list[np.ndarray] = field(default_factory=list)  # may lie after the end
    quantity: list[np.ndarray] = field(default_factory=list)  # tenths

    def arrays(self) -> dict[str, np.ndarray]:
        """Every column as one int64 array, in the order the lines were placed."""
        return {
            f.name: np.concatenate(parts).astype(np.int64) if parts else np.zeros(0, np.int64)
            for f in fields(self)
            for parts in [getattr(self, f.name)]
        }


class Simulation:
    def __init__(self, catalog: Catalog, seed: int, start: date, end: date) -> None:
        self.catalog = catalog
        self.seed = seed
        self.start = start
        self.end = end
        self.model = DemandModel(catalog, seed)
        self.purchase_orders = PurchaseOrderLog()
        m = self.model
        items = catalog.items
        n_wh = len(catalog.warehouses)
        sup_index = {s.supplier_id: k for k, s in enumerate(catalog.suppliers)}
        self.n_suppliers = len(catalog.suppliers)
        sup_of_item = np.array([sup_index[i.supplier_id] for i in items])
        self.supplier = np.tile(sup_of_item, n_wh)
        sups = catalog.suppliers
        self.nominal = np.array([sups[k].nominal_lead_time_days for k in self.supplier], float)
        self.lt_mu = np.array([sups[k].lt_log_mean for k in self.supplier])
        self.lt_sd = np.array([sups[k].lt_log_sd for k in self.supplier])
        self.late_p = np.array([sups[k].late_prob for k in self.supplier])
        self.pack = np.tile(np.array([round(i.pack * TENTHS) for i in items], np.int64), n_wh)
        crit_k = np.tile(np.array([SAFETY_FACTOR[i.criticality] for i in items]), n_wh)

        policy_rng = rng_for(seed, Stream.SERIES, m.n_series, 1)
        self.estimate_bias = policy_rng.lognormal(0.0, 0.2, size=m.n_series)
        self.safety_k = crit_k * policy_rng.uniform(0.3, 1.2, size=m.n_series)
        self.review_days = policy_rng.uniform(20, 60, size=m.n_series)

        # Sites of each warehouse, for drawing the tower of a visit: cumulative activity shares
        # offset by the warehouse index, so that searchsorted(w + u) lands in warehouse w.
        wh_index = {w.warehouse_id: k for k, w in enumerate(catalog.warehouses)}
        site_wh = np.array([wh_index[s.warehouse_id] for s in catalog.sites])
        activity = np.array([s.activity for s in catalog.sites])
        cum = np.empty(len(site_wh))
        for w in range(n_wh):
            idx = np.flatnonzero(site_wh == w)
            if idx.size == 0:
                raise ValueError(f"warehouse {catalog.warehouses[w].warehouse_id} has no towers")
            shares = np.cumsum(activity[idx]) / activity[idx].sum()
            shares[-1] = 1.0
            cum[idx] = w + shares
        self.site_cum = cum

    def _policy(self, day: date) -> tuple[np.ndarray, np.ndarray]:
        """Reorder point s and order-up-to level S (tenths), as the planner set them for the
        quarter of ``day``."""
        quarter_start = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
        mean, sd = self.model.mean_daily_demand(quarter_start)
        mean = mean * self.estimate_bias
        sd = sd * np.sqrt(self.estimate_bias)
        lead = self.nominal
        step = self.model.step
        s = mean * lead + self.safety_k * sd * np.sqrt(lead)
        s = np.maximum(np.ceil(s / step) * step, step).astype(np.int64)
        q = np.maximum(mean * self.review_days, self.pack)
        q = (np.ceil(q / self.pack) * self.pack).astype(np.int64)
        return s, s + q

    def run(self) -> Iterator[DayRecord]:
        """Simulate from the warm-up to ``end``; yield one record per day from ``start``."""
        m = self.model
        first = self.start - timedelta(days=WARMUP_DAYS)
        s_level, big_s = self._policy(first)
        init = rng_for(self.seed, Stream.SERIES, m.n_series, 2, first.toordinal())
        on_hand = (
            s_level
            + np.rint(init.random(m.n_series) * (big_s - s_level) / m.step).astype(np.int64)
            * m.step
        )
        on_order = np.zeros(m.n_series, np.int64)
        arrivals: dict[int, list[tuple[np.ndarray, np.ndarray]]] = {}
        txn_counter = 1
        po_counter = FIRST_PO_NUMBER
        wo_year, wo_counter = first.year, 0
        quarter = None

        day = first
        while day <= self.end:
            ordinal = day.toordinal()
            rng = rng_for(self.seed, Stream.DAY, ordinal)
            if (day.year, (day.month - 1) // 3) != quarter:
                quarter = (day.year, (day.month - 1) // 3)
                s_level, big_s = self._policy(day)
            if day.year != wo_year:
                wo_year, wo_counter = day.year, 0

            # 1. receipts
            for idx, qty in arrivals.pop(ordinal, ()):
                np.add.at(on_hand, idx, qty)
                np.subtract.at(on_order, idx, qty)

            # 2. demand, capped by what is on the shelf
            jobs = m.draw_jobs(rng, m.job_rate(day, work_factor(day)))
            series, wanted = jobs.series, jobs.quantity
            taken = _take_while_stock_lasts(series, wanted, on_hand)
            if series.size:
                on_hand -= np.bincount(series, weights=taken, minlength=m.n_series).astype(np.int64)

            job_visit, visit_site, job_wo = self._visits(rng, series, wo_counter)
            wo_counter += visit_site.size

            # 3. replenishment orders
            po_counter = self._order(day, rng, on_hand, on_order, s_level, big_s, arrivals,
                                     po_counter)  # fmt: skip

            recorded = np.flatnonzero(taken > 0)
            if day < self.start:  # warm-up: the ERP numbered these documents too
                txn_counter += recorded.size
                day += timedelta(days=1)
                continue

            item = m.item[series[recorded]]
            order = np.lexsort((item, job_visit[recorded]))
            recorded = recorded[order]
            n_rows = recorded.size
            yield DayRecord(
                day=day,
                txn_number=np.arange(txn_counter, txn_counter + n_rows, dtype=np.int64),
                site=visit_site[job_visit[recorded]],
                item=item[order],
                quantity=taken[recorded],
                work_order_year=wo_year,
                work_order=job_wo[recorded],
                on_hand=on_hand.copy(),
                on_order=on_order.copy(),
            )
            txn_counter += n_rows
            day += timedelta(days=1)

    def _visits(
        self, rng: np.random.Generator, series: np.ndarray, wo_counter: int
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The warehouse's jobs of the day grouped into visits at towers: each job's visit, each
        visit's tower, and each job's work order number (-1: none; numbered after `wo_counter`)."""
        n_wh = len(self.catalog.warehouses)
        wh = self.model.warehouse[series]
        jobs_per_wh = np.bincount(wh, minlength=n_wh)
        extra = rng.binomial(np.maximum(jobs_per_wh - 1, 0), JOBS_PER_VISIT_P)
        visits_per_wh = np.where(jobs_per_wh > 0, 1 + extra, 0)
        visit_offset = np.concatenate(([0], np.cumsum(visits_per_wh)[:-1]))
        job_visit = visit_offset[wh] + np.floor(rng.random(series.size) * visits_per_wh[wh]).astype(
            np.int64
        )
        visit_wh = np.repeat(np.arange(n_wh), visits_per_wh)
        visit_site = np.searchsorted(
            self.site_cum, visit_wh + rng.random(visit_wh.size), side="right"
        )
        no_wo = rng.random(series.size) < NO_WORK_ORDER_P
        job_wo = np.where(no_wo, -1, wo_counter + 1 + job_visit)
        return job_visit, visit_site, job_wo

    def _order(
        self,
        day: date,
        rng: np.random.Generator,
        on_hand: np.ndarray,
        on_order: np.ndarray,
        s_level: np.ndarray,
        big_s: np.ndarray,
        arrivals: dict[int, list[tuple[np.ndarray, np.ndarray]]],
        po_counter: int,
    ) -> int:
        position = on_hand + on_order
        idx = np.flatnonzero(position <= s_level)
        n = idx.size
        # Nothing is drawn from the day's generator after this, so the draws below may depend
        # on how many orders there are.
        z = rng.standard_normal(n)
        late = rng.random(n) < self.late_p[idx]
        late_extra = rng.uniform(0.3, 1.0, size=n)
        if n == 0:
            return po_counter
        pack = self.pack[idx]
        qty = np.ceil((big_s[idx] - position[idx]) / pack).astype(np.int64) * pack
        qty = np.maximum(qty, pack)
        nominal = self.nominal[idx]
        lead = nominal * np.exp(self.lt_mu[idx] + self.lt_sd[idx] * z)
        lead = np.where(late, lead + nominal * late_extra, lead)
        lead = np.maximum(np.rint(lead), 1).astype(np.int64)
        ordinal = day.toordinal()
        receive = ordinal + lead
        for when in np.unique(receive):
            sel = receive == when
            arrivals.setdefault(int(when), []).append((idx[sel], qty[sel]))
        on_order[idx] += qty

        # One purchase order per warehouse and supplier per day, one line (10, 20, ...) per item.
        key = self.model.warehouse[idx] * self.n_suppliers + self.supplier[idx]
        order = np.argsort(key, kind="stable")
        idx, qty, receive, key, nominal = (a[order] for a in (idx, qty, receive, key, nominal))
        new_po = np.concatenate(([True], key[1:] != key[:-1]))
        po_seq = np.cumsum(new_po) - 1
        first_of_po = np.flatnonzero(new_po)
        line = (np.arange(n) - first_of_po[po_seq] + 1) * 10
        log = self.purchase_orders
        log.po_number.append(po_counter + po_seq)
        log.line.append(line)
        log.series.append(idx)
        log.order_day.append(np.full(n, ordinal))
        log.expected_day.append(ordinal + nominal.astype(np.int64))
        log.receive_day.append(receive)
        log.quantity.append(qty)
        return po_counter + int(po_seq[-1]) + 1


def _take_while_stock_lasts(
    series: np.ndarray, wanted: np.ndarray, on_hand: np.ndarray
) -> np.ndarray:
    """Quantity each job gets: jobs of a series are served in order until the shelf is empty."""
    if series.size == 0:
        return np.zeros(0, np.int64)
    new_group = np.concatenate(([True], series[1:] != series[:-1]))
    group = np.cumsum(new_group) - 1
    before = np.cumsum(wanted) - wanted
    before = before - before[np.flatnonzero(new_group)][group]
    return np.clip(on_hand[series] - before, 0, wanted)
