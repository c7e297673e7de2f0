"""Real-data benchmark (``make bench-real``): the RAF spare parts fed through the product.

Run from the repository root with the ML environment (statsforecast is one of its packages):

    .venv-ml/bin/python benchmarks/bench_real.py [--limit N] [--tag NAME]

1. The first 72 of the 84 months of ``../shared/data/raf/raf_monthly_demand.csv`` become
   landing files (``benchmarks/raf.py`` says how: daily spreading, calendar shift, ABC
   criticality, BRL, suppliers, uncensored inventory) in ``benchmarks/results/raf-<tag>/``.
2. The product runs there as ``make demo`` runs it: ``python -m pipeline run`` (.venv),
   ``python -m ml_env train --horizon 365`` (.venv-ml), ``python -m pipeline run``; the
   pipeline's locations come from ``PIPELINE_*`` variables.
3. Scored in one run, on the same series, against the 12 held-out months: the product's gold
   ``fct_forecast`` summed to calendar months, and statsforecast's ADIDA, IMAPA, CrostonSBA,
   TSB, AutoETS, Naive, SeasonalNaive(12) and the all-zero forecast fitted on the 72 monthly
   training values: RMSSE, MASE, bias of monthly and lead-time totals; interval coverage from
   ml_env's period and cumulative-distribution exports when present; the achieved cycle service
   level of ``fct_reorder_point`` by criticality against its target, beside a textbook
   ``ROP = d L + z s sqrt(L)``, and the stock (BRL) each implies.

The tables are printed and written to ``benchmarks/results/bench-real-<tag>.md`` (+ ``.json``).
Without the RAF file the benchmark says so and exits 0.
"""

from __future__ import annotations

import argparse
import calendar
import json
import os
import shutil
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import raf  # noqa: E402
from product_run import demo_steps, export_folder, run_steps, snapshot_folder  # noqa: E402
from scoring import (  # noqa: E402
    accuracy,
    coverage,
    interp_quantile,
    markdown_table,
    naive_scales,
    randomised_coverage,
    textbook_rop,
    window_sum,
    z_of,
)

REPO = HERE.parent
HORIZON_DAYS = 365
TSB_ALPHAS = (0.1, 0.1)  # alpha_d, alpha_p: statsforecast's TSB needs them set
# AutoETS without a seasonal search: with season_length=12 it took 0.7 s a series on 2 busy
# cores (an hour for 5,000 parts); SeasonalNaive(12) stands for the seasonal peers.
AUTOETS_SEASON = 1
BASELINES = (
    "ADIDA",
    "IMAPA",
    "CrostonSBA",
    "TSB",
    "AutoETS",
    "Naive",
    "SeasonalNaive",
    "Zero",
)
NOT_EXPORTED = "n/a (not exported)"


def gold_table(lake: Path, table: str) -> pd.DataFrame:
    return pd.read_parquet(snapshot_folder(lake) / f"{table}.parquet")


def product_monthly(fct: pd.DataFrame, ids: np.ndarray, months: list) -> np.ndarray:
    """gold fct_forecast (current version) summed to the held-out calendar months."""
    if "is_current" in fct.columns:
        fct = fct[fct["is_current"].astype(bool)]
    elif "model_version" in fct.columns and len(fct):
        fct = fct[fct["model_version"] == fct["model_version"].max()]
    out = np.zeros((ids.size, len(months)))
    if fct.empty:
        return out
    dates = pd.to_datetime(fct["date"])
    month_index = {(m.year, m.month): k for k, m in enumerate(months)}
    col = np.array(
        [month_index.get(ym, -1) for ym in zip(dates.dt.year, dates.dt.month, strict=True)]
    )
    row_of = {v: k for k, v in enumerate(ids)}
    row = fct["item_id"].map(row_of).fillna(-1).to_numpy(int)
    ok = (col >= 0) & (row >= 0)
    np.add.at(out, (row[ok], col[ok]), fct["yhat"].to_numpy(float)[ok])
    return out


def baseline_forecasts(data: raf.RafData, workers: int) -> dict[str, np.ndarray]:
    from statsforecast import StatsForecast
    from statsforecast.models import (
        ADIDA,
        IMAPA,
        TSB,
        AutoETS,
        CrostonSBA,
        Naive,
        SeasonalNaive,
    )

    n, t = data.item_ref.size, data.n_train
    frame = pd.DataFrame(
        {
            "unique_id": np.repeat(data.item_ref, t),
            "ds": np.tile(pd.to_datetime(data.months[:t]), n),
            "y": data.demand[:, :t].reshape(-1).astype(float),
        }
    )
    models = [
        ADIDA(),
        IMAPA(),
        CrostonSBA(),
        TSB(*TSB_ALPHAS),
        AutoETS(season_length=AUTOETS_SEASON),
        Naive(),
        SeasonalNaive(season_length=12),
    ]
    sf = StatsForecast(models=models, freq="MS", n_jobs=workers)
    fc = sf.forecast(df=frame, h=raf.HOLDOUT_MONTHS).reset_index()
    fc = fc.sort_values(["unique_id", "ds"])
    order = {v: k for k, v in enumerate(data.item_ref)}
    rows = fc["unique_id"].map(order).to_numpy(int)
    out: dict[str, np.ndarray] = {}
    for name in BASELINES[:-1]:
        arr = np.full((n, raf.HOLDOUT_MONTHS), np.nan)
        step = fc.groupby("unique_id").cumcount().to_numpy()
        arr[rows, step] = fc[name].to_numpy(float)
        out[name] = np.clip(np.nan_to_num(arr), 0, None) if name == "AutoETS" else arr
    out["Zero"] = np.zeros((n, raf.HOLDOUT_MONTHS))
    return out


def quantile_bounds(
    periods: pd.DataFrame, ids: np.ndarray, months: list, lo: str, hi: str
) -> tuple[np.ndarray, np.ndarray]:
    m = periods[periods["grain"] == "month"]
    lo_arr = np.full((ids.size, len(months)), np.nan)
    hi_arr = lo_arr.copy()
    row_of = {v: k for k, v in enumerate(ids)}
    col_of = {(d.year, d.month): k for k, d in enumerate(months)}
    starts = pd.to_datetime(m["period_start"])
    for r, y, mo, a, b in zip(
        m["item_id"].map(row_of), starts.dt.year, starts.dt.month, m[lo], m[hi], strict=True
    ):
        c = col_of.get((y, mo))
        if c is not None and r == r:
            lo_arr[int(r), c], hi_arr[int(r), c] = a, b
    return lo_arr, hi_arr


def window_quantiles(
    dist: pd.DataFrame, ids: np.ndarray, days: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The export's grid levels and, per series, the quantile of cumulative demand over its
    ``days`` at each level (series x levels), linear in the horizon between grid horizons."""
    levels = np.sort(dist["level"].unique())
    out = np.zeros((ids.size, levels.size))
    for k, lv in enumerate(levels):
        grid = dist[np.isclose(dist["level"], lv)].pivot_table(
            index="item_id", columns="horizon_days", values="quantity"
        )
        grid = grid.reindex(ids)
        out[:, k] = interp_quantile(grid.columns.to_numpy(float), grid.to_numpy(float), days)
    return levels, np.maximum.accumulate(out, axis=1)


def grid_band(levels: np.ndarray, q: np.ndarray, nominal: float) -> tuple[np.ndarray, np.ndarray]:
    """The product's band of content ``nominal`` (``ml_env.distribution.bands``) read off a
    quantile grid: ``lo`` the (1 - c) / 2 quantile, P(T < lo) the highest grid level whose
    quantile is below ``lo`` (0 if none), ``hi`` the quantile at c + P(T < lo); quantiles
    between grid levels interpolated linearly in the level."""
    lo = np.array([np.interp((1 - nominal) / 2, levels, row) for row in q])
    below = np.array(
        [levels[row < x - 1e-9].max(initial=0.0) for row, x in zip(q, lo, strict=True)]
    )
    target = np.minimum(nominal + np.minimum(below, (1 - nominal) / 2), levels[-1])
    hi = np.array([np.interp(t, levels, row) for t, row in zip(target, q, strict=True)])
    return lo, hi


def monthly_pit(
    folder: Path, periods: pd.DataFrame, ids: np.ndarray, months: list, holdout: np.ndarray
) -> tuple[np.ndarray, np.ndarray] | None:
    """P(T < x) and P(T <= x) of each held-out monthly total x under the export's distribution
    (month mean, the series' lump size, its class's ``b`` at the month's length): the non-
    randomised PIT of counts (``ml_env.distribution.pit_bounds``)."""
    from ml_env.distribution import Dispersion, pit_bounds

    params = json.loads((folder / "manifest.json").read_text())["params"].get("dispersion")
    scale_path = folder / "error_scale.parquet"
    if not params or not scale_path.exists():
        return None
    disp = Dispersion.from_params(params)
    scale = pd.read_parquet(scale_path).set_index("item_id")
    mean, _ = quantile_bounds(periods, ids, months, "mean", "mean")
    days, _ = quantile_bounds(periods, ids, months, "days_in_horizon", "days_in_horizon")
    ok = np.isfinite(mean) & np.isin(ids, scale.index)[:, None]
    rows = np.nonzero(ok)[0]
    classes = scale["demand_class"].reindex(ids).to_numpy()[rows]
    b = np.array([disp.b(str(c), d)[()] for c, d in zip(classes, days[ok], strict=True)])
    lump = scale["lump_size"].reindex(ids).to_numpy(float)[rows]
    return pit_bounds(holdout[ok], mean[ok], lump, b)


def interval_rows(
    folder: Path | None,
    fct: pd.DataFrame,
    ids: np.ndarray,
    hold_months: list,
    holdout: np.ndarray,
    lead_time: tuple[np.ndarray, np.ndarray],
    has_forecast: np.ndarray,
) -> list[list[str]]:
    """The coverage table's rows, 80% and 95% (see the report's text)."""
    lt_days, lt_actual = lead_time
    periods_path = folder / "forecast_periods.parquet" if folder else None
    dist_path = folder / "forecast_distribution.parquet" if folder else None
    periods = pd.read_parquet(periods_path) if periods_path and periods_path.exists() else None
    lt_grid = None
    if dist_path and dist_path.exists():
        lt_grid = window_quantiles(pd.read_parquet(dist_path), ids, lt_days)
    pit = monthly_pit(folder, periods, ids, hold_months, holdout) if periods is not None else None
    rows = []
    for nominal, q_cols, hi_lv in ((0.80, ("q100", "q900"), 0.90), (0.95, ("q025", "q975"), 0.975)):
        monthly = lead = monthly_upper = lead_upper = zero_band = rest = randomised = NOT_EXPORTED
        if periods is not None:
            tag = round(nominal * 100)
            band_cols = (f"lo{tag}", f"hi{tag}")
            lo, hi = quantile_bounds(
                periods, ids, hold_months, *(band_cols if band_cols[1] in periods else q_cols)
            )
            monthly = f"{coverage(holdout, lo, hi):.3f}"
            atom = hi == 0  # P(0) >= nominal: no band holds the nominal share, [0, 0] holds P(0)
            zero_band = f"{atom[np.isfinite(hi)].mean():.3f}"
            rest = f"{coverage(holdout[~atom], lo[~atom], hi[~atom]):.3f}"
            _, hi = quantile_bounds(periods, ids, hold_months, *q_cols)
            monthly_upper = f"{coverage(holdout, np.zeros_like(hi), hi):.3f}"
        if lt_grid is not None:
            lo, hi = grid_band(*lt_grid, nominal)
            lead = f"{coverage(lt_actual, lo, hi):.3f}"
            upper = np.array([np.interp(hi_lv, lt_grid[0], row) for row in lt_grid[1]])
            lead_upper = f"{coverage(lt_actual, np.zeros_like(upper), upper):.3f}"
        summed = NOT_EXPORTED
        tag = "80" if nominal == 0.80 else "95"
        if f"yhat_lo{tag}" in fct.columns:
            lo_d = product_monthly(fct.assign(yhat=fct[f"yhat_lo{tag}"]), ids, hold_months)
            hi_d = product_monthly(fct.assign(yhat=fct[f"yhat_hi{tag}"]), ids, hold_months)
            sel = has_forecast
            summed = f"{coverage(holdout[sel], lo_d[sel], hi_d[sel]):.3f}"
        if pit is not None:
            randomised = f"{randomised_coverage(*pit, nominal):.3f}"
        rows.append(
            [f"{nominal:.0%}", monthly, zero_band, rest, randomised, lead, f"{hi_lv:.3f}",
             monthly_upper, lead_upper, summed]
        )  # fmt: skip
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, help="only the first N parts (a quick run)")
    parser.add_argument("--tag", default="full", help="names the scratch folder and report")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--product", type=Path, default=REPO, help="checkout whose pipeline/ml_env run"
    )
    parser.add_argument("--reuse", action="store_true", help="score the scratch folder's run")
    parser.add_argument("--results", type=Path, default=REPO / "benchmarks" / "results")
    args = parser.parse_args(argv)

    if not raf.RAF_CSV.exists():
        print(f"bench-real skipped: the RAF data is not at {raf.RAF_CSV} (../shared is absent)")
        return 0
    started = time.perf_counter()
    data = raf.load().subset(args.limit)
    scratch = (args.results / f"raf-{args.tag}").resolve()
    seconds: dict[str, float] = {}
    if not args.reuse:
        shutil.rmtree(scratch, ignore_errors=True)
        scratch.mkdir(parents=True)
        counts = raf.write_landing(data, scratch / "landing")
        print(f"RAF landing in {scratch / 'landing'}: {counts}")
        steps = demo_steps(scratch, HORIZON_DAYS, args.workers)
        seconds = run_steps(args.product.resolve(), scratch, steps, scratch / "product.log")
    lake, exports = scratch / "lake", scratch / "exports"
    ids = data.item_ref
    n_train = data.n_train
    holdout = data.demand[:, n_train:].astype(float)
    hold_months = data.months[n_train:]
    train = data.demand[:, :n_train].astype(float)
    mse_scale, mae_scale = naive_scales(train)

    print("statsforecast baselines ...", flush=True)
    t0 = time.perf_counter()
    forecasts = baseline_forecasts(data, args.workers)
    seconds["statsforecast"] = round(time.perf_counter() - t0, 1)
    fct = gold_table(lake, "fct_forecast")
    rop = gold_table(lake, "fct_reorder_point")
    product = product_monthly(fct, ids, hold_months)
    has_forecast = np.isin(ids, fct["item_id"].unique()) if len(fct) else np.zeros(ids.size, bool)
    forecasts = {"product (ml_env -> gold)": product} | forecasts

    # Lead-time totals: the first min(L, 12) held-out months, L >= 1.
    lt_months = np.clip(data.lead_time_months, 1, raf.HOLDOUT_MONTHS)
    mask = np.arange(raf.HOLDOUT_MONTHS)[None, :] < lt_months[:, None]

    def lt_total(a: np.ndarray) -> np.ndarray:
        return np.where(mask, a, 0.0).sum(axis=1, keepdims=True) / lt_months[:, None]

    acc_rows, lt_rows = [], []
    for name, f in forecasts.items():
        f = np.nan_to_num(f)
        m = accuracy(f, holdout, mse_scale, mae_scale)
        lt = accuracy(lt_total(f), lt_total(holdout), mse_scale, mae_scale)
        acc_rows.append([name, m["rmsse"], m["mase"], m["bias"]])
        lt_rows.append([name, lt["rmsse"], lt["mase"], lt["bias"]])
    n_scaled = int((mse_scale > 0).sum())
    best = min((r for r in acc_rows[1:] if r[0] != "Zero"), key=lambda r: r[1])

    # Interval coverage of monthly and lead-time totals.
    folder = export_folder(exports, lake)
    month_days = np.array([calendar.monthrange(m.year, m.month)[1] for m in hold_months])
    lt_days = np.cumsum(month_days)[lt_months - 1].astype(float)
    lt_actual = lt_total(holdout)[:, 0] * lt_months
    cov_rows = interval_rows(
        folder, fct, ids, hold_months, holdout, (lt_days, lt_actual), has_forecast
    )

    # Achieved cycle service level of the reorder points (and a textbook ROP) by criticality.
    daily_hold, _ = raf.holdout_daily(data)
    daily_train, _ = raf.daily_matrix(data.demand[:, :n_train], data.months[:n_train])
    last_year = daily_train[:, -365:].astype(float)
    rop = rop.set_index("item_id").reindex(ids)
    missing_rop = int(rop["reorder_point"].isna().sum())
    lead_days = rop["lead_time_days"].to_numpy(float)
    service = rop["service_level"].to_numpy(float)
    crit = rop["criticality"].to_numpy(object)
    unit_cost = rop["unit_cost"].to_numpy(float)
    review = np.nan_to_num(rop["review_days"].to_numpy(float)) if "review_days" in rop else 0.0
    in_range = np.isfinite(lead_days) & (lead_days + review <= 365)
    safe_lead = np.where(in_range, lead_days, 1.0)
    # the product's reorder point covers lead time + review (its protection interval)
    actual_lt = window_sum(daily_hold.astype(float), safe_lead + review)
    actual_l = window_sum(daily_hold.astype(float), safe_lead)
    z = z_of(np.nan_to_num(service, nan=0.5))
    tb, d, _ = textbook_rop(last_year, safe_lead, z)
    monthly_sd = train[:, -12:].std(axis=1)
    tb_month = d * safe_lead + z * monthly_sd * np.sqrt(safe_lead / raf.DAYS_PER_MONTH)
    prod_rop = rop["reorder_point"].to_numpy(float)
    csl_rows = []
    for c in ("A", "B", "C", "all"):
        sel = (crit == c) if c != "all" else np.ones(ids.size, bool)
        sel_ok = sel & in_range & np.isfinite(prod_rop)
        csl_rows.append(
            [
                c,
                int(sel_ok.sum()),
                int((sel & ~in_range).sum()),
                float(np.nanmean(service[sel_ok])) if sel_ok.any() else float("nan"),
                float((actual_lt[sel_ok] <= prod_rop[sel_ok]).mean()),
                float((actual_l[sel_ok] <= tb[sel_ok]).mean()),
                float((actual_l[sel_ok] <= tb_month[sel_ok]).mean()),
                float((prod_rop[sel_ok] * unit_cost[sel_ok]).sum()),
                float((tb[sel_ok] * unit_cost[sel_ok]).sum()),
                float((tb_month[sel_ok] * unit_cost[sel_ok]).sum()),
            ]
        )

    seconds["total"] = round(time.perf_counter() - started, 1)
    manifest = {}
    if folder:
        manifest = json.loads((folder / "manifest.json").read_text())
    chosen = ""
    if len(fct) and "model" in fct.columns:
        per_series = fct.drop_duplicates("item_id")["model"].value_counts()
        chosen = ", ".join(f"{k} {v}" for k, v in per_series.head(8).items())
    sections = [
        f"# RAF real-data benchmark ({args.tag})",
        f"Generated {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; product code at `{args.product}`; "
        f"ML export `{manifest.get('model_version', 'none')}` (code "
        f"{manifest.get('code_version', '?')}); {ids.size} parts, train "
        f"{data.months[0]:%Y-%m}..{data.months[n_train - 1]:%Y-%m}, held out "
        f"{hold_months[0]:%Y-%m}..{hold_months[-1]:%Y-%m} (calendar shifted +{raf.YEAR_SHIFT} "
        f"years); ml_env horizon {HORIZON_DAYS} days. Seconds: {seconds}.",
        "How the data was fed: " + raf.feeding_notes() + ".",
        f"Models chosen by ml_env (series): {chosen or 'none'}. Series with a product "
        f"forecast: {int(has_forecast.sum())} of {ids.size} (the others count as zero).",
        "## Monthly totals (12 held-out months)\n\nRMSSE and MASE: mean over the "
        f"{n_scaled} series with a positive in-sample scale (one-step naive error on the 72 "
        f"training months; {ids.size - n_scaled} constant series left out); bias = "
        "sum(forecast - actual) / sum(actual) over all series.\n\n"
        + markdown_table(("method", "RMSSE", "MASE", "bias"), acc_rows),
        f"Best single statsforecast method (RMSSE, zero excluded): {best[0]} {best[1]:.3f}; "
        f"product {acc_rows[0][1]:.3f}.",
        "## Lead-time totals (first min(L, 12) held-out months, L = lead_time_months, at "
        "least 1)\n\nPer series, the total over those months divided by their number, scaled by "
        "the monthly scale above.\n\n"
        + markdown_table(("method", "RMSSE", "MASE", "bias"), lt_rows),
        "## Interval coverage (product)\n\nShare of held-out totals inside the product's "
        "band (at least the nominal share of the probability, the lower tail's unused share "
        "moved to the upper tail: docs/ml-export.md). Monthly totals from "
        "`forecast_periods.parquet` (grain month, lo80..hi80 and lo95..hi95; q100..q900 and "
        "q025..q975 for an export without them); beside them the share of monthly cells whose "
        "band is [0, 0] (P(0) alone exceeds the nominal share: no band can hold that share, and "
        "[0, 0] covers every zero month) and the coverage of the other cells; the randomised PIT "
        "coverage of the monthly totals (each total counts for the part of its probability "
        "interval [P(T < x), P(T <= x)] inside the band's levels: the fair coverage of a count, "
        "which a calibrated distribution brings to the nominal share). Lead-time totals: "
        "the same band read off `forecast_distribution.parquet`'s quantile grid, interpolated "
        "at the days of the first min(L, 12) months. The upper quantile alone (share of totals "
        "at or below the 90% / 97.5% quantile) is what a reorder point relies on. For reference "
        "the daily bounds of `fct_forecast` summed to months (series with a forecast). "
        f"{np.mean(holdout == 0):.1%} of the held-out monthly totals are 0: any band that "
        "contains 0 covers at least that share.\n\n"
        + markdown_table(
            (
                "nominal",
                "monthly totals",
                "monthly cells [0, 0]",
                "monthly, other cells",
                "monthly, randomised PIT",
                "lead-time totals",
                "upper level",
                "monthly <= upper",
                "lead time <= upper",
                "summed daily bounds (ref.)",
            ),
            cov_rows,
        ),
        "## Achieved cycle service level of the reorder points\n\nShare of series whose actual "
        "demand over the protection interval is <= the reorder point: for the product the next "
        "L + R days (L = `fct_reorder_point.lead_time_days`, R = `review_days`: the product's "
        "reorder point covers both), for the textbook the next L days (the last day weighted by "
        "its fraction; held-out months spread daily like the landing); series with L + R > 365 "
        "days are counted, not scored. Textbook: "
        "`ROP = d L + z s sqrt(L)`, d and s the mean and std of daily demand over the last 365 "
        "training days (spread daily: evenly spread units understate the daily std); textbook "
        "(monthly s): the same with s sqrt(L) replaced by the std of the last 12 monthly totals "
        f"x sqrt(L / {raf.DAYS_PER_MONTH}). Stock = sum of ROP x unit cost (BRL). "
        f"{missing_rop} parts without a reorder-point row.\n\n"
        + markdown_table(
            (
                "criticality",
                "scored",
                "L + R > 365",
                "target",
                "product CSL",
                "textbook CSL",
                "textbook (monthly s) CSL",
                "product ROP stock BRL",
                "textbook stock BRL",
                "textbook (monthly s) stock BRL",
            ),
            csl_rows,
        ),
    ]
    report = "\n\n".join(sections) + "\n"
    print("\n" + report)
    out = args.results / f"bench-real-{args.tag}.md"
    out.write_text(report)
    (args.results / f"bench-real-{args.tag}.json").write_text(
        json.dumps(
            {
                "accuracy_monthly": acc_rows,
                "accuracy_lead_time": lt_rows,
                "coverage": cov_rows,
                "service_level": csl_rows,
                "seconds": seconds,
                "parts": int(ids.size),
            },
            indent=2,
            default=str,
        )
    )
    print(f"report: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
