"""The storage interface shared by every backend: keys, object info, errors."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Self

if TYPE_CHECKING:
    import pyarrow as pa

# Temporary files of in-flight local writes: ".<name>.<16 hex>.tmp", next to their target.
# list() never shows them and no key may use the pattern.
TEMP_FILE_PATTERN = re.compile(r"^\..+\.[0-9a-f]{16}\.tmp$")


class StorageError(Exception):
    """Base class of every storage failure."""


class ObjectNotFound(StorageError):
    """The key does not exist."""

    def __init__(self, key: str, where: str = "") -> None:
        self.key = key
        suffix = f" in {where}" if where else ""
        super().__init__(f"object not found: {key!r}{suffix}")


class StorageUnavailable(StorageError):
    """The storage service cannot be reached (or keeps failing)."""


@dataclass(frozen=True, slots=True)
class ObjectInfo:
    """One entry of a listing.

    ``key`` is relative to the storage root. A non-recursive listing also returns the
    "directories" directly under the prefix: their key ends with ``/``, ``size`` is 0 and
    ``last_modified`` is None. Objects always have a timezone-aware UTC ``last_modified``.
    """

    key: str
    size: int
    last_modified: datetime | None

    @property
    def is_dir(self) -> bool:
        return self.key.endswith("/")


def validate_key(key: str) -> str:
    """Return ``key`` if it is a valid relative POSIX key, else raise ValueError."""
    if not isinstance(key, str) or not key:
        raise ValueError(f"storage key must be a non-empty string, got {key!r}")
    if key.startswith("/"):
        raise ValueError(f"storage key must be relative, got {key!r}")
    if "\\" in key or "\x00" in key:
        raise ValueError(f"storage key must not contain backslashes or NUL, got {key!r}")
    segments = key.split("/")
    for segment in segments:
        if segment in ("", ".", ".."):
            raise ValueError(
                f"storage key must not contain empty, '.' or '..' segments, got {key!r}"
            )
    if TEMP_FILE_PATTERN.match(segments[-1]):
        raise ValueError(f"storage key uses the reserved temporary-file pattern: {key!r}")
    return key


def normalize_prefix(prefix: str) -> str:
    """Turn a folder prefix into ``""`` (the root) or ``"a/b/"``.

    Prefixes are folders, not string prefixes: ``"a/b"`` and ``"a/b/"`` both mean the
    folder ``a/b`` and never match ``a/bc``.
    """
    if prefix == "":
        return ""
    validate_key(prefix.removesuffix("/"))
    return prefix.removesuffix("/") + "/"


class Storage(ABC):
    """A flat key -> bytes store rooted at a directory or an S3 bucket (+ prefix).

    Every write is atomic per object: a reader sees the old content or the new, never a
    partial one. Keys are relative POSIX paths such as ``gold/_CURRENT``.
    """

    @abstractmethod
    def put_bytes(self, key: str, data: bytes) -> None:
        """Store ``data`` under ``key``, replacing any previous object."""

    @abstractmethod
    def get_bytes(self, key: str) -> bytes:
        """Return the object's content; ObjectNotFound if missing."""

    @abstractmethod
    def put_file(self, key: str, local_path: str | Path) -> None:
        """Upload a local file to ``key``."""

    @abstractmethod
    def get_file(self, key: str, local_path: str | Path) -> None:
        """Download ``key`` to a local file atomically, creating parent folders."""

    @abstractmethod
    def exists(self, key: str) -> bool:
        """True if an object is stored under ``key`` (folders are not objects)."""

    @abstractmethod
    def list(self, prefix: str = "", recursive: bool = True) -> list[ObjectInfo]:
        """List objects under the folder ``prefix``, sorted by key.

        Non-recursive listings return the direct children only; sub-folders come back as
        ``ObjectInfo`` entries whose key ends with ``/`` (see ObjectInfo).
        """

    @abstractmethod
    def delete(self, key: str) -> None:
        """Delete ``key``; a missing key is not an error."""

    @abstractmethod
    def delete_prefix(self, prefix: str) -> int:
        """Delete every object under the folder ``prefix``; return how many were deleted."""

    @abstractmethod
    def put_atomic(self, key: str, data: bytes) -> None:
        """Replace ``key`` atomically and durably; meant for pointers such as ``_CURRENT``."""

    @abstractmethod
    def write_parquet(self, key: str, table: pa.Table) -> None:
        """Write a pyarrow Table as Parquet to ``key`` (atomically)."""

    @abstractmethod
    def read_parquet(self, key: str) -> pa.Table:
        """Read the Parquet object ``key`` into a pyarrow Table."""

    @abstractmethod
    def describe(self) -> str:
        """A one-line description for logs; never contains secrets."""

    @abstractmethod
    def local_path(self, key: str) -> Path | None:
        """The real file path of ``key`` on a local backend, None for remote ones."""

    def close(self) -> None:  # noqa: B027 - optional hook, a no-op by default
        """Release network resources, if any."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.describe()}>"
