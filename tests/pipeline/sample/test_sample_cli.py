"""The command line: ``python -m pipeline.sample``."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from pipeline.sample import SampleConfig, Scale

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[3]


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    return subprocess.run(
        [sys.executable, "-m", "pipeline.sample", "--quiet", *args],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=120,
    )  # fmt: skip


def test_writes_one_folder_per_source_and_a_summary(tmp_path: Path) -> None:
    out = tmp_path / "landing"
    done = run_cli("--out", str(out), "--start", "2024-01-01", "--end", "2024-01-31")
    assert done.returncode == 0, done.stderr
    expected = {
        "suppliers/suppliers.csv", "warehouses/warehouses.csv", "items/items.csv",
        "sites/sites.csv", "consumption/consumption_2024-01-01_2024-01-31.csv",
        "inventory/inventory_2024-01-01_2024-01-31.csv",
        "purchase_orders/purchase_orders_2024-01-01_2024-01-31.csv",
    }  # fmt: skip
    written = {str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()}
    assert written == expected
    for name in expected:
        assert name in done.stdout
    assert "2024-01-01..2024-01-31" in done.stdout
    assert not (out / "_defects.json").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--start", "2024-02-01", "--end", "2024-01-01"), "after --end"),
        (("--end", "2024-01-31", "--start", "2024-01-01", "--increment-from", "2024-01-31"),
         "--increment-from"),
        (("--start", "1999-12-31", "--end", "2000-01-31"), "2000-01-01"),
    ],
)  # fmt: skip
def test_bad_arguments_exit_2_with_a_message(
    tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    done = run_cli("--out", str(tmp_path / "landing"), *args)
    assert done.returncode == 2
    assert message in done.stderr
    assert not (tmp_path / "landing" / "consumption").exists()


def test_unknown_scale_is_refused(tmp_path: Path) -> None:
    done = run_cli("--out", str(tmp_path), "--scale", "M")
    assert done.returncode == 2 and "scale must be S or L" in done.stderr


def test_default_dates_end_yesterday_and_span_whole_years() -> None:
    today = date(2025, 3, 10)
    small = SampleConfig(out=Path("x")).resolved(today=today)
    assert (small.start, small.end) == (date(2023, 3, 10), date(2025, 3, 9))
    large = SampleConfig(out=Path("x"), scale=Scale.L).resolved(today=today)
    assert (large.start, large.end) == (date(2022, 3, 10), date(2025, 3, 9))
    assert large.format_of("inventory") == "parquet" and large.format_of("items") == "csv"
    assert small.format_of("inventory") == "csv"


def test_clean_removes_earlier_samples_only(tmp_path: Path) -> None:
    out = tmp_path / "landing"
    (out / "consumption").mkdir(parents=True)
    stale = out / "consumption" / "consumption_2020-01-01_2020-12-31.csv"
    stale.write_text("old\n")
    foreign = out / "consumption" / "README.txt"
    foreign.write_text("kept\n")
    done = run_cli("--out", str(out), "--start", "2024-01-01", "--end", "2024-01-05")
    assert done.returncode == 0 and stale.exists()
    assert "other files" in done.stderr  # a warning about the earlier run
    done = run_cli("--out", str(out), "--start", "2024-01-01", "--end", "2024-01-05", "--clean")
    assert done.returncode == 0, done.stderr
    assert not stale.exists() and foreign.exists()
