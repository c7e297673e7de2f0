"""Benchmark of the sample ERP generator: wall time, peak memory, rows and bytes per source.

    .venv/bin/python benchmarks/bench_sample.py --scale L --seed 7

Runs ``python -m pipeline.sample`` in a subprocess (into a temporary folder unless --out is
given), polls its resident memory with psutil (children included), then counts rows per source
from the files it wrote. Budget (docs/performance.md): L in <= 5 minutes within 8 GiB on 2 cores.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import psutil
import pyarrow.parquet as pq
from figures import save_figures  # benchmarks/ is on sys.path when run as a script

SOURCES = (
    "suppliers", "warehouses", "items", "sites", "consumption", "inventory", "purchase_orders",
)  # fmt: skip
GIB = 1024**3


def _rss_tree(process: psutil.Process) -> int:
    total = 0
    for proc in [process, *process.children(recursive=True)]:
        with contextlib.suppress(psutil.NoSuchProcess):
            total += proc.memory_info().rss
    return total


def run(argv: list[str], out: Path) -> tuple[float, int, int]:
    """Run the generator; return (seconds, peak RSS bytes, exit code)."""
    command = [sys.executable, "-m", "pipeline.sample", "--out", str(out), "--quiet", *argv]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    started = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    watched = psutil.Process(child.pid)
    peak = 0
    while child.poll() is None:
        try:
            peak = max(peak, _rss_tree(watched))
        except psutil.NoSuchProcess:
            break
        time.sleep(0.05)
    return time.perf_counter() - started, peak, child.wait()


def count_rows(path: Path) -> int:
    if path.suffix == ".parquet":
        return pq.ParquetFile(path).metadata.num_rows
    with open(path, "rb") as handle:
        lines = sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 24), b""))
    return max(lines - 1, 0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="L")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--end", default="2025-12-31", help="fixed, so runs are comparable")
    parser.add_argument("--out", type=Path, help="keep the output here (default: temporary)")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument("extra", nargs="*", help="more generator arguments, after --")
    args = parser.parse_args()
    generator_args = ["--scale", args.scale, "--seed", str(args.seed), "--end", args.end,
                      *args.extra]  # fmt: skip

    with tempfile.TemporaryDirectory(prefix="bench_sample_") as tmp:
        out = args.out or Path(tmp) / "landing"
        seconds, peak, code = run(generator_args, out)
        print(f"generator: python -m pipeline.sample {' '.join(generator_args)}")
        print(f"exit code: {code}")
        print(f"wall time: {seconds:.1f} s")
        print(f"peak RSS:  {peak / GIB:.2f} GiB ({peak / 1024**2:,.0f} MiB)")
        print(f"cpu count: {os.cpu_count()}")
        if code != 0:
            return code
        rows: dict[str, int] = defaultdict(int)
        sizes: dict[str, int] = defaultdict(int)
        formats: dict[str, set[str]] = defaultdict(set)
        for source in SOURCES:
            for path in sorted((out / source).glob(f"{source}*")):
                rows[source] += count_rows(path)
                sizes[source] += path.stat().st_size
                formats[source].add(path.suffix.lstrip("."))
        print(f"{'source':<16}{'format':<10}{'rows':>14}{'bytes':>16}")
        for source in SOURCES:
            fmt = ",".join(sorted(formats[source]))
            print(f"{source:<16}{fmt:<10}{rows[source]:>14,}{sizes[source]:>16,}")
        print(f"{'total':<26}{sum(rows.values()):>14,}{sum(sizes.values()):>16,}")
    save_figures(
        args.json,
        {
            "scale": args.scale,
            "seconds": round(seconds, 2),
            "peak_rss_mib": round(peak / 1024**2),
            "rows": dict(rows),
            "bytes": dict(sizes),
        },
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
