"""ml_env benchmark: throughput, accuracy against seasonal naive and each single method, coverage.

Run from the repository root with the ML environment:

    .venv-ml/bin/python benchmarks/bench_ml.py --landing landing --series 10000

1. S: the demo sample (``--landing``: landing files from ``python -m pipeline.sample --scale S``,
   turned into a training extract by ``benchmarks/bootstrap_extract.py``; without it a
   120-series synthetic sample), trained end to end as ``python -m ml_env train`` does.
2. 10k: a synthetic sample (``ml_env.synthetic``: mostly intermittent/lumpy, stock-outs, some
   smooth seasonal), trained end to end: series per second, and the in-backtest figures.
3. Holdout: the last ``horizon`` days of every 10k series are hidden, the whole selection runs on
   the rest, and every forecast is scored on the hidden days: the per-series selection against
   seasonal naive and against each single method applied to every series (the cheap ones on all
   series; ARIMA and Prophet, too slow for that, on a random ``--subsample``); and the exported
   80%/95% intervals' coverage against nominal (plain, and randomised-PIT for count data).

Figures are printed and saved as JSON under benchmarks/results/.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from multiprocessing import get_context
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bootstrap_extract import SOURCE as BOOTSTRAP_SOURCE  # noqa: E402  (benchmarks/: sys.path[0])
from bootstrap_extract import build_demand  # noqa: E402

from ml_env.backtest import scale_floor  # noqa: E402
from ml_env.config import TrainConfig  # noqa: E402
from ml_env.dataset import load_dataset  # noqa: E402
from ml_env.engine import SeriesInput  # noqa: E402
from ml_env.export import build_tables, write_export  # noqa: E402
from ml_env.extract import write_extract  # noqa: E402
from ml_env.metrics import pit_coverage, scales  # noqa: E402
from ml_env.models import ModelError, get_model  # noqa: E402
from ml_env.models.base import interval_scale  # noqa: E402
from ml_env.runner import run  # noqa: E402
from ml_env.summary import summarize  # noqa: E402
from ml_env.synthetic import generate  # noqa: E402

SINGLE_CHEAP = ("naive", "snaive", "ma", "croston_sba", "tsb", "adida", "zero")
SINGLE_SLOW = ("arima", "prophet")


def train(series: list[SeriesInput], cfg: TrainConfig, workers: int, out: Path) -> dict:
    """The CLI's train path, timed: forecasts, tables, export."""
    started = time.perf_counter()
    results = run(series, cfg, workers=workers)
    end = (series[0].start + pd.Timedelta(days=series[0].y.size - 1)).date()
    tables = build_tables(results, end, cfg.horizon, cfg.levels)
    summary = summarize(tables["backtest.parquet"], tables["error_scale.parquet"], cfg.levels)
    write_export(tables, str(out), "bench", cfg.horizon, cfg.to_params())
    elapsed = time.perf_counter() - started
    return summary | {
        "series": len(series),
        "seconds": round(elapsed, 1),
        "series_per_s": len(series) / elapsed,
    }


def truncate(series: list[SeriesInput], h: int) -> list[SeriesInput]:
    return [
        SeriesInput(s.item_id, s.warehouse_id, s.start, s.y[:-h])
        for s in series
        if s.y.size - h >= 28
    ]


def _single(chunk: list[SeriesInput], aliases: tuple[str, ...], h: int) -> list[dict]:
    """Each alias fitted on each series (NaN forecast where the method cannot fit)."""
    logging.getLogger("cmdstanpy").setLevel(logging.WARNING)
    from ml_env.models.prophet_model import quiet_prophet_logs

    quiet_prophet_logs()
    out = []
    for s in chunk:
        y = pd.Series(s.y, index=pd.date_range(s.start, periods=s.y.size, freq="D"))
        row = {}
        for alias in aliases:
            try:
                row[alias] = get_model(alias).fit(y).forecast(h)
            except ModelError:
                row[alias] = get_model("mean").fit(y).forecast(h)  # the engine's fallback
        out.append(row)
    return out


def single_methods(
    series: list[SeriesInput], aliases: tuple[str, ...], h: int, workers: int
) -> list[dict]:
    chunks = [series[i : i + 200] for i in range(0, len(series), 200)]
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
        parts = pool.map(_single, chunks, [aliases] * len(chunks), [h] * len(chunks))
        return [row for part in parts for row in part]


def rmsse(actual: np.ndarray, forecast: np.ndarray, train_y: np.ndarray) -> float:
    ok = np.isfinite(actual)
    if not ok.any():
        return float("nan")
    sq, _ = scales(train_y)
    return float(np.sqrt(np.mean((actual[ok] - forecast[ok]) ** 2) / sq))


def holdout(
    full: list[SeriesInput], cfg: TrainConfig, workers: int, subsample: int, seed: int
) -> dict:
    h = cfg.horizon
    keep = {(s.item_id, s.warehouse_id) for s in truncate(full, h)}
    full = [s for s in full if (s.item_id, s.warehouse_id) in keep]
    train_part = truncate(full, h)
    started = time.perf_counter()
    results = run(train_part, cfg, workers=workers)
    run_seconds = time.perf_counter() - started
    singles = single_methods(train_part, SINGLE_CHEAP, h, workers)
    rows, cover = [], {f"{k}{lv}": [] for k in ("plain", "pit") for lv in cfg.levels}
    for s, t, r, single in zip(full, train_part, results, singles, strict=True):
        actual = s.y[-h:]
        row = {"demand_class": r.demand_class, "selected": rmsse(actual, r.forecast["yhat"], t.y)}
        for alias, f in single.items():
            row[alias] = rmsse(actual, f, t.y)
        rows.append(row)
        ok = np.isfinite(actual)
        if not ok.any():
            continue
        unit = interval_scale(r.forecast["yhat"], scale_floor(t.y))
        for lv in cfg.levels:
            lo, hi = r.forecast[f"yhat_lo{lv}"][ok], r.forecast[f"yhat_hi{lv}"][ok]
            cover[f"plain{lv}"].append(((actual[ok] >= lo) & (actual[ok] <= hi)).astype(float))
            if r.scale["interval_source"] == "backtest" and r.calibration_residuals is not None:
                cover[f"pit{lv}"].append(
                    pit_coverage(
                        actual[ok], r.forecast["yhat"][ok], r.calibration_residuals, lv, unit[ok]
                    )
                )
    frame = pd.DataFrame(rows)
    scored = frame.dropna(subset=["selected"])
    means = scored.drop(columns="demand_class").mean().to_dict()
    by_class = scored.groupby("demand_class")[["selected", "snaive", "adida", "croston_sba"]].mean()
    out = {
        "series": len(scored),
        "run_seconds": round(run_seconds, 1),
        "mean_rmsse": {k: round(v, 4) for k, v in means.items()},
        "mean_rmsse_by_class": by_class.round(4).to_dict(orient="index"),
        "coverage": {k: round(float(np.mean(np.concatenate(v))), 4) for k, v in cover.items() if v},
    }
    # ARIMA and Prophet on every series of a random subsample, against the selection there
    rng = np.random.default_rng(seed)
    picks = rng.choice(len(full), size=min(subsample, len(full)), replace=False)
    sub_single = single_methods([train_part[i] for i in picks], SINGLE_SLOW, h, workers)
    sub = []
    for i, single in zip(picks, sub_single, strict=True):
        actual, t = full[i].y[-h:], train_part[i].y
        row = {"selected": rmsse(actual, results[i].forecast["yhat"], t)}
        row |= {a: rmsse(actual, f, t) for a, f in single.items()}
        row |= {a: frame.loc[i, a] for a in SINGLE_CHEAP}
        sub.append(row)
    sub_frame = pd.DataFrame(sub).dropna(subset=["selected"])
    out["subsample"] = {
        "series": len(sub_frame),
        "mean_rmsse": {k: round(float(v), 4) for k, v in sub_frame.mean().to_dict().items()},
    }
    return out


def s_sample(landing: str | None, work: Path) -> list[SeriesInput]:
    if landing:
        folder = write_extract(build_demand(Path(landing)), work / "training_S", BOOTSTRAP_SOURCE)
    else:
        folder = write_extract(generate(120, seed=11).demand, work / "training_S", "synthetic")
    dataset = load_dataset(str(folder))
    return dataset.series()


def print_report(report: dict) -> None:
    for name in ("S", "10k"):
        if name in report:
            r = report[name]
            print(
                f"{name:>4}: {r['n_series']} series in {r['seconds']} s = "
                f"{r['series_per_s']:.1f} series/s | in-backtest mean RMSSE selected "
                f"{r['mean_rmsse_selected']:.3f} vs snaive {r['mean_rmsse_snaive']:.3f} | "
                f"coverage80 {r['coverage80']:.1%} (PIT {r['pit_coverage80']:.1%}), "
                f"coverage95 {r['coverage95']:.1%} (PIT {r['pit_coverage95']:.1%})"
            )
            print(f"      classes {r['series_per_class']}")
            print(f"      chosen  {r['chosen_models']}")
    if "holdout" in report:
        hold = report["holdout"]
        print(f"holdout ({hold['series']} series, last {report['horizon']} days hidden):")
        ranked = sorted(hold["mean_rmsse"].items(), key=lambda kv: kv[1])
        print("  mean RMSSE: " + ", ".join(f"{k} {v:.4f}" for k, v in ranked))
        for cls, vals in hold["mean_rmsse_by_class"].items():
            print(f"    {cls:>17}: " + ", ".join(f"{k} {v:.3f}" for k, v in vals.items()))
        print(
            "  coverage vs nominal: "
            + ", ".join(f"{k} {v:.1%}" for k, v in hold["coverage"].items())
        )
        sub = hold["subsample"]
        ranked = sorted(sub["mean_rmsse"].items(), key=lambda kv: kv[1])
        print(
            f"  subsample of {sub['series']} with every method: "
            + ", ".join(f"{k} {v:.4f}" for k, v in ranked)
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--landing", help="S sample landing folder (else synthetic 120 series)")
    parser.add_argument("--series", type=int, default=10_000)
    parser.add_argument("--days", type=int, default=730)
    parser.add_argument("--horizon", type=int, default=90)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--subsample", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--skip-holdout", action="store_true")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    cfg = TrainConfig(horizon=args.horizon)
    report: dict = {"horizon": args.horizon, "workers": args.workers, "cpus": os.cpu_count()}
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        s_series = s_sample(args.landing, work)
        report["S"] = train(s_series, cfg, args.workers, work / "out_S")
        print_report({"S": report["S"]})
        sample = generate(args.series, days=args.days, seed=args.seed)
        folder = write_extract(sample.demand, work / "training_10k", "synthetic")
        dataset = load_dataset(str(folder))
        big = dataset.series()
        del sample, dataset
        report["10k"] = train(big, cfg, args.workers, work / "out_10k")
        print_report({"10k": report["10k"]})
        if not args.skip_holdout:
            report["holdout"] = holdout(big, cfg, args.workers, args.subsample, args.seed)
    print()
    print_report(report)
    results = Path(__file__).resolve().parent / "results"
    results.mkdir(exist_ok=True)
    path = results / f"ml_{datetime.now(UTC):%Y%m%dT%H%M%SZ}.json"
    path.write_text(json.dumps(report, indent=2, default=str) + "\n")
    print(f"saved {path}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(path.read_text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
