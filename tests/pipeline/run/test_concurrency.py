"""One pipeline writes at a time: a second run started during a run exits at once with code 75."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.runlock import EXIT_ALREADY_RUNNING
from storage import open_storage
from tests.factories import Workspace, wait_until
from tests.pipeline.run import lakeview


def wait_for(path: Path, process, seconds: float = 60) -> None:
    def appeared() -> bool:
        assert process.poll() is None, process.communicate()[1][-3000:]
        return path.exists()

    wait_until(appeared, f"{path} to appear", seconds)


def test_a_second_run_is_refused_while_one_is_running(
    built_copy: Workspace, tmp_path: Path
) -> None:
    lake = open_storage(str(built_copy.lake))
    runs_before = len(lakeview.run_records(lake))
    release = tmp_path / "release-first-run"
    # The first run takes the lock, then waits after bronze until the test releases it.
    first = built_copy.popen(
        "run",
        PIPELINE_PAUSE_AT="run.after_bronze",
        PIPELINE_PAUSE_RELEASE=str(release),
        PIPELINE_PAUSE_SECONDS="90",
    )
    try:
        wait_for(built_copy.lake / "_lease.json", first)
        holder = json.loads((built_copy.lake / "_lease.json").read_text())

        second = built_copy.cli("run", timeout=60)

        assert second.returncode == EXIT_ALREADY_RUNNING == 75
        assert "another pipeline run is in progress" in second.stderr
        assert holder["run_id"] in second.stderr and f"pid {first.pid}" in second.stderr
        assert first.poll() is None  # the second run did not wait for the first one
        records = lakeview.run_records(lake)
        assert len(records) == runs_before + 1  # the refused run wrote nothing
        assert records[-1]["run_id"] == holder["run_id"]
    finally:
        release.touch()
        _, stderr = first.communicate(timeout=90)
    assert first.returncode == 0, stderr[-3000:]
    assert not (built_copy.lake / "_lease.json").exists()
    # The lock is free again: the next run goes ahead.
    assert built_copy.run().status == "succeeded"
