"""One benchmark report: every figure against its budget in docs/performance.md (`make bench`).

    .venv/bin/python benchmarks/report.py --scale S     # a few minutes
    .venv/bin/python benchmarks/report.py --scale L     # about half an hour

Runs each benchmark script in its own process (each writes its figures as JSON), then writes
``benchmarks/results/report-<scale>.md`` with the machine, the date, a table of figures against
budgets, and two plots (API latency, pipeline run times). The budgets are stated for L; on S the
same figures are shown for reference. A benchmark that fails is reported as failed and the
others still run. Nothing here asserts: this measures, tests check behaviour.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import psutil

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
PY = sys.executable
PY_ML = str(ROOT / ".venv-ml" / "bin" / "python")


def _script(name: str) -> str:
    return str(ROOT / "benchmarks" / name)


S_LAKE = RESULTS / "lake-api-S-7-2025-12-31"  # bench_api.py's S lake: the dashboard's figures


def _ml_landing() -> str:
    return str(RESULTS / "landing-ml")


def commands(scale: str, folder: Path) -> dict[str, list[str]]:
    """argv of each benchmark; each writes its figures to <folder>/<name>.json."""

    def out(name: str) -> list[str]:
        return ["--json", str(folder / f"{name}.json")]

    api = [PY, _script("bench_api.py"), "--scale", scale, "--requests", "1000"]
    ml_series = "10000" if scale == "L" else "1000"
    ml_extra = [] if scale == "L" else ["--skip-holdout"]
    return {
        "sample": [PY, _script("bench_sample.py"), "--scale", scale, *out("sample")],
        "pipeline": [PY, _script("bench_pipeline.py"), "--scale", scale, *out("pipeline")],
        "api": [*api, "--concurrency", "1", *out("api")],
        "api_4_connections": [
            *api, "--concurrency", "4", "--workers", "2", *out("api_4_connections")
        ],
        "load": [
            PY, _script("load.py"), "--scale", scale, "--seconds", "60" if scale == "L" else "20",
            "--rate", "100", "--swap", *out("load"),
        ],
        "frontend": [
            PY, _script("bench_frontend.py"), "--lake", str(S_LAKE), *out("frontend"),
        ],
        "image": [PY, _script("bench_image.py"), *out("image")],
        "ml": [
            PY_ML, _script("bench_ml.py"), "--landing", _ml_landing(), "--series", ml_series,
            *ml_extra, *out("ml"),
        ],
    }  # fmt: skip


def run(name: str, argv: list[str], folder: Path) -> dict[str, Any]:
    target = folder / f"{name}.json"
    target.unlink(missing_ok=True)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    print(f"== {name} ...", flush=True)
    done = subprocess.run(argv, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    (folder / f"{name}.log").write_text(done.stdout + done.stderr)
    if done.returncode or not target.exists():
        print(f"   failed (exit {done.returncode}); see {folder / (name + '.log')}")
        return {"failed": True, "exit_code": done.returncode, "seconds": seconds}
    print(f"   done in {seconds:.0f} s")
    return json.loads(target.read_text())


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    memory = psutil.virtual_memory().total / 2**30
    python = platform.python_version()
    return f"{os.cpu_count()} cores ({model or cpu}), {memory:.0f} GiB, Python {python}"


def commit() -> str:
    found = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    )
    return found.stdout.strip() or "unknown"


def _get(figures: dict, *path: str) -> Any:
    value: Any = figures
    for part in path:
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def budget_rows(f: dict[str, dict]) -> list[tuple[str, Any, str, bool | None]]:
    """(what, figure, budget, met) for every budget in docs/performance.md."""
    api, api4 = f.get("api", {}), f.get("api_4_connections", {})
    uncached = _get(api, "scenarios", "series, uncached", "p99")
    trivial = _get(api, "scenarios", "trivial (/health)", "p99")
    cached = _get(api, "scenarios", "series, cached", "p99")
    ratio = uncached / trivial if uncached and trivial else None
    rows: list[tuple[str, Any, str, bool | None]] = []

    def add(what: str, value: Any, budget: str, ok: Callable[[Any], bool], unit: str) -> None:
        shown = "failed or not run" if value is None else f"{value:g} {unit}".strip()
        rows.append((what, shown, budget, None if value is None else ok(value)))

    load = f.get("load", {})
    rate = _get(load, "rate")
    add(f"API, one series uncached, p99 ({rate or '?'} req/s open loop, mixed routes)",
        _r(_get(load, "outside_swap", "series, uncached", "p99")), "<= 20 ms",
        lambda v: v <= 20, "ms")  # fmt: skip
    add(f"API, cached, p99 ({rate or '?'} req/s open loop, mixed routes)",
        _r(_get(load, "outside_swap", "series, cached", "p99")), "<= 5 ms",
        lambda v: v <= 5, "ms")  # fmt: skip
    add("... errors under that load, a snapshot swapped in", _get(load, "errors"), "0",
        lambda v: v == 0, "")  # fmt: skip
    add("API, one series uncached, p99 (1 connection, closed loop)", _r(uncached), "<= 20 ms",
        lambda v: v <= 20, "ms")  # fmt: skip
    add("... against the trivial endpoint's p99", _r(ratio, 1), "<= 3x", lambda v: v <= 3, "x")
    add("API, cached, p99 (1 connection, closed loop)", _r(cached), "<= 5 ms",
        lambda v: v <= 5, "ms")  # fmt: skip
    add("API, one series uncached, p99 (4 connections, 2 workers)",
        _r(_get(api4, "scenarios", "series, uncached", "p99")), "<= 20 ms",
        lambda v: v <= 20, "ms")  # fmt: skip
    add("API, cached, p99 (4 connections, 2 workers)",
        _r(_get(api4, "scenarios", "series, cached", "p99")), "<= 5 ms",
        lambda v: v <= 5, "ms")  # fmt: skip
    add("API ready after start", _get(api, "ready_seconds"), "<= 3 s", lambda v: v <= 3, "s")
    pipeline = f.get("pipeline", {})
    add("pipeline, full build from landing", _get(pipeline, "full_seconds"), "<= 180 s",
        lambda v: v <= 180, "s")  # fmt: skip
    add("pipeline, incremental daily run", _get(pipeline, "incremental_seconds"), "<= 30 s",
        lambda v: v <= 30, "s")  # fmt: skip
    front = f.get("frontend", {})
    add("dashboard, first chart with data (median)", _get(front, "first_chart_ms_median"),
        "<= 1000 ms", lambda v: v <= 1000, "ms")  # fmt: skip
    add("dashboard JS, gzip", _get(front, "js_gzip_kb"), "<= 250 KB", lambda v: v <= 250, "KB")
    image = f.get("image", {})
    add("API image (estimate: base + measured closure)", _get(image, "image_mb"), "<= 250 MB",
        lambda v: v <= 250, "MB")  # fmt: skip
    add("API runtime dependency closure", _get(image, "closure_mb"), "<= 120 MB",
        lambda v: v <= 120, "MB")  # fmt: skip
    ml = f.get("ml", {})
    ml_series = _get(ml, "10k", "series")
    add(f"ml_env nightly, {ml_series or '?'} series", _r(_get(ml, "10k", "seconds"), 0),
        "<= 1200 s (10k series)", lambda v: v <= 1200, "s")  # fmt: skip
    add("sample generator", _get(f.get("sample", {}), "seconds"), "<= 300 s (L)",
        lambda v: v <= 300, "s")  # fmt: skip
    return rows


def _r(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def plot_api(f: dict[str, dict], path: Path) -> bool:
    api = f.get("api", {}).get("scenarios")
    if not api:
        return False
    names = list(api)
    fig, ax = plt.subplots(figsize=(8, 3.8))
    x = range(len(names))
    ax.bar([i - 0.2 for i in x], [api[n]["p50"] for n in names], width=0.4, label="p50")
    ax.bar([i + 0.2 for i in x], [api[n]["p99"] for n in names], width=0.4, label="p99")
    ax.axhline(20, color="tab:red", linestyle="--", linewidth=1, label="uncached budget 20 ms")
    ax.axhline(5, color="tab:purple", linestyle=":", linewidth=1, label="cached budget 5 ms")
    ax.set_xticks(list(x), names, rotation=15, fontsize=8)
    ax.set_ylabel("ms")
    ax.set_title("API latency, 1 connection, loopback")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


def plot_pipeline(f: dict[str, dict], path: Path) -> bool:
    p = f.get("pipeline", {})
    if "full_seconds" not in p:
        return False
    fig, ax = plt.subplots(figsize=(6, 3.2))
    runs = ["full build", "incremental", "no new input"]
    values = [p["full_seconds"], p["incremental_seconds"], p["noop_seconds"]]
    ax.barh(runs, values, color=["tab:blue", "tab:green", "tab:gray"])
    ax.axvline(180, color="tab:blue", linestyle="--", linewidth=1, label="full budget 180 s")
    ax.axvline(30, color="tab:green", linestyle="--", linewidth=1, label="incremental budget 30 s")
    ax.set_xlabel("seconds")
    ax.set_title(f"Pipeline runs, scale {p.get('scale')}")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


def render(scale: str, figures: dict[str, dict], folder: Path, seconds: float) -> str:
    lines = [
        f"# Benchmark report, scale {scale}",
        "",
        f"- date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; commit {commit()}",
        f"- machine: {machine()}",
        f"- load average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}",
        f"- command: `make bench SCALE={scale}` ({seconds / 60:.0f} min)",
        "- budgets are docs/performance.md's, stated for L"
        + ("; this is S, shown for reference" if scale != "L" else ""),
        "",
        "| what | figure | budget | met |",
        "|---|---|---|---|",
    ]
    for what, value, budget, met in budget_rows(figures):
        mark = "-" if met is None else ("yes" if met else "**no**")
        lines.append(f"| {what} | {value} | {budget} | {mark} |")
    api = figures.get("api", {}).get("scenarios", {})
    if api:
        lines += ["", "API scenarios (1 connection):", "",
                  "| scenario | p50 ms | p99 ms | req/s |", "|---|---|---|---|"]  # fmt: skip
        for name, r in api.items():
            lines.append(f"| {name} | {r['p50']:.2f} | {r['p99']:.2f} | {r['rps']:.0f} |")
    for name, title in (("api_latency.png", "API latency"), ("pipeline.png", "Pipeline runs")):
        if (folder / name).exists():
            lines += ["", f"![{title}](report-{scale}/{name})"]
    failed = [name for name, fig in figures.items() if fig.get("failed")]
    if failed:
        lines += ["", f"Failed benchmarks (logs in report-{scale}/): {', '.join(failed)}"]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="S", choices=["S", "L"])
    parser.add_argument(
        "--only",
        nargs="*",
        help="run only these (sample pipeline api api_4_connections "
        "frontend image ml); the others' last figures are reused",
    )
    args = parser.parse_args()
    folder = RESULTS / f"report-{args.scale}"
    folder.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    wanted = set(args.only or commands(args.scale, folder))
    if "ml" in wanted:  # ml_env's S figures come from the demo sample
        subprocess.run(
            [PY, "-m", "pipeline.sample", "--out", _ml_landing(), "--scale", "S", "--seed", "7",
             "--clean", "--quiet"], env=env, check=True, capture_output=True,
        )  # fmt: skip
    if "frontend" in wanted:  # the dashboard is measured on the S snapshot
        subprocess.run(
            [PY, "-c", "import sys; sys.path.insert(0, 'benchmarks'); from datetime import date; "
             "from bench_api import build_lake; build_lake('S', 7, date(2025, 12, 31))"],
            cwd=ROOT, env=env, check=True, capture_output=True,
        )  # fmt: skip
    figures: dict[str, dict] = {}
    for name, argv in commands(args.scale, folder).items():
        if args.only and name not in args.only:
            previous = folder / f"{name}.json"
            if previous.exists():
                figures[name] = json.loads(previous.read_text())
            continue
        figures[name] = run(name, argv, folder)
    plot_api(figures, folder / "api_latency.png")
    plot_pipeline(figures, folder / "pipeline.png")
    report = RESULTS / f"report-{args.scale}.md"
    report.write_text(render(args.scale, figures, folder, time.perf_counter() - started))
    print(report.read_text())
    print(f"written: {report}")
    return 1 if any(f.get("failed") for f in figures.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
