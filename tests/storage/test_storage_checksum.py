"""SHA-256 helpers used by manifests."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from storage import sha256_bytes, sha256_file
from storage.checksum import CHUNK_SIZE

EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
ABC_SHA256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def test_known_vectors(tmp_path: Path) -> None:
    (tmp_path / "empty").write_bytes(b"")
    (tmp_path / "abc").write_bytes(b"abc")

    assert sha256_bytes(b"") == EMPTY_SHA256
    assert sha256_bytes(b"abc") == ABC_SHA256
    assert sha256_file(tmp_path / "empty") == EMPTY_SHA256
    assert sha256_file(str(tmp_path / "abc")) == ABC_SHA256


def test_file_spanning_several_chunks_matches_the_bytes(tmp_path: Path) -> None:
    data = os.urandom(2 * CHUNK_SIZE + 123)
    path = tmp_path / "big.parquet"
    path.write_bytes(data)

    assert sha256_file(path) == sha256_bytes(data) == hashlib.sha256(data).hexdigest()
    assert sha256_file(path) != sha256_bytes(data[:-1])
