"""Named crash and pause points for fault-injection tests (after FoundationDB's and TiKV's).

A run started with ``PIPELINE_KILL_AT=<name>`` kills itself with SIGKILL when it reaches the
point of that name (``PIPELINE_KILL_AT=<name>#<n>`` at the n-th time). A run started with
``PIPELINE_PAUSE_AT=<name>[#<n>]`` sleeps there instead, for up to ``PIPELINE_PAUSE_SECONDS``
(default 60), or until the file named by ``PIPELINE_PAUSE_RELEASE`` exists, then goes on: a test
uses it to hold the run lock while it starts a second run. Without these variables a point costs
two dictionary look-ups. Tests use them to prove that a crash anywhere leaves the lake consistent
and the next run completes.

The points, in the order a run reaches them:

- ``run.started``: the lock is held and the run record is saved as running;
- ``bronze.file_written``: a landed file's bronze Parquet is written, its ledger entry is not
  (once per ingested file);
- ``bronze.ledger_written``: a landed file's ledger entry is written (its commit point), the next
  file not yet (once per ingested file);
- ``run.after_bronze``: every landed file is in bronze and in the ledger;
- ``exports.files_copied``: a valid ML export's files are copied into the lake, its manifest
  there is not (once per newly copied export);
- ``silver.batch_written``: a batch's silver (and quarantine) file is written, its accounting
  record in ``silver/_batches/`` is not (once per validated batch);
- ``run.after_silver``: every bronze batch is validated;
- ``training.files_written``: the training extract's data files are in ``exports/training/``, its
  manifest is not (only when the extract changed);
- ``gold.table_written``: one table file of the new snapshot is written (once per table);
- ``gold.manifest_written``: the snapshot's ``_manifest.json`` is written, ``_CURRENT`` not yet;
- ``gold.before_pointer``: just before ``_CURRENT`` is replaced;
- ``gold.after_pointer``: just after ``_CURRENT`` is replaced (retention, run record not yet);
- ``retention.manifest_deleted``: an old snapshot's manifest is deleted, its files not yet (once
  per deleted snapshot);
- ``run.recorded``: the run record holds the outcome, the lock is not yet released.
"""

from __future__ import annotations

import logging
import os
import signal
import time
from pathlib import Path

log = logging.getLogger(__name__)

KILL_AT = "PIPELINE_KILL_AT"
PAUSE_AT = "PIPELINE_PAUSE_AT"
PAUSE_SECONDS = "PIPELINE_PAUSE_SECONDS"
PAUSE_RELEASE = "PIPELINE_PAUSE_RELEASE"

_hits: dict[str, int] = {}


def _matches(target: str | None, name: str) -> bool:
    if not target:
        return False
    wanted, _, nth = target.partition("#")
    return wanted == name and _hits[name] == int(nth or 1)


def _pause(name: str) -> None:
    seconds = float(os.environ.get(PAUSE_SECONDS) or 60)
    release = os.environ.get(PAUSE_RELEASE)
    log.warning("failpoint: pid %d paused at %s for up to %.0f s", os.getpid(), name, seconds)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not (release and Path(release).exists()):
        time.sleep(0.05)
    log.warning("failpoint: pid %d resumes after %s", os.getpid(), name)


def point(name: str) -> None:
    kill_at, pause_at = os.environ.get(KILL_AT), os.environ.get(PAUSE_AT)
    if not kill_at and not pause_at:
        return
    _hits[name] = _hits.get(name, 0) + 1
    if _matches(pause_at, name):
        _pause(name)
    if _matches(kill_at, name):
        os.kill(os.getpid(), signal.SIGKILL)
