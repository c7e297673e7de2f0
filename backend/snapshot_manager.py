"""Serve the current gold snapshot and swap to a new one when ``gold/_CURRENT`` moves.

Opening and verifying one snapshot is ``backend.snapshot``'s; this module polls the pointer,
keeps the current snapshot and a few retained ones open, and refuses a snapshot that fails (the
last good one keeps serving).
"""

from __future__ import annotations

import logging
import shutil
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

from backend.snapshot import (
    CURRENT_KEY,
    DEFAULT_MATERIALIZE_MAX_ROWS,
    Snapshot,
    SnapshotError,
    SnapshotNotFound,
    list_snapshot_ids,
    open_snapshot,
    read_pointer,
)
from storage import Storage, StorageError

log = logging.getLogger(__name__)


class SnapshotManager:
    """Serves the current snapshot and swaps to a new one when ``_CURRENT`` moves.

    ``refresh()`` is called by the poll thread; it never raises. ``get(id)`` returns the current
    snapshot (``id`` None) or a retained one opened on demand (a few kept open, LRU).
    """

    def __init__(
        self,
        storage: Storage,
        cache_dir: Path,
        *,
        poll_seconds: float = 5.0,
        open_max: int = 3,
        materialize_max_rows: int = DEFAULT_MATERIALIZE_MAX_ROWS,
        on_event: Callable[[str], None] | None = None,
    ) -> None:
        self.storage = storage
        self.cache_dir = cache_dir
        self.poll_seconds = poll_seconds
        self.open_max = open_max
        self.materialize_max_rows = materialize_max_rows
        self._on_event = on_event or (lambda _event: None)
        self._current: Snapshot | None = None
        self._others: OrderedDict[str, Snapshot] = OrderedDict()
        self._refused: set[str] = set()
        self._lock = threading.Lock()  # guards _others; _current is swapped by one assignment
        self._refresh_lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.last_error: str | None = None
        self.last_poll: float | None = None

    @property
    def current(self) -> Snapshot | None:
        return self._current

    def refresh(self) -> bool:
        """Load the snapshot ``_CURRENT`` names if it is new; True when a swap happened."""
        with self._refresh_lock:
            self.last_poll = time.time()
            snapshot_id: str | None = None
            try:
                pointer = read_pointer(self.storage)
                snapshot_id = pointer["snapshot_id"]
                current = self._current
                if current is not None and current.snapshot_id == snapshot_id:
                    self.last_error = None
                    return False
                if snapshot_id in self._refused:
                    return False
                snapshot = open_snapshot(
                    self.storage, snapshot_id, self.cache_dir, pointer, self.materialize_max_rows
                )
            except SnapshotError as exc:
                if snapshot_id is not None and not isinstance(exc, SnapshotNotFound):
                    self._refused.add(snapshot_id)
                self._fail(f"snapshot refused: {exc}", "refused")
                return False
            except (StorageError, OSError) as exc:
                self._fail(f"storage unreachable: {exc}", "storage_error")
                return False
            previous, self._current = self._current, snapshot
            if previous is not None:
                self._keep(previous)
            self.last_error = None
            self._prune_cache()
            self._on_event("swapped")
            log.info("serving gold snapshot %s", snapshot_id)
            return True

    def _fail(self, message: str, event: str) -> None:
        if message != self.last_error:
            log.warning(
                "%s (still serving %s)", message, self._current and self._current.snapshot_id
            )
        self.last_error = message
        self._on_event(event)

    def _keep(self, snapshot: Snapshot) -> None:
        """Keep a no-longer-current snapshot open for the ``snapshot`` parameter (LRU)."""
        with self._lock:
            self._others[snapshot.snapshot_id] = snapshot
            self._others.move_to_end(snapshot.snapshot_id)
            while len(self._others) > self.open_max:
                self._others.popitem(last=False)  # closed by GC once no request holds it

    def _prune_cache(self) -> None:
        """Delete local copies of S3 snapshots that are neither current nor kept open."""
        if self.storage.local_path(CURRENT_KEY) is not None or not self.cache_dir.is_dir():
            return
        with self._lock:
            keep = set(self._others)
        if self._current is not None:
            keep.add(self._current.snapshot_id)
        for folder in self.cache_dir.iterdir():
            if folder.is_dir() and not folder.name.startswith(".") and folder.name not in keep:
                shutil.rmtree(folder, ignore_errors=True)

    def get(self, snapshot_id: str | None = None) -> Snapshot:
        current = self._current
        if snapshot_id is None or (current is not None and current.snapshot_id == snapshot_id):
            if current is None:
                raise SnapshotError(self.last_error or "no snapshot loaded yet")
            return current
        with self._lock:
            found = self._others.get(snapshot_id)
            if found is not None:
                self._others.move_to_end(snapshot_id)
                return found
        try:
            snapshot = open_snapshot(
                self.storage, snapshot_id, self.cache_dir, None, self.materialize_max_rows
            )
        except StorageError as exc:
            raise SnapshotError(f"storage unreachable: {exc}") from exc
        self._keep(snapshot)
        return snapshot

    def retained(self) -> list[str]:
        return list_snapshot_ids(self.storage)

    def start(self) -> None:
        """Load now (best effort) and poll in a daemon thread."""
        self.refresh()
        self._thread = threading.Thread(target=self._poll, name="snapshot-poll", daemon=True)
        self._thread.start()

    def _poll(self) -> None:
        while not self._stop.wait(self.poll_seconds):
            self.refresh()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self.storage.close()
