"""`python -m pipeline status`: what an operator checks in the morning.

A run's state as shown: ``running`` (its process holds the lock now), ``interrupted`` (recorded
as running, but its process is gone: killed, out of memory, host lost), ``succeeded``,
``failed``, or ``committed, then interrupted`` (its snapshot was published before the process
ended). Files of the last run that could not be read are listed by name.
"""

from __future__ import annotations

import sys
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from pipeline import snapshot
from pipeline.runlock import active_run
from pipeline.runrecord import committed_runs, recent_runs
from pipeline.settings import PipelineSettings
from pipeline.silver import done_batches


def run_state(record: dict, active: str | None, committed: set[str]) -> str:
    """What a run record means now (see the module docstring)."""
    status = str(record.get("status"))
    run_id = record.get("run_id")
    if status == "running":
        if run_id == active:
            return "running"
        return "committed, then interrupted" if run_id in committed else "interrupted"
    if status == "failed" and run_id in committed:
        return "committed, then interrupted"
    if status == "failed" and "interrupted" in str(record.get("error") or ""):
        return "interrupted"
    return status


def unreadable_files(record: dict) -> list[str]:
    for step in record.get("steps") or []:
        if step.get("name") == "bronze":
            return list((step.get("counts") or {}).get("unreadable") or [])
    return []


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
    records = recent_runs(lake, limit)
    active = active_run(lake, Path(settings.work_dir).resolve())
    committed = committed_runs(lake)
    runs = Table(title="recent runs")
    for column in ("run", "status", "seconds", "snapshot"):
        runs.add_column(column, no_wrap=True)
    runs.add_column("error")
    colors = {"succeeded": "green", "running": "cyan", "failed": "red", "interrupted": "red"}
    for run in records:
        state = run_state(run, active, committed)
        color = colors.get(state, "yellow")
        runs.add_row(
            run["run_id"],
            f"[{color}]{state}[/{color}]",
            f"{run.get('seconds', 0):.1f}",
            str(run.get("snapshot_id") or ""),
            escape((run.get("error") or "")[:120]),
        )
    console.print(runs)
    finished = [r for r in records if r.get("status") != "running"]
    skipped = unreadable_files(finished[0]) if finished else []
    if skipped:
        console.print(
            f"[yellow]files the last run could not read ({len(skipped)}; skipped, tried again "
            "next run):[/yellow]"
        )
        for reason in skipped:
            console.print(f"  {escape(reason)}", soft_wrap=True)
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
