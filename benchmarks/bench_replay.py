"""Closed-loop replay benchmark (``make bench-replay``): a planner follows the product for 180 days.

Run from the repository root with the pipeline's environment (numpy, pyarrow, matplotlib):

    .venv/bin/python benchmarks/bench_replay.py [--tag NAME] [--limit N]

(a) Sample generator, 2 seeds x 2 end dates E: ``python -m pipeline.sample --scale S --seed N
    --end E``, then the product as ``make demo`` runs it (pipeline -> ml_env train --horizon 180
    -> pipeline) in ``benchmarks/results/replay-<tag>/``. The TRUE demand of the 180 days after E
    is rebuilt from the generator's own model (``true_demand.py``; checked against the recorded
    consumption of uncensored days before E). From the snapshot's on_hand and open orders, the
    planner reviews every R = ``review_days`` days and orders ``max(0, S - IP)`` when
    ``IP <= ROP`` (``replay.py``), with the snapshot's reorder_point / order_up_to held for the
    whole replay (one snapshot, not a daily rerun; ``--replan-days N``: the product runs again
    every N days on the generator's data up to that day and its plan takes over); lead times
    drawn from the supplier's received purchase orders (``fct_lead_time``), lost sales. The
    textbook policy (``ROP = d L + z s sqrt(L)``, ``S = ROP + d R``, d and s the mean and std
    of the recorded daily demand of the last 365 days, L the product's lead_time_days) runs in
    the same replay at its target z and at a sweep of z, so its stock-vs-fill curve can be read
    at the product's fill rate.
(b) RAF (with ``--raf``, after ``make bench-real``): the product's snapshot of the RAF run, the
    first 180 held-out days (spread daily), lead times fixed at the data's lead_time_months.

Tables are printed and written to ``benchmarks/results/bench-replay-<tag>.md`` (+ ``.json``),
with a plot ``bench-replay-<tag>.png`` of stock (BRL) against fill rate and service.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from product_run import PY, demo_steps, export_folder, run_steps, snapshot_folder  # noqa: E402
from replay import Outcome, lead_time_draws, simulate, summarize  # noqa: E402
from scoring import markdown_table, window_sum, z_of  # noqa: E402

REPO = HERE.parent
DAYS = 180
SEEDS = (7, 11)
ENDS = (date(2026, 3, 31), date(2026, 9, 30))
HORIZON_DAYS = 180
Z_SWEEP = (0.0, 0.5, 1.0, 1.28, 1.645, 2.0, 2.33, 2.75, 3.09, 3.5, 4.0, 5.0)
# The product's own rule at uniform service levels, so its stock can be read at the textbook's
# fill rate (the budget's comparison) as well as the textbook's at the product's.
LEVEL_SWEEP = (0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 0.995)
CLASSES = ("A", "B", "C", "all")


def read(folder: Path, table: str) -> dict[str, np.ndarray]:
    t = pq.read_table(folder / f"{table}.parquet")
    return {name: t.column(name).to_numpy(zero_copy_only=False) for name in t.column_names}


def dense_history(
    demand: dict[str, np.ndarray], keys: list[tuple[str, str]], end: date, days: int
) -> np.ndarray:
    """(series, days) recorded units of the ``days`` days up to ``end`` (absent = 0)."""
    row_of = {k: i for i, k in enumerate(keys)}
    first = np.datetime64(end - timedelta(days=days - 1))
    out = np.zeros((len(keys), days))
    day = (demand["date"].astype("datetime64[D]") - first).astype(np.int64)
    for item, wh, k, q in zip(
        demand["item_id"], demand["warehouse_id"], day, demand["quantity"], strict=True
    ):
        r = row_of.get((item, wh))
        if r is not None and 0 <= k < days:
            out[r, k] += q
    return out


class Case:
    """One replay: series, starting state, the product's policy and the textbook inputs."""

    def __init__(self, name: str, rop: dict[str, np.ndarray], demand: np.ndarray) -> None:
        self.name = name
        self.rop = rop
        self.demand = demand
        n = demand.shape[0]
        self.crit = rop["criticality"].astype(str)
        self.unit_cost = np.nan_to_num(rop["unit_cost"].astype(float))
        self.lead = np.nan_to_num(rop["lead_time_days"].astype(float), nan=1.0)
        self.service = rop["service_level"].astype(float)
        self.review = int(np.nanmax(rop["review_days"])) if "review_days" in rop else 7
        self.on_hand = np.nan_to_num(rop["on_hand"].astype(float))
        self.open_arrivals = np.zeros((n, demand.shape[1]))
        self.moq = rop["moq"].astype(float) if "moq" in rop else None
        self.multiple = rop["order_multiple"].astype(float) if "order_multiple" in rop else None
        self.lead_draws = np.ones((n, demand.shape[1]), dtype=np.int64)
        self.d = np.zeros(n)
        self.s = np.zeros(n)
        self.level_sweep: list[tuple[float, np.ndarray, np.ndarray]] = []  # (level, ROP, S)
        self.replans: list[tuple[int, Case]] = []  # (first day, the plan of a later snapshot)

    def policies(self) -> tuple[list[str], np.ndarray, np.ndarray]:
        names = ["product", "textbook (target z)"]
        rops = [np.nan_to_num(self.rop["reorder_point"].astype(float))]
        ups = [np.nan_to_num(self.rop["order_up_to"].astype(float))]
        for z in [z_of(self.service)] + [np.full(self.d.size, z) for z in Z_SWEEP]:
            r = self.d * self.lead + z * self.s * np.sqrt(self.lead)
            rops.append(r)
            ups.append(r + self.d * self.review)
        names += [f"textbook z={z}" for z in Z_SWEEP]
        for level, rop, up in self.level_sweep:
            names.append(f"product @{level}")
            rops.append(rop)
            ups.append(up)
        return names, np.array(rops), np.array(ups)

    def schedule(self) -> tuple[list[str], np.ndarray, np.ndarray]:
        """Every policy's ROP and S per day (P, N, T) when re-planned, else (P, N)."""
        names, rops, ups = self.policies()
        if not self.replans:
            return names, rops, ups
        t_days = self.demand.shape[1]
        rops = np.repeat(rops[:, :, None], t_days, axis=2)
        ups = np.repeat(ups[:, :, None], t_days, axis=2)
        for first, plan in self.replans:
            plan_names, plan_rops, plan_ups = plan.policies()
            if plan_names != names:
                raise ValueError(f"{plan.name}: policies {plan_names} differ from {names}")
            rops[:, :, first:] = plan_rops[:, :, None]
            ups[:, :, first:] = plan_ups[:, :, None]
        return names, rops, ups

    def run(self) -> tuple[list[str], Outcome]:
        names, rops, ups = self.schedule()
        out = simulate(
            self.demand,
            self.on_hand,
            self.open_arrivals,
            rops,
            ups,
            self.lead_draws,
            self.unit_cost,
            self.review,
            self.moq,
            self.multiple,
        )
        return names, out


def level_sweep(case: Case, export: Path | None) -> list[tuple[float, np.ndarray, np.ndarray]]:
    """The product's rule at each of LEVEL_SWEEP: the quantile of the export's distribution over
    each series' mean lead time + review (``pipeline.gold.lead_time_quantiles``, the product's
    own code), S = ROP + d R; series the product did not plan from the distribution keep their
    reorder point and order-up-to level."""
    path = export / "forecast_distribution.parquet" if export else None
    if path is None or not path.exists():
        return []
    import duckdb
    import pyarrow as pa

    from pipeline.gold.lead_time_quantiles import distribution_quantiles

    con = duckdb.connect()
    con.execute(f"create view forecast_distribution as select * from read_parquet('{path}')")
    keys = list(zip(case.rop["item_id"], case.rop["warehouse_id"], strict=True))
    planned = case.rop["rop_method"].astype(str) == "distribution"
    base_rop = np.nan_to_num(case.rop["reorder_point"].astype(float))
    base_up = np.nan_to_num(case.rop["order_up_to"].astype(float))
    review_demand = np.nan_to_num(case.rop["daily_demand"].astype(float)) * case.review
    points = pa.array([[float(v)] for v in case.lead], pa.list_(pa.float64()))
    out = []
    for level in LEVEL_SWEEP:
        series = pa.table(
            {
                "item_id": pa.array([k[0] for k in keys]),
                "warehouse_id": pa.array([k[1] for k in keys]),
                "lead_time_points": points,
                "service_level": np.full(len(keys), level),
            }
        )
        got = distribution_quantiles(con, series, case.review)
        value = dict(
            zip(
                zip(got["item_id"].to_pylist(), got["warehouse_id"].to_pylist(), strict=True),
                got["distribution_reorder_point"].to_numpy(),
                strict=True,
            )
        )
        rop = np.array([value.get(k, np.nan) for k in keys])
        use = planned & np.isfinite(rop)
        rop = np.where(use, rop, base_rop)
        out.append((level, rop, np.where(use, rop + review_demand, base_up)))
    con.close()
    return out


def sample_run(product: Path, scratch: Path, seed: int, end: date, workers: int) -> dict:
    """The sample generated up to ``end`` and the product run on it as ``make demo`` runs it;
    the steps' seconds."""
    scratch.mkdir(parents=True, exist_ok=True)
    steps = {
        "sample": [
            PY,
            "-m",
            "pipeline.sample",
            "--out",
            str(scratch / "landing"),
            "--scale",
            "S",
            "--seed",
            str(seed),
            "--end",
            end.isoformat(),
            "--clean",
            "--quiet",
        ],
    } | demo_steps(scratch, HORIZON_DAYS, workers)
    return run_steps(product, scratch, steps, scratch / "product.log")


def replan(case: Case, product: Path, scratch: Path, seed: int, end: date, workers: int) -> Case:
    """The plan of a snapshot taken at ``end`` (a later day of the replay): the product run on
    the generator's data up to that day; its ROP and S, and the textbook's d and s, for the
    case's series in the case's order."""
    sample_run(product, scratch, seed, end, workers)
    snap = snapshot_folder(scratch / "lake")
    rop = read(snap, "fct_reorder_point")
    row_of = {k: i for i, k in enumerate(zip(rop["item_id"], rop["warehouse_id"], strict=True))}
    keys = list(zip(case.rop["item_id"], case.rop["warehouse_id"], strict=True))
    missing = [k for k in keys if k not in row_of]
    if missing:
        raise ValueError(f"snapshot at {end}: no reorder point for {missing[:3]}")
    rows = np.array([row_of[k] for k in keys])
    plan = Case(f"{case.name}, re-planned {end}", {k: v[rows] for k, v in rop.items()}, case.demand)
    history = dense_history(read(snap, "fct_demand_daily"), keys, end, 365)
    plan.d, plan.s = history.mean(axis=1), history.std(axis=1)
    plan.service, plan.review = case.service, case.review
    plan.level_sweep = level_sweep(plan, export_folder(scratch / "exports", scratch / "lake"))
    return plan


def sample_case(
    product: Path,
    scratch: Path,
    seed: int,
    end: date,
    workers: int,
    limit: int | None,
    replan_days: int = 0,
) -> tuple[Case, dict]:
    """Generate, run the product, rebuild the true demand; the replay's inputs. With
    ``replan_days``, the product also runs at every ``replan_days``-th day of the replay and its
    plans take over from those days."""
    seconds = sample_run(product, scratch, seed, end, workers)
    snap = snapshot_folder(scratch / "lake")
    rop = read(snap, "fct_reorder_point")
    if limit:
        rop = {k: v[:limit] for k, v in rop.items()}
    for extra in ("moq", "order_multiple"):
        items = read(snap, "dim_item")
        if extra not in rop and extra in items:
            idx = {v: i for i, v in enumerate(items["item_id"])}
            rop[extra] = np.array([items[extra][idx[i]] for i in rop["item_id"]], dtype=float)
    keys = list(zip(rop["item_id"], rop["warehouse_id"], strict=True))

    from true_demand import true_demand  # the product's generator (sys.path: --product)

    t0 = time.perf_counter()
    items, whs, truth = true_demand("S", seed, end - timedelta(days=59), 60 + DAYS)
    row_of = {k: i for i, k in enumerate(zip(items, whs, strict=True))}
    rows = np.array([row_of[k] for k in keys])
    truth = truth[rows]
    # Check: on uncensored days before E, recorded consumption is the true demand.
    demand_daily = read(snap, "fct_demand_daily")
    recorded = dense_history(demand_daily, keys, end, 60)
    censored = dense_history(
        {**demand_daily, "quantity": demand_daily["censored"].astype(float)}, keys, end, 60
    )
    ok = censored == 0
    check = {
        "days_checked": int(ok.sum()),
        "days_equal": int(np.isclose(recorded[ok], truth[:, :60][ok]).sum()),
        "true_units_on_censored_days_lost": float((truth[:, :60] - recorded)[~ok].sum()),
    }
    case = Case(f"seed {seed}, E={end}", rop, truth[:, 60:])
    history = dense_history(demand_daily, keys, end, 365)
    case.d, case.s = history.mean(axis=1), history.std(axis=1)
    case.level_sweep = level_sweep(case, export_folder(scratch / "exports", scratch / "lake"))

    # Lead times: the supplier's received orders, else its nominal lead time.
    lt = read(snap, "fct_lead_time")
    received = ~lt["is_open"].astype(bool) & np.isfinite(lt["lead_time_days"].astype(float))
    by_supplier: dict[str, np.ndarray] = {}
    for sup in np.unique(lt["supplier_id"][received]) if received.any() else []:
        by_supplier[sup] = lt["lead_time_days"][received & (lt["supplier_id"] == sup)].astype(float)
    samples = [
        by_supplier.get(sup, np.array([max(1.0, lead)]))
        for sup, lead in zip(rop["supplier_id"], case.lead, strict=True)
    ]
    rng = np.random.default_rng([seed, end.toordinal()])
    case.lead_draws = lead_time_draws(samples, DAYS, rng)
    # Open orders: arrive after a lead time drawn from the same history, longer than the days
    # already waited (else tomorrow).
    open_rows = np.flatnonzero(lt["is_open"].astype(bool))
    key_row = {k: i for i, k in enumerate(keys)}
    for j in open_rows:
        r = key_row.get((lt["item_id"][j], lt["warehouse_id"][j]))
        if r is None:
            continue
        ordered = date.fromisoformat(str(lt["order_date"][j])[:10])
        waited = (end - ordered).days
        longer = samples[r][samples[r] > waited]
        day = int(rng.choice(longer)) - waited - 1 if longer.size else 0
        case.open_arrivals[r, min(max(day, 0), DAYS - 1)] += float(lt["quantity"][j])
    seconds["true demand"] = round(time.perf_counter() - t0, 1)
    t0 = time.perf_counter()
    for first in range(replan_days, DAYS, replan_days) if replan_days else ():
        day = end + timedelta(days=first)
        print(f"  re-plan at {day} ...", flush=True)
        case.replans.append(
            (first, replan(case, product, scratch / f"replan-{first}", seed, day, workers))
        )
    if replan_days:
        seconds["re-plans"] = round(time.perf_counter() - t0, 1)
    return case, {"seconds": seconds, "check": check}


def raf_case(results: Path, tag: str, limit: int | None) -> Case | None:
    import raf

    scratch = results / f"raf-{tag}"
    if not raf.RAF_CSV.exists() or not (scratch / "lake" / "gold" / "_CURRENT").exists():
        return None
    data = raf.load()
    rop = read(snapshot_folder(scratch / "lake"), "fct_reorder_point")
    row_of = {v: i for i, v in enumerate(data.item_ref)}
    if limit:
        rop = {k: v[:limit] for k, v in rop.items()}
    rows = np.array([row_of[i] for i in rop["item_id"]])
    hold, _ = raf.holdout_daily(data)
    train, _ = raf.daily_matrix(data.demand[:, : data.n_train], data.months[: data.n_train])
    case = Case("RAF", rop, hold[rows, :DAYS].astype(float))
    last = train[rows, -365:].astype(float)
    case.d, case.s = last.mean(axis=1), last.std(axis=1)
    case.level_sweep = level_sweep(case, export_folder(scratch / "exports", scratch / "lake"))
    # The landing's on_hand was set high so that no day is censored: each policy starts at its
    # own order-up-to level instead (set in run_raf); lead times are the data's, fixed.
    case.lead_draws = np.repeat(
        raf.nominal_lead_time_days(data.lead_time_months[rows])[:, None], DAYS, axis=1
    )
    return case


def run_raf(case: Case) -> tuple[list[str], Outcome]:
    """RAF: every policy starts at its own order-up-to level (a planner who followed it)."""
    names, rops, ups = case.policies()
    outcomes = []
    for k in range(len(names)):
        outcomes.append(
            simulate(
                case.demand,
                np.ceil(ups[k]),
                case.open_arrivals,
                rops[k : k + 1],
                ups[k : k + 1],
                case.lead_draws,
                case.unit_cost,
                case.review,
            )
        )
    fields = Outcome.__dataclass_fields__
    merged = Outcome(**{f: np.concatenate([getattr(o, f) for o in outcomes]) for f in fields})
    return names, merged


def pooled(runs: list[tuple[Case, list[str], Outcome]], policy: int, cls: str) -> dict:
    """One policy's figures over several replays (sums; stock = mean over replays)."""
    keys = ("demand", "served", "cycles", "cycles_ok", "periods", "periods_ok")
    tot = dict.fromkeys(keys, 0.0) | {"stockout_days": 0.0, "stock_brl": 0.0, "series": 0}
    for case, _, out in runs:
        sel = case.crit == cls if cls != "all" else np.ones(case.crit.size, bool)
        s = summarize(out, policy, sel)
        for k in (*keys, "stockout_days", "stock_brl", "series"):
            tot[k] += s[k]
    n = len(runs)
    return {
        "fill_rate": tot["served"] / tot["demand"] if tot["demand"] else float("nan"),
        "cycle_service": tot["cycles_ok"] / tot["cycles"] if tot["cycles"] else float("nan"),
        "period_service": tot["periods_ok"] / tot["periods"] if tot["periods"] else float("nan"),
        "stockout_days": tot["stockout_days"] / n,
        "stock_brl": tot["stock_brl"] / n,
        "cycles": tot["cycles"] / n,
        "series": tot["series"] / n,
    }


def at_equal(curve_x: np.ndarray, curve_y: np.ndarray, x: float) -> float:
    """Textbook stock at a given fill rate / service: linear in the sweep, monotone part."""
    order = np.argsort(curve_x)
    xs, ys = curve_x[order], curve_y[order]
    if not np.isfinite(x) or x < xs[0] or x > xs[-1]:
        return float("nan")
    return float(np.interp(x, xs, ys))


def report_block(title: str, runs: list[tuple[Case, list[str], Outcome]]) -> tuple[str, dict]:
    names = runs[0][1]
    sweep_idx = [k for k, name in enumerate(names) if name.startswith("textbook z=")]
    product_idx = [k for k, name in enumerate(names) if name.startswith("product @")]
    lines = [f"## {title}"]
    figures: dict = {"classes": {}}
    rows, eq_rows, budget_rows = [], [], []
    for cls in CLASSES:
        target = float(
            np.nanmean(
                np.concatenate([c.service[(c.crit == cls) | (cls == "all")] for c, _, _ in runs])
            )
        )
        prod, tb = pooled(runs, 0, cls), pooled(runs, 1, cls)
        figures["classes"][cls] = {"target": target, "product": prod, "textbook": tb}
        for name, f in (("product", prod), ("textbook (target z)", tb)):
            rows.append(
                [
                    cls,
                    name,
                    f["series"],
                    target,
                    f["fill_rate"],
                    f["cycle_service"],
                    f["cycles"],
                    f["period_service"],
                    f["stockout_days"],
                    f["stock_brl"],
                ]
            )
        sweep = [pooled(runs, k, cls) for k in sweep_idx]
        fills = np.array([s["fill_rate"] for s in sweep])
        cycs = np.array([s["cycle_service"] for s in sweep])
        stocks = np.array([s["stock_brl"] for s in sweep])
        at_fill = at_equal(fills, stocks, prod["fill_rate"])
        at_cyc = at_equal(cycs, stocks, prod["cycle_service"])
        eq_rows.append(
            [
                cls,
                prod["fill_rate"],
                prod["stock_brl"],
                at_fill,
                1 - prod["stock_brl"] / at_fill if at_fill else float("nan"),
                prod["cycle_service"],
                at_cyc,
                1 - prod["stock_brl"] / at_cyc if at_cyc else float("nan"),
            ]
        )
        figures["classes"][cls]["sweep"] = sweep
        figures["classes"][cls]["textbook_stock_at_product_fill"] = at_fill
        if product_idx:
            levels = [pooled(runs, k, cls) for k in product_idx]
            figures["classes"][cls]["product_sweep"] = levels
            product_at = at_equal(
                np.array([s["fill_rate"] for s in levels]),
                np.array([s["stock_brl"] for s in levels]),
                tb["fill_rate"],
            )
            budget_rows.append(
                [
                    cls,
                    tb["fill_rate"],
                    tb["stock_brl"],
                    product_at,
                    1 - product_at / tb["stock_brl"] if tb["stock_brl"] else float("nan"),
                ]
            )
    lines.append(
        markdown_table(
            (
                "class",
                "policy",
                "series",
                "target",
                "fill rate",
                "cycle service",
                "cycles",
                "review-period service",
                "stockout days",
                "avg stock BRL",
            ),
            rows,
        )
    )
    lines.append(
        "Stock saving of the product against the textbook sweep at equal fill rate and at equal "
        "cycle service (positive: the product holds less; n/a: outside the sweep):"
    )
    lines.append(
        markdown_table(
            (
                "class",
                "product fill",
                "product stock BRL",
                "textbook stock at that fill",
                "saving",
                "product cycle service",
                "textbook stock at that service",
                "saving",
            ),
            eq_rows,
        )
    )
    if budget_rows:
        lines.append(
            "The budget's comparison: the product's rule swept over uniform service levels "
            f"({', '.join(str(v) for v in LEVEL_SWEEP)}; quantiles over each series' mean lead "
            "time + review from the same export), read at the fill rate of the textbook at its "
            "target z (positive: the product holds less; n/a: outside the sweep):"
        )
        lines.append(
            markdown_table(
                (
                    "class",
                    "textbook fill (target z)",
                    "textbook stock BRL",
                    "product stock at that fill",
                    "saving",
                ),
                budget_rows,
            )
        )
    sweep_rows = [
        [names[k], s["fill_rate"], s["cycle_service"], s["period_service"], s["stock_brl"]]
        for k, s in zip(sweep_idx, figures["classes"]["all"]["sweep"], strict=True)
    ]
    product_sweep = figures["classes"]["all"].get("product_sweep", [])
    sweep_rows += [
        [names[k], s["fill_rate"], s["cycle_service"], s["period_service"], s["stock_brl"]]
        for k, s in zip(product_idx, product_sweep, strict=False)
    ]
    lines.append("Sweeps (all classes):")
    lines.append(
        markdown_table(
            ("policy", "fill rate", "cycle service", "review-period service", "avg stock BRL"),
            sweep_rows,
        )
    )
    return "\n\n".join(lines), figures


def static_rows(runs: list[tuple[Case, list[str], Outcome]]) -> list[list[object]]:
    """Share of series whose true demand over each policy's protection interval after E is
    <= its ROP: L + R days for the product (its reorder point covers the review period too),
    L days for the textbook."""
    rows = []
    for cls in CLASSES:
        hit = hit_tb = n = 0
        skipped = 0
        for case, _, _ in runs:
            sel = case.crit == cls if cls != "all" else np.ones(case.crit.size, bool)
            fits = sel & (case.lead + case.review <= case.demand.shape[1])
            skipped += int((sel & ~fits).sum())
            actual = window_sum(case.demand, case.lead + case.review)
            actual_tb = window_sum(case.demand, case.lead)
            rop = np.nan_to_num(case.rop["reorder_point"].astype(float))
            tb = case.d * case.lead + z_of(case.service) * case.s * np.sqrt(case.lead)
            hit += int((actual[fits] <= rop[fits]).sum())
            hit_tb += int((actual_tb[fits] <= tb[fits]).sum())
            n += int(fits.sum())
        rows.append([cls, n, skipped, hit / n if n else float("nan"), hit_tb / n if n else 0.0])
    return rows


def plot(path: Path, blocks: dict[str, dict]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(len(blocks), 2, figsize=(11, 4.2 * len(blocks)), squeeze=False)
    for row, (title, fig_data) in enumerate(blocks.items()):
        for col, (key, label) in enumerate(
            (("fill_rate", "fill rate"), ("cycle_service", "cycle service level"))
        ):
            ax = axes[row, col]
            for cls, color in (
                ("all", "black"),
                ("A", "tab:red"),
                ("B", "tab:blue"),
                ("C", "tab:green"),
            ):
                c = fig_data["classes"].get(cls)
                if not c:
                    continue
                xs = [s[key] for s in c["sweep"]]
                ys = [s["stock_brl"] for s in c["sweep"]]
                ax.plot(xs, ys, "-o", ms=3, color=color, alpha=0.7, label=f"textbook {cls}")
                if c.get("product_sweep"):
                    px = [s[key] for s in c["product_sweep"]]
                    py = [s["stock_brl"] for s in c["product_sweep"]]
                    ax.plot(
                        px, py, "--s", ms=3, color=color, alpha=0.7, label=f"product {cls}, sweep"
                    )
                ax.plot(
                    c["product"][key],
                    c["product"]["stock_brl"],
                    "*",
                    ms=14,
                    color=color,
                    markeredgecolor="k",
                    label=f"product {cls}",
                )
                ax.axvline(c["target"], color=color, ls=":", lw=0.8)
            ax.set_xlabel(f"{label} (dotted: target)")
            ax.set_ylabel("average stock, BRL")
            ax.set_yscale("log")
            ax.set_title(f"{title}: stock vs {label}")
            ax.grid(alpha=0.3)
            if col == 0:
                ax.legend(fontsize=7, ncol=2)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tag", default="full", help="names the scratch folder and report")
    parser.add_argument("--limit", type=int, help="only the first N series per snapshot")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seeds", type=int, nargs="+", default=list(SEEDS))
    parser.add_argument("--ends", type=date.fromisoformat, nargs="+", default=list(ENDS))
    parser.add_argument(
        "--product", type=Path, default=REPO, help="checkout whose pipeline/ml_env run"
    )
    parser.add_argument(
        "--replan-days",
        type=int,
        default=0,
        help="re-run the product every N days of the sample replay (0: one snapshot held)",
    )
    parser.add_argument("--raf", action="store_true", help="also replay the RAF snapshot")
    parser.add_argument("--raf-tag", default="full", help="bench-real run whose snapshot to use")
    parser.add_argument("--raf-only", action="store_true", help="only the RAF replay")
    parser.add_argument("--results", type=Path, default=REPO / "benchmarks" / "results")
    args = parser.parse_args(argv)
    product = args.product.resolve()
    sys.path.insert(0, str(product))
    started = time.perf_counter()
    base = (args.results / f"replay-{args.tag}").resolve()
    shutil.rmtree(base, ignore_errors=True)
    runs, meta = [], {}
    if args.raf_only:
        args.seeds, args.raf = [], True
    for seed in args.seeds:
        for end in args.ends:
            print(f"seed {seed}, end {end}:", flush=True)
            case, info = sample_case(
                product,
                base / f"seed{seed}-{end}",
                seed,
                end,
                args.workers,
                args.limit,
                args.replan_days,
            )
            names, out = case.run()
            runs.append((case, names, out))
            meta[case.name] = info
            print(f"  check: {info['check']}", flush=True)
    sections = [f"# Closed-loop replay benchmark ({args.tag})"]
    blocks: dict[str, dict] = {}
    static: list[list[object]] = []
    if runs:
        sections += [
            f"Generated {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; product code at `{product}`; "
            f"sample scale S, seeds {args.seeds}, end dates {[str(e) for e in args.ends]}; "
            f"{DAYS} days replayed after each end date on the generator's true demand; "
            f"review every {runs[0][0].review} days; {len(runs[0][0].crit)} series per snapshot.",
            "Replay rules (`benchmarks/replay.py`): "
            + " ".join((sys.modules["replay"].__doc__ or "").split("\n\n", 1)[1].split()),
            (
                f"Re-planned every {args.replan_days} days: the product runs again (pipeline, "
                "ml_env, pipeline) on the generator's data up to that day (its recorded, "
                "censored history: the generator's own stock, not the replay's) and its "
                "reorder_point and order_up_to (and the textbook's ROP/S from that snapshot's "
                "last 365 days) take over from that day."
                if args.replan_days
                else "Static policy: the snapshot's reorder_point and order_up_to (and the "
                "textbook's ROP/S) hold for the whole replay."
            )
            + " Textbook: d and s from the recorded daily demand "
            "of the last 365 days (censored days as recorded), L = the product's lead_time_days, "
            "S = ROP + d R. Open orders at the start arrive after a lead time drawn from the "
            "supplier's history that exceeds the days already waited. Checks of the true demand "
            "(uncensored days of the last 60 before E: recorded == rebuilt): "
            + "; ".join(f"{k}: {v['check']}" for k, v in meta.items()),
        ]
        static = static_rows(runs)
        sections.append(
            "## Static calibration\n\nShare of series whose true demand over the protection "
            "interval after E is <= the reorder point, pooled over the snapshots: L + R days "
            "for the product (L = lead_time_days, R = review_days, L + R <= 180), L days for the "
            "textbook:\n\n"
            + markdown_table(
                ("class", "series", "L + R > 180", "product", "textbook (target z)"), static
            )
        )
        block, figs = report_block("Sample generator, true demand (pooled over snapshots)", runs)
        sections.append(block)
        blocks["sample"] = figs
    if args.raf:
        case = raf_case(args.results, args.raf_tag, args.limit)
        if case is None:
            sections.append("## RAF\n\nn/a: run `make bench-real` first (and ../shared).")
        else:
            names, out = run_raf(case)
            block, figs = report_block(
                "RAF: first 180 held-out days, each policy starting at its order-up-to level",
                [(case, names, out)],
            )
            sections.append(block)
            blocks["RAF"] = figs
    png = args.results / f"bench-replay-{args.tag}.png"
    plot(png, blocks)
    sections.append(f"Plot: `{png.name}`. Seconds: {round(time.perf_counter() - started, 1)}.")
    report = "\n\n".join(sections) + "\n"
    print("\n" + report)
    out_md = args.results / f"bench-replay-{args.tag}.md"
    out_md.write_text(report)
    (args.results / f"bench-replay-{args.tag}.json").write_text(
        json.dumps({"meta": meta, "figures": blocks, "static": static}, indent=2, default=str)
    )
    print(f"report: {out_md}, plot: {png}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
