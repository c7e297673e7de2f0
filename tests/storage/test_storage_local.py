"""Local backend specifics: atomic writes, hidden temp files, folders."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pyarrow as pa
import pytest

from storage import LocalStorage, StorageError


@pytest.fixture
def local(tmp_path: Path) -> LocalStorage:
    return LocalStorage(tmp_path / "lake")


def test_reader_never_sees_a_partial_file(
    local: LocalStorage, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Just before the rename the new bytes sit in a hidden temp file in the same folder."""
    local.put_bytes("gold/_CURRENT", b"old")
    real_replace = os.replace
    seen: dict[str, object] = {}

    def observing_replace(src: str | Path, dst: str | Path) -> None:
        src, dst = Path(src), Path(dst)
        seen["same_folder"] = src.parent == dst.parent
        seen["temp_content"] = src.read_bytes()
        seen["reader_sees"] = local.get_bytes("gold/_CURRENT")
        seen["listing"] = [info.key for info in local.list()]
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", observing_replace)
    local.put_atomic("gold/_CURRENT", b"new content")

    assert seen == {
        "same_folder": True,
        "temp_content": b"new content",
        "reader_sees": b"old",
        "listing": ["gold/_CURRENT"],
    }
    assert local.get_bytes("gold/_CURRENT") == b"new content"


def test_failed_write_keeps_old_content_and_leaves_no_temp(
    local: LocalStorage, monkeypatch: pytest.MonkeyPatch
) -> None:
    local.put_bytes("gold/_CURRENT", b"old")

    def failing_replace(src: str | Path, dst: str | Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(StorageError, match="gold/_CURRENT"):
        local.put_bytes("gold/_CURRENT", b"new")
    with pytest.raises(OSError):
        local.write_parquet("gold/t.parquet", pa.table({"a": [1]}))
    monkeypatch.undo()

    assert local.get_bytes("gold/_CURRENT") == b"old"
    assert sorted(os.listdir(local.root / "gold")) == ["_CURRENT"]


def test_crash_mid_write_leaves_old_content_and_hides_the_leftover(local: LocalStorage) -> None:
    """A process killed before its rename leaves a temp file that list() never shows."""
    local.put_bytes("gold/_CURRENT", b"old")
    script = textwrap.dedent(
        f"""
        import os
        from storage import LocalStorage
        os.replace = lambda src, dst: os._exit(9)  # die right before the rename
        LocalStorage({str(local.root)!r}).put_bytes("gold/_CURRENT", b"new")
        """
    )
    result = subprocess.run([sys.executable, "-c", script], timeout=60)

    assert result.returncode == 9
    on_disk = sorted(os.listdir(local.root / "gold"))
    assert len(on_disk) == 2 and on_disk[0].startswith(".")  # the orphaned temp file
    assert [info.key for info in local.list()] == ["gold/_CURRENT"]
    assert [info.key for info in local.list("gold", recursive=False)] == ["gold/_CURRENT"]
    assert local.get_bytes("gold/_CURRENT") == b"old"
    assert local.delete_prefix("gold") == 1  # the leftover is not counted as an object


def test_root_is_created_on_first_write(tmp_path: Path) -> None:
    local = LocalStorage(tmp_path / "not" / "yet")

    assert local.list() == []
    assert not local.exists("a")
    local.put_bytes("a", b"x")
    assert (tmp_path / "not" / "yet" / "a").read_bytes() == b"x"


def test_folders_emptied_by_delete_are_not_listed(local: LocalStorage) -> None:
    local.put_bytes("runs/r1.json", b"{}")
    local.put_bytes("top.txt", b"t")
    local.delete("runs/r1.json")
    (local.root / "empty").mkdir()

    assert [info.key for info in local.list(recursive=False)] == ["top.txt"]


def test_delete_prefix_removes_the_folders(local: LocalStorage) -> None:
    local.put_bytes("gold/snapshots/s1/a.parquet", b"a")
    local.put_bytes("gold/snapshots/s1/sub/b.parquet", b"b")

    assert local.delete_prefix("gold/snapshots/s1") == 2
    assert not (local.root / "gold" / "snapshots" / "s1").exists()


def test_local_path_is_the_real_file(local: LocalStorage) -> None:
    local.write_parquet("gold/snapshots/s1/dim_item.parquet", pa.table({"item_id": ["000123"]}))

    path = local.local_path("gold/snapshots/s1/dim_item.parquet")

    assert path == local.root / "gold" / "snapshots" / "s1" / "dim_item.parquet"
    assert path.read_bytes()[:4] == b"PAR1"


def test_writing_under_an_existing_object_is_a_storage_error(local: LocalStorage) -> None:
    local.put_bytes("a", b"file")

    with pytest.raises(StorageError):
        local.put_bytes("a/b", b"x")
