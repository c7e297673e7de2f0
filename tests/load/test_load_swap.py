"""A bounded load from another process on a real API while a new snapshot is swapped in.

``benchmarks/load.py`` serves the lake with ``python -m backend``, sends a fixed rate of requests
from a second process over loopback (series uncached and cached, reorder pages, KPIs), and commits
a new snapshot halfway. What a planner relies on is asserted: every request answered 200 with a
``snapshot_id`` that is one of the two, both snapshots served, and once the new snapshot answered,
no later request got the old one. Latencies are printed against the budgets in docs/performance.md, never
asserted.

In ``make test`` it runs on the S session lake (``first`` current, then ``second``) for
``LOAD_SECONDS`` (15 s). The long mode, ``LOAD_SCALE=L LOAD_SECONDS=60``, runs on bench_api.py's
L lake (built once, kept in benchmarks/results/) and commits a hard-linked copy of its snapshot
under a new id (``make load`` does the same through the script).
"""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

import load  # noqa: E402

from tests.backend.conftest import Lake  # noqa: E402

LOAD_SECONDS = float(os.environ.get("LOAD_SECONDS", "15"))
LOAD_SCALE = os.environ.get("LOAD_SCALE", "S")
LOAD_RATE = float(os.environ.get("LOAD_RATE", "60"))


def test_load_from_another_process_while_a_new_snapshot_is_swapped_in(
    lake: Lake, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if LOAD_SCALE == "S":
        root = lake.copy(tmp_path / "lake")
        load.point_at(root, lake.first.snapshot_id)
        swap_to: str | None = lake.second.snapshot_id
    else:
        from bench_api import build_lake

        root = build_lake(LOAD_SCALE, 7, date(2025, 12, 31))
        swap_to = None  # a new snapshot: the current one's files under a new id
    report = load.run(
        root, LOAD_SECONDS, LOAD_RATE, swap=True, swap_to=swap_to, work=tmp_path / "work"
    )
    with capsys.disabled():
        sys.stdout.write(f"\n{report.text()}\n")

    assert len(report.records) == int(LOAD_SECONDS * LOAD_RATE)  # every request was answered
    assert report.errors == []
    assert {r["route"] for r in report.records} == set(load.MIX)
    served = report.served
    assert set(served) == {report.old_id, report.new_id}, served
    assert report.back_to_old() == []
