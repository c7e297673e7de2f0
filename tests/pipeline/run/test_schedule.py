"""`python -m pipeline schedule`: runs at start when asked, survives a failed run, logs both."""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path

from storage import open_storage
from tests.factories import Samples, Workspace, copy_landing
from tests.pipeline.run import lakeview


def watch(process: subprocess.Popen, seconds: float, until: str) -> str:
    """Collect stderr until `until` appears (or time runs out); the process keeps running."""
    deadline = time.monotonic() + seconds
    seen = ""
    assert process.stderr is not None
    while time.monotonic() < deadline and until not in seen:
        line = process.stderr.readline()
        if not line and process.poll() is not None:
            break
        seen += line
    return seen


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def test_schedule_runs_at_start_and_waits_for_the_next_day(
    workspace: Workspace, samples: Samples
) -> None:
    copy_landing(samples.clean, workspace.landing)
    process = workspace.popen(
        "schedule", PIPELINE_RUN_AT_START="true", PIPELINE_SCHEDULE_TIME="03:15"
    )
    try:
        log = watch(process, 120, "next run at")
        assert "every day at 03:15 (America/Sao_Paulo)" in log
        assert "succeeded" in log and "next run at" in log
        assert process.poll() is None  # still waiting for tomorrow
    finally:
        stop(process)
    lake = open_storage(str(workspace.lake))
    assert lakeview.pointer(lake) is not None
    assert lakeview.run_records(lake)[-1]["status"] == "succeeded"


def test_schedule_survives_a_failed_run(workspace: Workspace, tmp_path: Path) -> None:
    workspace.root.mkdir(parents=True, exist_ok=True)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("the lake path is a file: every run fails")
    process = workspace.popen(
        "schedule", PIPELINE_RUN_AT_START="true", PIPELINE_LAKE_URI=str(blocker)
    )
    try:
        log = watch(process, 60, "next run at")
        assert "run failed" in log
        assert "scheduled run ended with exit code 1" in log
        assert "next run at" in log
        # Still alive, waiting for the next run: it answers an interrupt by stopping cleanly.
        assert process.poll() is None
        process.send_signal(signal.SIGINT)
        _, rest = process.communicate(timeout=20)
        assert process.returncode == 0
        assert "scheduler stopped" in rest
    finally:
        stop(process)
