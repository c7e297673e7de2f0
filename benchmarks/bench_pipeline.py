"""Benchmark of the pipeline: full build from landing, then an incremental daily run.

    .venv/bin/python benchmarks/bench_pipeline.py --scale L
    .venv/bin/python benchmarks/bench_pipeline.py --scale S

1. generates the sample ERP landing (kept in benchmarks/results/landing-<scale>-<seed>/ so later
   runs reuse it), and writes a forecast export shaped like ml_env's (a flat rate per series:
   the pipeline's cost does not depend on how good the numbers are);
2. times `python -m pipeline run` on an empty lake (full build) and samples its peak memory;
3. drops one more day of files (the generator's --increment-from) and times the next run.
Budgets on 2 cores (docs/performance.md): full <= 3 min, incremental <= 30 s.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb
import psutil

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
sys.path.insert(0, str(ROOT))

from figures import save_figures  # noqa: E402  (benchmarks/ is on sys.path as a script)

from storage import sha256_file  # noqa: E402


def timed(command: list[str], env: dict[str, str]) -> tuple[float, int, int]:
    started = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    proc = psutil.Process(child.pid)
    peak = 0
    while child.poll() is None:
        try:
            rss = proc.memory_info().rss + sum(
                c.memory_info().rss for c in proc.children(recursive=True)
            )
            peak = max(peak, rss)
        except psutil.NoSuchProcess:
            break
        time.sleep(0.05)
    seconds = time.perf_counter() - started
    if child.returncode:
        sys.stderr.write(child.stderr.read().decode()[-4000:])
    return seconds, peak, child.returncode


def synthetic_export(landing: Path, exports: Path, end: date, horizon: int = 90) -> str:
    """A forecast export in the ML contract: a flat rate per series from its history."""
    version = f"mv_{datetime.now(UTC):%Y%m%dT%H%M%SZ}_bench000"
    folder = exports / "ml_results" / version
    folder.mkdir(parents=True)
    con = duckdb.connect()

    def source(name: str) -> str:
        files = sorted((landing / name).glob("*"))
        if files[0].suffix == ".parquet":
            return f"read_parquet({[str(f) for f in files]})"
        return f"read_csv({[str(f) for f in files]}, all_varchar=true, header=true)"

    con.execute(
        f"""
        CREATE TABLE rates AS
        SELECT c.item_id, s.warehouse_id,
               sum(CAST(c.quantity AS DOUBLE)) / 365.0 AS rate
        FROM {source("consumption")} c JOIN {source("sites")} s USING (site_id)
        WHERE CAST(c.txn_date AS DATE) > DATE '{end}' - 365
        GROUP BY ALL
        """
    )
    con.execute(
        f"""
        COPY (
            SELECT item_id, warehouse_id, CAST(d AS DATE) AS date, rate AS yhat,
                   0.0 AS yhat_lo80, rate * 2 AS yhat_hi80, 0.0 AS yhat_lo95,
                   rate * 3 AS yhat_hi95, 'bench_flat' AS model, 'intermittent' AS demand_class
            FROM rates, generate_series(DATE '{end}' + 1, DATE '{end}' + {horizon},
                                        INTERVAL 1 DAY) t(d)
        ) TO '{folder / "forecasts.parquet"}' (FORMAT parquet)
        """
    )
    con.execute(
        f"""
        COPY (SELECT item_id, warehouse_id, 'bench_flat' AS model, 'all' AS horizon_bucket,
                     1.0 AS rmsse, 1.0 AS mase, rate AS mae, rate AS rmse, 1.0 AS wape,
                     0.0 AS bias, 0.8 AS coverage80, 0.95 AS coverage95, 90 AS n_points,
                     true AS selected FROM rates)
        TO '{folder / "backtest.parquet"}' (FORMAT parquet)
        """
    )
    con.execute(
        f"""
        COPY (SELECT item_id, warehouse_id, 'bench_flat' AS model, sqrt(rate) AS sigma_1d
              FROM rates) TO '{folder / "error_scale.parquet"}' (FORMAT parquet)
        """
    )
    files = {}
    for name in ("forecasts.parquet", "backtest.parquet", "error_scale.parquet"):
        rows = con.execute(f"SELECT count(*) FROM '{folder / name}'").fetchall()[0][0]
        files[name] = {"rows": rows, "sha256": sha256_file(folder / name)}
    manifest = {
        "model_version": version,
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "source": "benchmark",
        "dataset_id": "ds_benchmark",
        "code_version": "benchmark",
        "horizon_days": horizon,
        "params": {},
        "files": files,
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2))
    return version


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="L")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--end", type=date.fromisoformat, default=date(2025, 12, 31))
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    landing = RESULTS / f"landing-{args.scale}-{args.seed}-{args.end}"
    gen = [sys.executable, "-m", "pipeline.sample", "--scale", args.scale, "--seed", str(args.seed)]
    if not (landing / "consumption").exists():
        shutil.rmtree(landing, ignore_errors=True)
        make = [*gen, "--out", str(landing), "--end", str(args.end), "--quiet"]
        seconds, _, code = timed(make, env)
        if code:
            return code
        print(f"sample generated in {seconds:.1f} s: {landing}")

    with tempfile.TemporaryDirectory(prefix="bench_pipeline_") as tmp:
        work = Path(tmp)
        run_landing = work / "landing"
        shutil.copytree(landing, run_landing)
        exports = work / "exports"
        version = synthetic_export(run_landing, exports, args.end)
        env |= {
            "PIPELINE_LANDING_URI": str(run_landing),
            "PIPELINE_LAKE_URI": str(work / "lake"),
            "PIPELINE_EXPORTS_URI": str(exports),
            "PIPELINE_WORK_DIR": str(work / "work"),
            "PIPELINE_LOG_LEVEL": "WARNING",
        }
        run = [sys.executable, "-m", "pipeline", "run"]
        full_s, full_peak, code = timed(run, env)
        if code:
            print(f"full run failed with exit code {code}")
            return code
        next_day = args.end + timedelta(days=1)
        inc = [*gen, "--out", str(run_landing), "--end", str(next_day)]
        subprocess.run([*inc, "--increment-from", str(args.end), "--quiet"], env=env, check=True)
        inc_s, inc_peak, code = timed(run, env)
        if code:
            print(f"incremental run failed with exit code {code}")
            return code
        noop_s, _, _ = timed(run, env)
        breakdown = []
        for record_file in sorted((work / "lake" / "runs").glob("*.json")):
            record = json.loads(record_file.read_text())
            steps = {s["name"]: s for s in record["steps"]}
            if "gold" in steps:
                phases = steps["gold"]["counts"].get("seconds_by_phase", {})
                line = ", ".join(f"{s['name']} {s['seconds']:.1f}" for s in record["steps"])
                breakdown.append(f"run {record['run_id']}: {line}; gold phases: {phases}")
        rows = duckdb.sql(
            f"SELECT count(*) FROM '{work / 'lake'}/gold/snapshots/*/fct_demand_daily.parquet'"
        ).fetchall()[0][0]

    print(f"pipeline benchmark, scale {args.scale}, seed {args.seed}, data to {args.end}")
    print(f"machine: {os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB")
    print(f"forecast export: {version} (flat-rate stand-in shaped like ml_env's)")
    print("| run | seconds | peak RSS (MiB) | budget |")
    print("|---|---|---|---|")
    print(f"| full build from landing | {full_s:.1f} | {full_peak / 2**20:.0f} | <= 180 s |")
    print(f"| incremental (one more day) | {inc_s:.1f} | {inc_peak / 2**20:.0f} | <= 30 s |")
    print(f"| no new input | {noop_s:.1f} | - | - |")
    print(f"fct_demand_daily rows over both snapshots: {rows}")
    for line in breakdown:
        print(line)
    save_figures(
        args.json,
        {
            "scale": args.scale,
            "full_seconds": round(full_s, 1),
            "full_peak_rss_mib": round(full_peak / 2**20),
            "incremental_seconds": round(inc_s, 1),
            "incremental_peak_rss_mib": round(inc_peak / 2**20),
            "noop_seconds": round(noop_s, 1),
            "runs": breakdown,
        },
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
