"""The pipeline's command line.

    python -m pipeline run [--force]    one run: landing -> bronze -> silver -> gold snapshot
    python -m pipeline schedule         run every day at PIPELINE_SCHEDULE_TIME (long-running)
    python -m pipeline status           current snapshot, recent runs, rejects by reason

Exit codes: 0 success, 1 the run failed (the reason is logged and in lake/runs/), 2 bad settings,
75 another run is in progress (try again later).

Cron, instead of `schedule` (every day at 02:30, from the repository folder):
    30 2 * * * cd /opt/spareparts && .venv/bin/python -m pipeline run >> /var/log/pipeline.log 2>&1
"""

from __future__ import annotations

import argparse
import logging
import sys
import time

from pipeline import logs
from pipeline.runlock import EXIT_ALREADY_RUNNING, RunAlreadyRunning
from pipeline.settings import PipelineSettings
from storage import SettingsError

log = logging.getLogger("pipeline")

EXIT_FAILED = 1
EXIT_SETTINGS = 2


def cmd_run(settings: PipelineSettings, force: bool) -> int:
    from pipeline.runner import run_once

    try:
        record = run_once(settings, force=force)
    except RunAlreadyRunning as exc:
        log.error("%s; this run exits without doing anything", exc)
        return EXIT_ALREADY_RUNNING
    except Exception as exc:
        log.exception("run failed: %s (the previous snapshot stays current)", exc)
        return EXIT_FAILED
    log.info(
        "run %s succeeded in %.1f s; current snapshot: %s",
        record.run_id,
        record.seconds,
        record.snapshot_id,
    )
    return 0


def cmd_schedule(settings: PipelineSettings) -> int:
    import schedule

    def job() -> None:
        code = cmd_run(settings, force=False)
        if code:
            log.error("scheduled run ended with exit code %d; next try at %s", code, next_time())

    def next_time() -> str:
        return str(schedule.next_run())

    schedule.every().day.at(settings.schedule_time, settings.timezone).do(job)
    log.info(
        "scheduler started: a run every day at %s (%s)",
        settings.schedule_time,
        settings.timezone,
    )
    try:  # Ctrl-C at any point from here on stops the scheduler cleanly
        if settings.run_at_start:
            job()
        log.info("next run at %s", next_time())
        while True:
            schedule.run_pending()
            time.sleep(min(30.0, max(1.0, schedule.idle_seconds() or 30.0)))
    except KeyboardInterrupt:
        log.info("scheduler stopped")
    return 0


def cmd_status(settings: PipelineSettings) -> int:
    from pipeline.status import print_status

    print_status(settings)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="one run (idempotent)")
    run.add_argument("--force", action="store_true", help="rebuild gold even with no new input")
    sub.add_parser("schedule", help="run every day at PIPELINE_SCHEDULE_TIME")
    sub.add_parser("status", help="current snapshot, recent runs, rejects")
    args = parser.parse_args(argv)
    try:
        settings = PipelineSettings()
    except SettingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_SETTINGS
    logs.configure(settings.log_level, settings.log_format)
    if args.command == "run":
        return cmd_run(settings, args.force)
    if args.command == "schedule":
        return cmd_schedule(settings)
    return cmd_status(settings)


if __name__ == "__main__":
    sys.exit(main())
