"""The Storage contract, run against every backend (local folder, S3 bucket, S3 prefix)."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pyarrow as pa
import pytest

from storage import ObjectNotFound, S3Storage, Storage

BINARY = bytes(range(256)) * 4 + b"\x00\r\n\xff"
BIG = os.urandom(3 * 1024 * 1024 + 17)  # several download chunks

INVALID_KEYS = [
    "",
    "/etc/passwd",
    "a/../b",
    "..",
    "a//b",
    "a/",
    "./a",
    "a\\b",
    "gold/.x.0123456789abcdef.tmp",
]


def keys(storage: Storage, prefix: str = "", recursive: bool = True) -> list[str]:
    return [info.key for info in storage.list(prefix, recursive=recursive)]


def test_bytes_round_trip_keeps_binary_content(storage: Storage) -> None:
    storage.put_bytes("blob.bin", BINARY)
    storage.put_bytes("big.bin", BIG)

    assert storage.get_bytes("blob.bin") == BINARY
    assert storage.get_bytes("big.bin") == BIG


def test_put_bytes_overwrites(storage: Storage) -> None:
    storage.put_bytes("gold/_CURRENT", b"first")
    storage.put_bytes("gold/_CURRENT", b"second, longer")

    assert storage.get_bytes("gold/_CURRENT") == b"second, longer"


def test_empty_object_round_trip(storage: Storage) -> None:
    storage.put_bytes("empty", b"")

    assert storage.exists("empty")
    assert storage.get_bytes("empty") == b""


def test_nested_keys(storage: Storage) -> None:
    key = "bronze/items/ingest_date=2024-01-31/batch-001.parquet"
    storage.put_bytes(key, b"nested")

    assert storage.get_bytes(key) == b"nested"
    assert keys(storage) == [key]


def test_file_round_trip(storage: Storage, tmp_path: Path) -> None:
    source = tmp_path / "source.bin"
    source.write_bytes(BIG)
    storage.put_file("exports/training/ds1/history.bin", source)

    target = tmp_path / "downloads" / "deep" / "history.bin"
    storage.get_file("exports/training/ds1/history.bin", target)

    assert target.read_bytes() == BIG
    assert sorted(os.listdir(target.parent)) == ["history.bin"]  # no temp file left behind


def test_get_file_replaces_existing_local_file(storage: Storage, tmp_path: Path) -> None:
    storage.put_bytes("a.txt", b"new")
    target = tmp_path / "a.txt"
    target.write_bytes(b"old content that is longer")

    storage.get_file("a.txt", target)

    assert target.read_bytes() == b"new"


def test_put_file_of_missing_source_fails(storage: Storage, tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        storage.put_file("a", tmp_path / "missing")
    assert not storage.exists("a")


def test_exists(storage: Storage) -> None:
    storage.put_bytes("silver/items/part-0.parquet", b"x")

    assert storage.exists("silver/items/part-0.parquet")
    assert not storage.exists("silver/items/part-1.parquet")
    assert not storage.exists("silver/items")  # a folder is not an object
    assert not storage.exists("nothing/here")


def test_missing_key_raises_object_not_found(storage: Storage, tmp_path: Path) -> None:
    target = tmp_path / "out.bin"

    with pytest.raises(ObjectNotFound) as info:
        storage.get_bytes("gold/_CURRENT")
    assert info.value.key == "gold/_CURRENT"
    with pytest.raises(ObjectNotFound):
        storage.get_file("gold/_CURRENT", target)
    with pytest.raises(ObjectNotFound):
        storage.read_parquet("gold/snapshots/s1/dim_item.parquet")
    assert not target.exists()


def test_list_empty_storage(storage: Storage) -> None:
    assert storage.list() == []
    assert storage.list("gold/", recursive=False) == []


@pytest.fixture
def tree(storage: Storage) -> Storage:
    for key, data in {
        "gold/_CURRENT": b"{}",
        "gold/snapshots/s1/dim_item.parquet": b"11",
        "gold/snapshots/s1/_manifest.json": b"222",
        "gold/snapshots/s2/dim_item.parquet": b"3333",
        "gold/snapshots2/other.parquet": b"5",
        "runs/r1.json": b"44444",
        "top.txt": b"t",
    }.items():
        storage.put_bytes(key, data)
    return storage


def test_list_recursive_is_sorted_with_sizes_and_utc_times(tree: Storage) -> None:
    listing = tree.list()

    assert [info.key for info in listing] == [
        "gold/_CURRENT",
        "gold/snapshots/s1/_manifest.json",
        "gold/snapshots/s1/dim_item.parquet",
        "gold/snapshots/s2/dim_item.parquet",
        "gold/snapshots2/other.parquet",
        "runs/r1.json",
        "top.txt",
    ]
    assert [info.size for info in listing] == [2, 3, 2, 4, 1, 5, 1]
    now = datetime.now(UTC)
    for info in listing:
        assert not info.is_dir
        assert info.last_modified is not None
        assert info.last_modified.utcoffset() == timedelta(0)
        assert abs(now - info.last_modified) < timedelta(minutes=5)


@pytest.mark.parametrize("prefix", ["gold/snapshots", "gold/snapshots/"])
def test_list_prefix_is_a_folder(tree: Storage, prefix: str) -> None:
    assert keys(tree, prefix) == [
        "gold/snapshots/s1/_manifest.json",
        "gold/snapshots/s1/dim_item.parquet",
        "gold/snapshots/s2/dim_item.parquet",
    ]  # never gold/snapshots2/...


def test_list_missing_prefix_is_empty(tree: Storage) -> None:
    assert tree.list("nope/") == []
    assert tree.list("gold/snap", recursive=False) == []


def test_list_non_recursive_returns_direct_children_and_folders(tree: Storage) -> None:
    assert keys(tree, recursive=False) == ["gold/", "runs/", "top.txt"]
    assert keys(tree, "gold/", recursive=False) == [
        "gold/_CURRENT",
        "gold/snapshots/",
        "gold/snapshots2/",
    ]
    folders = [info for info in tree.list("gold", recursive=False) if info.is_dir]
    assert [(f.size, f.last_modified) for f in folders] == [(0, None), (0, None)]


def test_delete(tree: Storage) -> None:
    tree.delete("runs/r1.json")
    tree.delete("runs/r1.json")  # missing is fine
    tree.delete("never/existed")

    assert not tree.exists("runs/r1.json")
    assert "runs/" not in keys(tree, recursive=False)
    assert tree.exists("top.txt")


def test_delete_prefix_deletes_only_that_folder(tree: Storage) -> None:
    deleted = tree.delete_prefix("gold/snapshots")

    assert deleted == 3
    assert keys(tree) == [
        "gold/_CURRENT",
        "gold/snapshots2/other.parquet",
        "runs/r1.json",
        "top.txt",
    ]
    assert keys(tree, "gold", recursive=False) == ["gold/_CURRENT", "gold/snapshots2/"]
    assert tree.delete_prefix("gold/snapshots/") == 0


def test_delete_prefix_refuses_the_root(tree: Storage) -> None:
    with pytest.raises(ValueError):
        tree.delete_prefix("")
    assert len(tree.list()) == 7


def test_put_atomic_overwrites(storage: Storage) -> None:
    storage.put_atomic("gold/_CURRENT", b'{"snapshot_id": "s1"}')
    storage.put_atomic("gold/_CURRENT", b'{"snapshot_id": "s2"}')

    assert storage.get_bytes("gold/_CURRENT") == b'{"snapshot_id": "s2"}'
    assert keys(storage) == ["gold/_CURRENT"]


def test_parquet_round_trip_keeps_string_ids(storage: Storage) -> None:
    table = pa.table(
        {
            "item_id": pa.array(["000123", "000045", "A-7"], pa.string()),
            "quantity": pa.array([1.5, 0.0, 12.0], pa.float64()),
            "txn_date": pa.array([datetime(2024, 1, d).date() for d in (1, 2, 3)], pa.date32()),
        }
    )
    storage.write_parquet("silver/items/items.parquet", table)
    storage.write_parquet("silver/items/items.parquet", table.slice(0, 2))  # overwrite

    result = storage.read_parquet("silver/items/items.parquet")

    assert result.schema.field("item_id").type == pa.string()
    assert result.column("item_id").to_pylist() == ["000123", "000045"]
    assert result.equals(table.slice(0, 2))
    assert keys(storage) == ["silver/items/items.parquet"]


@pytest.mark.parametrize("key", INVALID_KEYS)
def test_invalid_keys_are_rejected(storage: Storage, tmp_path: Path, key: str) -> None:
    source = tmp_path / "f"
    source.write_bytes(b"x")
    calls = [
        lambda: storage.put_bytes(key, b"x"),
        lambda: storage.get_bytes(key),
        lambda: storage.put_file(key, source),
        lambda: storage.get_file(key, tmp_path / "out"),
        lambda: storage.exists(key),
        lambda: storage.delete(key),
        lambda: storage.put_atomic(key, b"x"),
        lambda: storage.read_parquet(key),
        lambda: storage.write_parquet(key, pa.table({"a": [1]})),
        lambda: storage.local_path(key),
    ]
    for call in calls:
        with pytest.raises(ValueError):
            call()
    assert storage.list() == []


@pytest.mark.parametrize("prefix", ["/abs", "a/../b", "a//b"])
def test_invalid_prefixes_are_rejected(storage: Storage, prefix: str) -> None:
    with pytest.raises(ValueError):
        storage.list(prefix)
    with pytest.raises(ValueError):
        storage.delete_prefix(prefix)


def test_local_path_only_for_local_backend(storage: Storage) -> None:
    storage.put_bytes("gold/snapshots/s1/fct.parquet", b"data")

    path = storage.local_path("gold/snapshots/s1/fct.parquet")

    if isinstance(storage, S3Storage):
        assert path is None
    else:
        assert path is not None and path.is_absolute()
        assert path.read_bytes() == b"data"


def test_describe_names_the_location(storage: Storage) -> None:
    description = storage.describe()

    if isinstance(storage, S3Storage):
        assert description.startswith(f"s3://{storage.bucket}/")
        assert storage.settings.endpoint in description
    else:
        assert description.startswith("local:")
    assert description in repr(storage)
