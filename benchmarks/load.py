"""A bounded, open-loop load on the real API from a second process, with a snapshot swapped in.

    .venv/bin/python benchmarks/load.py --lake lake --seconds 60 --rate 100 --swap
    .venv/bin/python benchmarks/load.py --scale L --seconds 60 --swap   # make load

1. starts ``python -m backend`` over the lake in its own process (in-process cache unless
   ``--redis``; ``_CURRENT`` polled every ``--poll`` seconds);
2. starts the load in another process (this script with ``--client``): ``--rate`` requests per
   second at fixed times (open loop: a slow answer does not slow the sending, so latency is
   measured under a bounded load, not at saturation), spread over a mix of routes: one series
   uncached (a random series and range each time), a few series answered from the cache, a page
   of the reorder list, the KPIs; ``--connections`` keep-alive connections;
3. with ``--swap``, halfway through commits a new snapshot as the pipeline does (its files, its
   manifest, then ``gold/_CURRENT`` replaced atomically; without ``--swap-to`` the new snapshot is
   the current one's files hard-linked under a new id, removed again at the end);
4. prints p50/p99 per route, the rate sent and answered, the errors (anything but a 200 whose
   ``snapshot_id`` is one of the two, in body and header alike) and when each snapshot was served,
   against the budgets in docs/performance.md.

Latency is measured from the time a request was due, so queueing in the client counts too.
``run()`` is what tests/load/test_load_swap.py and ``make load`` call.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import orjson

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from storage import open_storage  # noqa: E402

sys.path.insert(0, str(ROOT / "benchmarks"))
from bench_api import Answer, connect, free_port, one_request, start_api  # noqa: E402
from figures import save_figures  # noqa: E402

# Share of each route in the mix; "series, cached" cycles over a few fixed series.
MIX = {"series, uncached": 0.4, "series, cached": 0.3, "reorder page": 0.2, "kpis": 0.1}
CACHED_SERIES = 5
STATUSES = ["stockout", "critical", "reorder", "ok", "excess"]
# docs/performance.md budgets (p99, ms); printed against, never asserted.
BUDGETS = {"series, uncached": 20.0, "series, cached": 5.0}
SWAP_WINDOW = 3.0  # seconds after a commit reported apart


# -- the lake: the current snapshot, a new one committed as the pipeline commits -------------


def current_pointer(lake: Path) -> dict[str, Any]:
    return json.loads((lake / "gold" / "_CURRENT").read_text())


def point_at(lake: Path, snapshot_id: str) -> None:
    """Replace ``gold/_CURRENT`` atomically (the pipeline's last step of a commit)."""
    folder = lake / "gold" / "snapshots" / snapshot_id
    manifest = json.loads((folder / "_manifest.json").read_text())
    pointer = {
        **current_pointer(lake),
        "snapshot_id": snapshot_id,
        "model_version": manifest.get("lineage", {}).get("model_version"),
    }
    open_storage(str(lake)).put_atomic("gold/_CURRENT", json.dumps(pointer).encode())


def copy_snapshot(lake: Path, source_id: str) -> str:
    """A new snapshot with the files of ``source_id`` (hard links: they are immutable), its own
    manifest written after the files; not yet current. Returns its id."""
    snapshots = lake / "gold" / "snapshots"
    new_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    manifest = json.loads((snapshots / source_id / "_manifest.json").read_text())
    staging = snapshots / f".{new_id}.tmp"
    staging.mkdir()
    for spec in manifest["tables"].values():
        try:
            os.link(snapshots / source_id / spec["file"], staging / spec["file"])
        except OSError:
            shutil.copy2(snapshots / source_id / spec["file"], staging / spec["file"])
    manifest["snapshot_id"] = new_id
    (staging / "_manifest.json").write_text(json.dumps(manifest, indent=2))
    staging.rename(snapshots / new_id)
    return new_id


def series_pairs(lake: Path, snapshot_id: str) -> list[tuple[str, str]]:
    parquet = lake / "gold" / "snapshots" / snapshot_id / "fct_reorder_point.parquet"
    query = f"select item_id, warehouse_id from read_parquet('{parquet}') order by all"
    return [(item, warehouse) for item, warehouse in duckdb.sql(query).fetchall()]


# -- the API process ------------------------------------------------------------------------


# -- the load process -----------------------------------------------------------------------


def route_mix(pairs: list[tuple[str, str]], seed: int) -> Callable[[int], tuple[str, str]]:
    """Request ``i`` -> (route, URL), deterministic per seed."""
    rng = random.Random(seed)
    kinds = list(MIX)
    weights = list(MIX.values())
    cached = [
        f"/api/v1/series/{i}/{w}" for i, w in rng.sample(pairs, min(CACHED_SERIES, len(pairs)))
    ]
    first_day = date(2024, 1, 1)

    def plan(i: int) -> tuple[str, str]:
        kind = rng.choices(kinds, weights)[0]
        if kind == "series, uncached":
            item, warehouse = rng.choice(pairs)
            start = first_day + timedelta(days=rng.randrange(700))
            return kind, f"/api/v1/series/{item}/{warehouse}?start={start}"
        if kind == "series, cached":
            return kind, cached[i % len(cached)]
        if kind == "reorder page":
            status = rng.choice(STATUSES)
            return kind, f"/api/v1/reorder?status={status}&limit=50&offset={rng.randrange(4) * 50}"
        return kind, "/api/v1/kpis"

    return plan


def check_answer(response: Answer) -> tuple[int, str | None, str | None]:
    """(status, snapshot id, error) of an answer; an error is anything a client would not accept."""
    if response.status != 200:
        return response.status, None, f"status {response.status}: {response.text[:200]}"
    try:  # orjson: parsing is the client's own time, and holds its other connections back
        body_id = orjson.loads(response.body).get("snapshot_id")
    except orjson.JSONDecodeError:
        return 200, None, "body is not JSON"
    header_id = response.headers.get("x-snapshot-id")
    if not body_id or body_id != header_id:
        return 200, body_id, f"snapshot_id {body_id!r} in the body, {header_id!r} in the header"
    return 200, body_id, None


def drive_open_loop(
    base: str,
    seconds: float,
    rate: float,
    plan: Callable[[int], tuple[str, str]],
    connections: int,
    start: float | None = None,
) -> list[dict[str, Any]]:
    """``rate`` requests per second for ``seconds`` from ``start`` (epoch seconds), each sent at
    its due time by a free connection; one record per request (times in epoch seconds)."""
    total = int(seconds * rate)
    due_queue: queue.Queue[tuple[int, float, str, str] | None] = queue.Queue()
    records: list[dict[str, Any]] = []
    lock = threading.Lock()

    def worker() -> None:
        connection = connect(base)
        try:
            while (job := due_queue.get()) is not None:
                i, due, kind, url = job
                sent = time.time()
                response, error = one_request(connection, url)
                done = time.time()  # the answer is in: checking it is the client's own time
                status, snapshot_id = 0, None
                if response is not None:
                    status, snapshot_id, error = check_answer(response)
                record = {
                    "i": i, "route": kind, "url": url, "due": due, "sent": sent, "done": done,
                    "status": status, "snapshot_id": snapshot_id, "error": error,
                }  # fmt: skip
                with lock:
                    records.append(record)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(connections)]
    for thread in threads:
        thread.start()
    start = max(start or 0.0, time.time() + 0.1)
    for i in range(total):
        due = start + i / rate
        kind, url = plan(i)
        pause = due - time.time()
        if pause > 0:
            time.sleep(pause)
        due_queue.put((i, due, kind, url))
    for _ in threads:
        due_queue.put(None)
    for thread in threads:
        thread.join()
    return sorted(records, key=lambda r: r["i"])


def client_main(args: argparse.Namespace) -> int:
    """The load process: writes its records as JSON to ``--out``."""
    plan = route_mix(json_pairs(args.pairs), args.seed)
    records = drive_open_loop(
        args.base, args.seconds, args.rate, plan, args.connections, args.start_at
    )
    Path(args.out).write_text(json.dumps(records))
    return 0


def json_pairs(path: str) -> list[tuple[str, str]]:
    return [tuple(pair) for pair in json.loads(Path(path).read_text())]


# -- one run: API, load, swap, figures ------------------------------------------------------


@dataclass
class Report:
    lake: str
    seconds: float
    rate: float
    connections: int
    ready_s: float
    records: list[dict[str, Any]]
    old_id: str
    new_id: str | None
    swap_at: float | None  # epoch seconds of the commit
    cpu_count: int = field(default_factory=lambda: os.cpu_count() or 0)
    load_average: float = field(default_factory=lambda: os.getloadavg()[0])

    @property
    def errors(self) -> list[str]:
        allowed = {self.old_id, self.new_id}
        found = []
        for r in self.records:
            if r["error"]:
                found.append(f"{r['url']}: {r['error']}")
            elif r["snapshot_id"] not in allowed:
                found.append(f"{r['url']}: snapshot {r['snapshot_id']!r} is neither of the two")
        return found

    @property
    def served(self) -> Counter[str]:
        return Counter(r["snapshot_id"] for r in self.records if r["snapshot_id"])

    def first_new(self) -> float | None:
        """When the first answer from the new snapshot arrived (epoch seconds)."""
        done = [r["done"] for r in self.records if r["snapshot_id"] == self.new_id]
        return min(done) if done else None

    def back_to_old(self) -> list[dict[str, Any]]:
        """Requests sent after an answer from the new snapshot that got the old one."""
        first = self.first_new()
        if first is None:
            return []
        return [r for r in self.records if r["sent"] > first and r["snapshot_id"] == self.old_id]

    def latencies(self, route: str | None = None, outside_swap: bool = False) -> list[float]:
        """Sorted latencies (ms); ``outside_swap`` leaves out requests due in the
        ``SWAP_WINDOW`` seconds after the commit (the API loads the new snapshot then)."""
        swap = self.swap_at if outside_swap and self.swap_at is not None else float("inf")
        return sorted(
            (r["done"] - r["due"]) * 1000
            for r in self.records
            if (route is None or r["route"] == route) and not swap <= r["due"] < swap + SWAP_WINDOW
        )

    def figures(self) -> dict[str, Any]:
        """p50/p99 per route (all requests, and outside the swap window), errors, swap."""

        def quantiles(values: list[float]) -> dict[str, float] | None:
            if not values:
                return None
            p99 = values[min(len(values) - 1, int(len(values) * 0.99))]
            return {"n": len(values), "p50": statistics.median(values), "p99": p99,
                    "max": values[-1]}  # fmt: skip

        first = self.first_new()
        return {
            "lake": self.lake,
            "seconds": self.seconds,
            "rate": self.rate,
            "connections": self.connections,
            "ready_seconds": round(self.ready_s, 2),
            "load_average": self.load_average,
            "routes": {route: quantiles(self.latencies(route)) for route in MIX},
            "outside_swap": {route: quantiles(self.latencies(route, True)) for route in BUDGETS},
            "all": quantiles(self.latencies()),
            "requests": len(self.records),
            "errors": len(self.errors),
            "served": dict(self.served),
            "new_snapshot_first_served_after_s": (
                round(first - self.swap_at, 2) if first and self.swap_at else None
            ),
            "old_answers_after_new": len(self.back_to_old()),
        }

    def text(self) -> str:
        start = min(r["due"] for r in self.records)
        end = max(r["done"] for r in self.records)
        lines = [
            f"load: {len(self.records)} requests in {end - start:.1f} s over {self.connections} "
            f"connections, {self.rate:.0f} req/s due (open loop), "
            f"{len(self.records) / (end - start):.0f} req/s answered; client in another process, "
            f"loopback; {self.cpu_count} cores, load average {self.load_average:.1f}; "
            f"lake {self.lake}",
            f"API ready {self.ready_s:.2f} s after start (budget <= 3 s at L)",
            "| route | requests | p50 ms | p99 ms | max ms | budget p99 |",
            "|---|---|---|---|---|---|",
        ]
        rows: list[tuple[str, list[float], float | None]] = [
            (route, self.latencies(route), BUDGETS.get(route)) for route in MIX
        ]
        rows.append(("all", self.latencies(), None))
        if self.swap_at is not None:
            for route, budget in BUDGETS.items():
                rows.append((f"{route}, outside the swap", self.latencies(route, True), budget))
        for name, values, budget in rows:
            if not values:
                continue
            p99 = values[min(len(values) - 1, int(len(values) * 0.99))]
            verdict = ""
            if budget is not None:
                verdict = f"<= {budget:g} ms: " + ("met" if p99 <= budget else "**not met**")
            lines.append(
                f"| {name} | {len(values)} | {statistics.median(values):.1f} "
                f"| {p99:.1f} | {values[-1]:.1f} | {verdict} |"
            )
        errors = self.errors
        lines.append(f"errors: {len(errors)}" + "".join(f"\n  {e}" for e in errors[:10]))
        served = ", ".join(f"{k}: {v}" for k, v in sorted(self.served.items()))
        lines.append(f"snapshots served: {served}")
        if self.swap_at is not None:
            first = self.first_new()
            after = f"{first - self.swap_at:.2f} s after the commit" if first else "never"
            lines.append(
                f"swap committed at {self.swap_at - start:.1f} s; new snapshot first served "
                f"{after}; answers from the old one after that: {len(self.back_to_old())}; "
                f"'outside the swap' leaves out the {SWAP_WINDOW:g} s after the commit"
            )
        return "\n".join(lines)


def run(
    lake: Path,
    seconds: float,
    rate: float,
    swap: bool = True,
    swap_to: str | None = None,
    connections: int = 8,
    poll_seconds: float = 1.0,
    redis_url: str | None = None,
    seed: int = 7,
    work: Path | None = None,
    workers: int = 1,
) -> Report:
    """Serve ``lake``, load it from another process, commit a new snapshot halfway."""
    lake = Path(lake).resolve()
    old_id = current_pointer(lake)["snapshot_id"]
    with tempfile.TemporaryDirectory(prefix="load_") as scratch:
        work = Path(work or scratch)
        work.mkdir(parents=True, exist_ok=True)
        (work / "pairs.json").write_text(json.dumps(series_pairs(lake, old_id)))
        new_id = copied = None
        port = free_port()
        extra = {"API_POLL_SECONDS": str(poll_seconds), "API_WEB_DIR": "off"}
        if redis_url:
            extra["API_REDIS_URL"] = redis_url
        api, ready_s = start_api(lake, port, work, workers, extra)
        try:
            if swap:  # the new snapshot's files and manifest land before the load starts
                new_id = swap_to or copy_snapshot(lake, old_id)
                copied = None if swap_to else new_id
            out = work / "records.json"
            start_at = time.time() + 2.0  # the load process imports and plans meanwhile
            client = subprocess.Popen(
                [sys.executable, __file__, "--client", "--base", f"http://127.0.0.1:{port}",
                 "--pairs", str(work / "pairs.json"), "--seconds", str(seconds),
                 "--rate", str(rate), "--connections", str(connections), "--seed", str(seed),
                 "--out", str(out), "--start-at", str(start_at)],
                env={**os.environ, "PYTHONPATH": str(ROOT)},
            )  # fmt: skip
            swap_at = None
            if new_id is not None:
                time.sleep(max(0.0, start_at + seconds / 2 - time.time()))
                point_at(lake, new_id)
                swap_at = time.time()
            if client.wait(timeout=seconds * 10 + 120) != 0:
                raise RuntimeError(f"the load process failed with exit code {client.returncode}")
            records = json.loads(out.read_text())
        finally:
            api.terminate()
            try:
                api.wait(timeout=15)
            except subprocess.TimeoutExpired:
                api.kill()
            if copied:  # leave the lake as it was
                point_at(lake, old_id)
                shutil.rmtree(lake / "gold" / "snapshots" / copied, ignore_errors=True)
    return Report(str(lake), seconds, rate, connections, ready_s, records, old_id, new_id, swap_at)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lake", type=Path, help="a lake with a current snapshot")
    parser.add_argument("--scale", help="instead of --lake: build or reuse bench_api.py's lake")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--rate", type=float, default=100, help="requests per second")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--swap", action="store_true", help="commit a new snapshot halfway")
    parser.add_argument("--swap-to", help="an existing snapshot id to make current halfway")
    parser.add_argument("--poll", type=float, default=1.0, help="API_POLL_SECONDS of the API")
    parser.add_argument("--redis", help="API_REDIS_URL of the API (default: in-process cache)")
    parser.add_argument("--workers", type=int, default=1, help="API_WORKERS of the API")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    # the load process
    parser.add_argument("--client", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--base", help=argparse.SUPPRESS)
    parser.add_argument("--pairs", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("--start-at", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.client:
        return client_main(args)
    lake = args.lake
    if lake is None:
        if not args.scale:
            parser.error("give --lake or --scale")
        from bench_api import build_lake

        lake = build_lake(args.scale, args.seed, date(2025, 12, 31))
    report = run(
        lake, args.seconds, args.rate, swap=args.swap or bool(args.swap_to),
        swap_to=args.swap_to, connections=args.connections, poll_seconds=args.poll,
        redis_url=args.redis, seed=args.seed, workers=args.workers,
    )  # fmt: skip
    print(report.text())
    if args.json:
        save_figures(args.json, report.figures())
    return 1 if report.errors else 0


if __name__ == "__main__":
    sys.exit(main())
