"""The RAF spare-parts data (``../shared/data/raf/``) as an ERP drop, and its held-out year.

Pure numpy + csv + pyarrow, so both environments use it: ``bench_real.py`` (.venv-ml) writes the
landing files and scores forecasts, ``bench_replay.py`` (.venv) replays the product's policy on
the held-out months.

How the monthly data becomes an ERP export (every choice stated in the report):

- calendar: shifted by ``YEAR_SHIFT`` whole years (1996-01 -> 2020-01): months and leap years
  stay aligned (1996 and 2020 are both leap years), and every date is >= 2000 as the contract
  requires;
- daily spreading: the k units of a month of D days are issued one unit each on the evenly
  spaced days ``floor((j + 0.5) * D / k)``, j = 0..k-1 (a single unit mid-month; k > D puts
  several units on a day); one consumption row per item and day;
- criticality: ABC on the annual value of the training months (unit price x units / years):
  the top 20% of items by value are A, the next 30% B, the rest C (ties broken by item_ref);
- unit cost: GBP converted to BRL at the fixed rate ``GBP_TO_BRL``;
- suppliers: one per distinct lead time, ``nominal_lead_time_days = max(1, round(months x
  30.4))`` (a 0-month lead time becomes 1 day: the contract needs a positive integer);
- one warehouse and one tower; inventory: two snapshots per item (first and last training day)
  with on_hand = the item's whole training demand + 1, so no day is censored; no purchase
  orders, so lead times are the suppliers' nominal ones.
"""

from __future__ import annotations

import calendar
import csv
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

RAF_CSV = Path(__file__).resolve().parents[2] / "shared" / "data" / "raf" / "raf_monthly_demand.csv"
YEAR_SHIFT = 24
GBP_TO_BRL = 6.50
DAYS_PER_MONTH = 30.4
HOLDOUT_MONTHS = 12
WAREHOUSE_ID = "RAF-WH"
SITE_ID = "RAF-SITE"
ABC_SHARES = (0.20, 0.30)  # A: top 20% of items by annual value, B: next 30%, C: the rest


@dataclass(frozen=True)
class RafData:
    item_ref: np.ndarray  # str, zero-padded
    description: np.ndarray  # str
    lead_time_months: np.ndarray  # int
    unit_price_gbp: np.ndarray  # float
    months: list[date]  # first day of each month, already shifted
    demand: np.ndarray  # (items, months) int
    crit: np.ndarray  # A/B/C from the whole file's training months (``criticality``)

    def subset(self, n: int | None) -> RafData:
        if n is None or n >= self.item_ref.size:
            return self
        return RafData(
            self.item_ref[:n],
            self.description[:n],
            self.lead_time_months[:n],
            self.unit_price_gbp[:n],
            self.months,
            self.demand[:n],
            self.crit[:n],
        )

    @property
    def n_train(self) -> int:
        return len(self.months) - HOLDOUT_MONTHS

    @property
    def train_end(self) -> date:
        """Last day of the training months (the landing's last day)."""
        return self.months[self.n_train] - timedelta(days=1)


def feeding_notes() -> str:
    """How the data was fed, for the reports."""
    return (
        f"calendar shifted by +{YEAR_SHIFT} whole years (1996-01 -> {1996 + YEAR_SHIFT}-01; "
        "months and leap years aligned); the landing holds only the first 72 months, the last "
        f"{HOLDOUT_MONTHS} are held out; each month's k units are issued one unit each on the "
        "evenly spaced days floor((j + 0.5) D / k), j = 0..k-1, of its D days (one consumption "
        "row per part and day); criticality = ABC on the annual value of the training months "
        "(unit price x units / 6 years) over all 5,000 parts: the top 20% of parts by value A, "
        f"the next 30% B, the rest C; unit cost = GBP price x {GBP_TO_BRL:.2f} BRL/GBP (fixed); "
        "one warehouse, one tower; one supplier per distinct lead time with "
        f"nominal_lead_time_days = max(1, round(months x {DAYS_PER_MONTH})); inventory: two "
        "snapshots per part (first and last training day) with on_hand = its whole training "
        "demand + 1 and on_order 0, so no day is censored; no purchase orders (lead times are "
        "the nominal ones)"
    )


def load(path: Path = RAF_CSV) -> RafData:
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = list(reader)
    month_cols = header[4:]
    months = [
        date(int(m[:4]) + YEAR_SHIFT, int(m[5:7]), 1) for m in month_cols
    ]  # "1996-01" -> 2020-01-01
    item_ref = np.array([r[0].zfill(5) for r in rows])
    price = np.array([float(r[3]) for r in rows])
    demand = np.array([[int(float(v)) for v in r[4:]] for r in rows], dtype=np.int64)
    n_train = len(months) - HOLDOUT_MONTHS
    annual_value = price * demand[:, :n_train].sum(axis=1) / (n_train / 12)
    return RafData(
        item_ref=item_ref,
        description=np.array([r[1].strip() or "RAF PART" for r in rows]),
        lead_time_months=np.array([int(float(r[2])) for r in rows]),
        unit_price_gbp=price,
        months=months,
        demand=demand,
        crit=abc_criticality(annual_value, item_ref),
    )


def spread_days(units: int, days_in_month: int) -> np.ndarray:
    """Units issued on each day of the month: k units on evenly spaced days (see module doc)."""
    out = np.zeros(days_in_month, dtype=np.int64)
    if units > 0:
        j = np.arange(units)
        np.add.at(out, np.floor((j + 0.5) * days_in_month / units).astype(np.int64), 1)
    return out


def daily_matrix(demand: np.ndarray, months: list[date]) -> tuple[np.ndarray, date]:
    """(items, days) daily units for the given months, spread as ``spread_days``; and day 0."""
    lengths = [calendar.monthrange(m.year, m.month)[1] for m in months]
    out = np.zeros((demand.shape[0], sum(lengths)), dtype=np.int64)
    offset = 0
    for k, days in enumerate(lengths):
        col = demand[:, k]
        for i in np.flatnonzero(col):
            out[i, offset : offset + days] = spread_days(int(col[i]), days)
        offset += days
    return out, months[0]


def abc_criticality(annual_value: np.ndarray, item_ref: np.ndarray) -> np.ndarray:
    """A for the top 20% of items by annual value, B for the next 30%, C for the rest."""
    n = annual_value.size
    order = np.lexsort((item_ref, -annual_value))  # value descending, then item_ref
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    n_a = round(ABC_SHARES[0] * n)
    n_b = round((ABC_SHARES[0] + ABC_SHARES[1]) * n)
    return np.where(rank < n_a, "A", np.where(rank < n_b, "B", "C"))


def nominal_lead_time_days(months: np.ndarray) -> np.ndarray:
    return np.maximum(1, np.rint(months * DAYS_PER_MONTH)).astype(np.int64)


def supplier_id(months: int) -> str:
    return f"RAF-LT{months:02d}"


def write_landing(raf: RafData, out: Path) -> dict[str, int]:
    """Write the training months as landing/<source>/ files; return rows per source."""
    crit = raf.crit
    counts: dict[str, int] = {}

    def write(source: str, table: pa.Table) -> None:
        folder = out / source
        folder.mkdir(parents=True, exist_ok=True)
        pacsv.write_csv(table, folder / f"{source}.csv")
        counts[source] = table.num_rows

    lts = np.unique(raf.lead_time_months)
    write(
        "suppliers",
        pa.table(
            {
                "supplier_id": [supplier_id(int(m)) for m in lts],
                "name": [f"RAF supplier, lead time {int(m)} months" for m in lts],
                "nominal_lead_time_days": nominal_lead_time_days(lts),
            }
        ),
    )
    write(
        "warehouses",
        pa.table(
            {
                "warehouse_id": [WAREHOUSE_ID],
                "name": ["RAF stores"],
                "city": ["São Paulo"],
                "state": ["SP"],
                "region": ["SE"],
            }
        ),
    )
    write(
        "sites",
        pa.table(
            {
                "site_id": [SITE_ID],
                "name": ["RAF maintenance"],
                "city": ["São Paulo"],
                "state": ["SP"],
                "warehouse_id": [WAREHOUSE_ID],
            }
        ),
    )
    write(
        "items",
        pa.table(
            {
                "item_id": raf.item_ref,
                "item_name": raf.description,
                "category": ["RAF spares"] * raf.item_ref.size,
                "unit": ["UN"] * raf.item_ref.size,
                "unit_cost": np.round(raf.unit_price_gbp * GBP_TO_BRL, 4),
                "criticality": crit,
                "supplier_id": [supplier_id(int(m)) for m in raf.lead_time_months],
            }
        ),
    )
    daily, day0 = daily_matrix(raf.demand[:, : raf.n_train], raf.months[: raf.n_train])
    item_idx, day_idx = np.nonzero(daily)
    dates = np.datetime64(day0) + day_idx.astype("timedelta64[D]")
    date_text = dates.astype(str)
    write(
        "consumption",
        pa.table(
            {
                "txn_id": np.char.add(np.char.add(raf.item_ref[item_idx], "-"), date_text),
                "txn_date": pa.array(dates.astype("datetime64[D]")),
                "site_id": [SITE_ID] * item_idx.size,
                "item_id": raf.item_ref[item_idx],
                "quantity": daily[item_idx, day_idx],
            }
        ),
    )
    on_hand = raf.demand[:, : raf.n_train].sum(axis=1) + 1
    n = raf.item_ref.size
    write(
        "inventory",
        pa.table(
            {
                "snapshot_date": pa.array(
                    np.concatenate(
                        [
                            np.full(n, np.datetime64(day0)),
                            np.full(n, np.datetime64(raf.train_end)),
                        ]
                    ).astype("datetime64[D]")
                ),
                "warehouse_id": [WAREHOUSE_ID] * (2 * n),
                "item_id": np.concatenate([raf.item_ref, raf.item_ref]),
                "on_hand": np.concatenate([on_hand, on_hand]),
                "on_order": np.zeros(2 * n, dtype=np.int64),
            }
        ),
    )
    # No purchase orders: a header-only file (the contract reads it as no rows).
    text = pa.string()
    day = pa.date32()
    write(
        "purchase_orders",
        pa.table(
            {
                "po_id": pa.array([], text),
                "item_id": pa.array([], text),
                "warehouse_id": pa.array([], text),
                "supplier_id": pa.array([], text),
                "order_date": pa.array([], day),
                "expected_date": pa.array([], day),
                "received_date": pa.array([], day),
                "quantity": pa.array([], pa.int64()),
            }
        ),
    )
    return counts


def holdout_daily(raf: RafData) -> tuple[np.ndarray, date]:
    """(items, days) daily units of the held-out months, spread like the landing."""
    return daily_matrix(raf.demand[:, raf.n_train :], raf.months[raf.n_train :])
