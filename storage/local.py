"""Local-directory backend: keys are files under a root folder."""

from __future__ import annotations

import builtins
import contextlib
import logging
import os
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from storage.base import (
    TEMP_FILE_PATTERN,
    ObjectInfo,
    ObjectNotFound,
    Storage,
    StorageError,
    normalize_prefix,
    validate_key,
)

if TYPE_CHECKING:
    import pyarrow as pa

logger = logging.getLogger(__name__)

_CHUNK = 1024 * 1024


@contextmanager
def atomic_output(target: Path) -> Iterator[Path]:
    """Yield a hidden temp path next to ``target``; on success fsync it and rename it over.

    The temp file lives in the same folder so ``os.replace`` is an atomic rename; on any
    error it is removed and ``target`` is left untouched.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(8)}.tmp")
    try:
        yield tmp
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(target.parent)


def _fsync_dir(folder: Path) -> None:
    """Persist a rename (POSIX); a no-op where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def _copy_atomic(source: Path, target: Path) -> None:
    with atomic_output(target) as tmp, open(source, "rb") as src, open(tmp, "wb") as dst:
        shutil.copyfileobj(src, dst, _CHUNK)


def _utc(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp, tz=UTC)


def _has_visible_file(folder: Path) -> bool:
    for _dirpath, _dirnames, filenames in os.walk(folder):
        if any(not TEMP_FILE_PATTERN.match(name) for name in filenames):
            return True
    return False


class LocalStorage(Storage):
    """Objects are plain files under ``root``; every write is temp file + fsync + rename.

    Folders are created on write; empty folders never show up in listings, so the
    behaviour matches S3, which has no folders.
    """

    def __init__(self, root: str | Path) -> None:
        self.root = Path(os.path.abspath(Path(root).expanduser()))

    def _path(self, key: str) -> Path:
        return self.root.joinpath(*validate_key(key).split("/"))

    def local_path(self, key: str) -> Path | None:
        return self._path(key)

    def describe(self) -> str:
        return f"local:{self.root}"

    def put_bytes(self, key: str, data: bytes) -> None:
        path = self._path(key)
        try:
            with atomic_output(path) as tmp:
                tmp.write_bytes(data)
        except OSError as exc:
            raise StorageError(f"cannot write {key!r} in {self.describe()}: {exc}") from exc
        logger.debug("wrote %s (%d bytes) in %s", key, len(data), self.describe())

    def put_atomic(self, key: str, data: bytes) -> None:
        # put_bytes already writes a temp file, fsyncs it, renames it and fsyncs the folder.
        self.put_bytes(key, data)

    def get_bytes(self, key: str) -> bytes:
        path = self._path(key)
        try:
            return path.read_bytes()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError) as exc:
            raise ObjectNotFound(key, self.describe()) from exc
        except OSError as exc:
            raise StorageError(f"cannot read {key!r} in {self.describe()}: {exc}") from exc

    def put_file(self, key: str, local_path: str | Path) -> None:
        source = Path(local_path)
        if not source.is_file():
            raise FileNotFoundError(f"not a file: {source}")
        try:
            _copy_atomic(source, self._path(key))
        except OSError as exc:
            raise StorageError(f"cannot write {key!r} in {self.describe()}: {exc}") from exc

    def get_file(self, key: str, local_path: str | Path) -> None:
        path = self._path(key)
        if not path.is_file():
            raise ObjectNotFound(key, self.describe())
        try:
            _copy_atomic(path, Path(local_path))
        except FileNotFoundError as exc:  # deleted between the check and the copy
            raise ObjectNotFound(key, self.describe()) from exc

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def delete(self, key: str) -> None:
        path = self._path(key)
        if path.is_dir():
            return  # folders are not objects
        try:
            path.unlink(missing_ok=True)
        except NotADirectoryError:
            return
        except OSError as exc:
            raise StorageError(f"cannot delete {key!r} in {self.describe()}: {exc}") from exc

    def delete_prefix(self, prefix: str) -> int:
        folder_prefix = normalize_prefix(prefix)
        if not folder_prefix:
            raise ValueError("delete_prefix needs a non-empty prefix (refusing to wipe the root)")
        folder = self.root / folder_prefix
        if not folder.is_dir():
            return 0
        deleted = 0
        for dirpath, _dirnames, filenames in os.walk(folder, topdown=False):
            for name in filenames:
                if not TEMP_FILE_PATTERN.match(name):
                    Path(dirpath, name).unlink(missing_ok=True)
                    deleted += 1
            with contextlib.suppress(OSError):  # only empty folders go; in-flight writes stay
                os.rmdir(dirpath)
        logger.info("deleted %d objects under %s in %s", deleted, folder_prefix, self.describe())
        return deleted

    def write_parquet(self, key: str, table: pa.Table) -> None:
        import pyarrow.parquet as pq

        path = self._path(key)
        with atomic_output(path) as tmp:
            pq.write_table(table, tmp)

    def read_parquet(self, key: str) -> pa.Table:
        import pyarrow.parquet as pq

        path = self._path(key)
        if not path.is_file():
            raise ObjectNotFound(key, self.describe())
        return pq.read_table(path)

    def list(self, prefix: str = "", recursive: bool = True) -> builtins.list[ObjectInfo]:
        folder_prefix = normalize_prefix(prefix)
        folder = self.root / folder_prefix if folder_prefix else self.root
        if not folder.is_dir():
            return []
        entries = self._walk(folder) if recursive else self._children(folder)
        return sorted(entries, key=lambda info: info.key)

    def _key_of(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def _walk(self, folder: Path) -> Iterator[ObjectInfo]:
        for dirpath, _dirnames, filenames in os.walk(folder):
            for name in filenames:
                if TEMP_FILE_PATTERN.match(name):
                    continue
                info = self._file_info(Path(dirpath, name))
                if info is not None:
                    yield info

    def _children(self, folder: Path) -> Iterator[ObjectInfo]:
        with os.scandir(folder) as entries:
            for entry in entries:
                path = Path(entry.path)
                if entry.is_dir():
                    if _has_visible_file(path):
                        yield ObjectInfo(self._key_of(path) + "/", 0, None)
                elif not TEMP_FILE_PATTERN.match(entry.name):
                    info = self._file_info(path)
                    if info is not None:
                        yield info

    def _file_info(self, path: Path) -> ObjectInfo | None:
        try:
            stat = path.stat()
        except FileNotFoundError:  # deleted while listing
            return None
        return ObjectInfo(self._key_of(path), stat.st_size, _utc(stat.st_mtime))
