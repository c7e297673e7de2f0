"""Local paths for lake files, so DuckDB can read them.

A local lake is read in place. An S3 lake is mirrored into the work folder: a file is downloaded
only when it is not there yet or its size differs (lake files are immutable once written, so
name and size identify them), which keeps incremental runs from downloading history again.
"""

from __future__ import annotations

from pathlib import Path

from storage import Storage


def local_files(
    storage: Storage, prefix: str, work_dir: Path, suffix: str = ".parquet"
) -> list[Path]:
    paths = []
    for info in storage.list(prefix, recursive=True):
        if not info.key.endswith(suffix):
            continue
        direct = storage.local_path(info.key)
        if direct is not None:
            paths.append(direct)
            continue
        target = work_dir / "mirror" / info.key
        if not target.exists() or target.stat().st_size != info.size:
            storage.get_file(info.key, target)
        paths.append(target)
    return sorted(paths)
