"""Named crash points for fault-injection tests (after FoundationDB's and TiKV's failpoints).

A run started with ``PIPELINE_KILL_AT=<name>`` kills itself with SIGKILL when it reaches the
point of that name (``PIPELINE_KILL_AT=<name>#<n>`` at the n-th time). Without the variable a
point costs one dictionary look-up. Tests use it to prove that a crash anywhere leaves the lake
consistent and the next run completes.
"""

from __future__ import annotations

import os
import signal

_hits: dict[str, int] = {}


def point(name: str) -> None:
    target = os.environ.get("PIPELINE_KILL_AT")
    if not target:
        return
    wanted, _, nth = target.partition("#")
    if wanted != name:
        return
    _hits[name] = _hits.get(name, 0) + 1
    if _hits[name] >= int(nth or 1):
        os.kill(os.getpid(), signal.SIGKILL)
