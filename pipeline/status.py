"""`python -m pipeline status`: what an operator checks in the morning."""

from __future__ import annotations

import sys

from rich.console import Console
from rich.table import Table

from pipeline import snapshot
from pipeline.runrecord import recent_runs
from pipeline.settings import PipelineSettings
from pipeline.silver import done_batches


def print_status(settings: PipelineSettings, limit: int = 10) -> None:
    console = Console(width=None if sys.stdout.isatty() else 140)
    lake = settings.lake()
    console.print(f"lake: {lake.describe()}")
    pointer = snapshot.current(lake)
    if pointer:
        console.print(
            f"current snapshot: [bold]{pointer['snapshot_id']}[/bold] "
            f"(as of {pointer.get('as_of_date')}, committed {pointer['committed_at']}, "
            f"model {pointer.get('model_version') or 'none'}; previous {pointer.get('previous')})"
        )
        quality = lake.read_parquet(f"gold/snapshots/{pointer['snapshot_id']}/data_quality.parquet")
        checks = Table(title="data quality of the current snapshot")
        for column in ("check", "status", "message"):
            checks.add_column(column)
        colors = {"ok": "green", "warn": "yellow", "fail": "red"}
        for row in quality.to_pylist():
            color = colors.get(row["status"], "white")
            checks.add_row(row["check_name"], f"[{color}]{row['status']}[/{color}]", row["message"])
        console.print(checks)
    else:
        console.print("current snapshot: none yet (run `python -m pipeline run`)")
    runs = Table(title="recent runs")
    for column in ("run", "status", "seconds", "snapshot", "error"):
        runs.add_column(column)
    for run in recent_runs(lake, limit):
        runs.add_row(
            run["run_id"],
            run["status"],
            f"{run.get('seconds', 0):.1f}",
            str(run.get("snapshot_id") or ""),
            (run.get("error") or "")[:80],
        )
    console.print(runs)
    rejects: dict[tuple[str, str], int] = {}
    for account in done_batches(lake).values():
        for rule, count in account.rejects_by_rule.items():
            rejects[(account.source, rule)] = rejects.get((account.source, rule), 0) + count
    table = Table(title="rows quarantined, by source and rule (all runs)")
    for column in ("source", "rule", "rows"):
        table.add_column(column)
    for (source, rule), count in sorted(rejects.items()):
        table.add_row(source, rule, str(count))
    console.print(table if rejects else "no row quarantined")
