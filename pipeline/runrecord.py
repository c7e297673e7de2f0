"""The record of a pipeline run (``lake/runs/<run_id>.json``): steps, timings, counts, status."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from pipeline import lake as keys
from storage import ObjectNotFound, Storage

log = logging.getLogger(__name__)


@dataclass
class Step:
    name: str
    started_at: str
    seconds: float = 0.0
    status: str = "running"
    counts: dict[str, Any] = field(default_factory=dict)
    error: str | None = None


@dataclass
class RunRecord:
    run_id: str
    started_at: str
    status: str = "running"  # running | succeeded | failed
    finished_at: str | None = None
    seconds: float = 0.0
    snapshot_id: str | None = None
    error: str | None = None
    steps: list[Step] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)

    @contextmanager
    def step(self, name: str) -> Iterator[Step]:
        step = Step(name, datetime.now(UTC).isoformat(timespec="seconds"))
        self.steps.append(step)
        start = time.perf_counter()
        log.info("step %s: started", name)
        try:
            yield step
        except BaseException as exc:
            step.status = "failed"
            step.error = f"{type(exc).__name__}: {exc}"
            raise
        else:
            step.status = "succeeded"
        finally:
            step.seconds = round(time.perf_counter() - start, 3)
            log.info("step %s: %s in %.2f s", name, step.status, step.seconds)

    def to_json(self) -> bytes:
        return json.dumps(asdict(self), indent=2, ensure_ascii=False, default=str).encode()

    def save(self, lake: Storage) -> None:
        lake.put_atomic(keys.run_key(self.run_id), self.to_json())


def committed_runs(lake: Storage) -> set[str]:
    """Runs whose snapshot is published: the current one's and the previous one's."""
    try:
        pointer = json.loads(lake.get_bytes(keys.CURRENT))
    except (ObjectNotFound, ValueError):
        return set()
    return {str(pointer.get("run_id") or pointer.get("snapshot_id")), str(pointer.get("previous"))}


def close_interrupted(lake: Storage, limit: int = 10) -> list[str]:
    """Record the newest runs still marked running as failed; returns their run ids.

    Called by the run that holds the lock, so such a run cannot be in progress: its process died
    (SIGKILL, out of memory, host lost) before it could record how it ended. A run that had
    already published its snapshot says so (its snapshot stays current).
    """
    closed = []
    committed = committed_runs(lake)
    for record in recent_runs(lake, limit):
        if record.get("status") != "running":
            continue
        record["status"] = "failed"
        if record["run_id"] in committed:
            record["snapshot_id"] = record["run_id"]
            record["error"] = (
                "interrupted after its snapshot was committed: the process ended before the "
                "run finished (its snapshot is published; retention did not run)"
            )
        else:
            record["error"] = "interrupted: the process ended before the run finished"
        lake.put_atomic(
            keys.run_key(record["run_id"]),
            json.dumps(record, indent=2, ensure_ascii=False, default=str).encode(),
        )
        log.warning("run %s was interrupted; recorded as failed", record["run_id"])
        closed.append(record["run_id"])
    return closed


def recent_runs(lake: Storage, limit: int = 10) -> list[dict]:
    infos = [i for i in lake.list(keys.RUNS + "/") if i.key.endswith(".json")]
    newest = sorted(infos, key=lambda i: i.key)[-limit:]
    return [json.loads(lake.get_bytes(i.key)) for i in reversed(newest)]
