"""One pipeline writes at a time.

The lock is an OS file lock (``flock``) on a local file: the kernel releases it when the process
dies, even by SIGKILL, so a crashed run never blocks the next one. For a local lake the lock file
sits in the lake folder itself; for an S3 lake it sits in the work folder, and a lease object in
the lake (``_lease.json``) also tells pipelines on other hosts that a run is in progress (a lease
older than its time-to-live is considered abandoned).
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import re
import socket
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import IO, Self

from pipeline import lake as keys
from storage import ObjectNotFound, Storage

log = logging.getLogger(__name__)

EXIT_ALREADY_RUNNING = 75  # EX_TEMPFAIL: try again later


class RunAlreadyRunning(Exception):
    """Another run holds the lock."""


@dataclass(frozen=True)
class Holder:
    run_id: str
    host: str
    pid: int
    started_at: str

    def describe(self) -> str:
        return f"run {self.run_id} (pid {self.pid} on {self.host}, started {self.started_at})"

    @classmethod
    def parse(cls, text: str) -> Holder | None:
        """The holder a lock file names (the text `describe` wrote), None when it names none."""
        found = _DESCRIBED.fullmatch(text.strip())
        if not found:
            return None
        return cls(found["run_id"], found["host"], int(found["pid"]), found["started_at"])

    def alive(self) -> bool:
        """Whether the process is still there (only knowable on its own host)."""
        if self.host != socket.gethostname():
            return False
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:  # a process of another user: it exists
            return True
        return True


_DESCRIBED = re.compile(
    r"run (?P<run_id>\S+) \(pid (?P<pid>\d+) on (?P<host>\S+), started (?P<started_at>\S+)\)"
)


def lock_path(lake: Storage, work_dir: Path) -> Path:
    local = lake.local_path(keys.LEASE)
    return (local.parent if local else work_dir) / ".pipeline.lock"


def active_run(lake: Storage, work_dir: Path) -> str | None:
    """The id of the run in progress, None when none is: read without taking the lock (a
    status check must never make a starting run exit). A run is in progress when the process
    the lock file names is alive on this host, or a lease of another host has not expired."""
    try:
        holder = Holder.parse(lock_path(lake, work_dir).read_text(encoding="utf-8"))
    except OSError:
        holder = None
    if holder and holder.alive():
        return holder.run_id
    try:
        lease = json.loads(lake.get_bytes(keys.LEASE))
    except (ObjectNotFound, ValueError):
        return None
    if lease.get("host") != socket.gethostname():
        expires = datetime.fromisoformat(lease["expires_at"])
        if expires > datetime.now(UTC):
            return str(lease["run_id"])
    return None


class RunLock:
    def __init__(self, lake: Storage, run_id: str, work_dir: Path, lease_ttl: timedelta) -> None:
        self.lake = lake
        self.path = lock_path(lake, work_dir)
        self.lease_ttl = lease_ttl
        self.holder = Holder(
            run_id=run_id,
            host=socket.gethostname(),
            pid=os.getpid(),
            started_at=datetime.now(UTC).isoformat(timespec="seconds"),
        )
        self._file: IO[str] | None = None

    def __enter__(self) -> Self:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = self.path.open("a+", encoding="utf-8")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            other = handle.read().strip() or "another run"
            handle.close()
            raise RunAlreadyRunning(f"another pipeline run is in progress: {other}") from None
        handle.seek(0)
        handle.truncate()
        handle.write(self.holder.describe())
        handle.flush()
        self._file = handle
        try:
            self._take_lease()
        except BaseException:
            self._release_file()
            raise
        return self

    def _take_lease(self) -> None:
        try:
            lease = json.loads(self.lake.get_bytes(keys.LEASE))
        except ObjectNotFound:
            lease = None
        if lease and lease.get("host") != self.holder.host:
            expires = datetime.fromisoformat(lease["expires_at"])
            if expires > datetime.now(UTC):
                raise RunAlreadyRunning(
                    f"another pipeline run is in progress on host {lease['host']}: run "
                    f"{lease['run_id']} since {lease['started_at']} "
                    f"(lease until {lease['expires_at']})"
                )
        expires_at = datetime.now(UTC) + self.lease_ttl
        record = {**self.holder.__dict__, "expires_at": expires_at.isoformat(timespec="seconds")}
        self.lake.put_atomic(keys.LEASE, json.dumps(record).encode())

    def _release_file(self) -> None:
        if self._file is not None:
            fcntl.flock(self._file, fcntl.LOCK_UN)
            self._file.close()
            self._file = None

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            self.lake.delete(keys.LEASE)
        except Exception as error:  # the storage is gone: keep the run's own error
            if exc is None:
                raise
            log.error("cannot remove the run lease %s: %s", keys.LEASE, error)
        finally:
            self._release_file()
