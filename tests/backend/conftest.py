"""Fixtures for API tests: a real lake built by the pipeline from the S sample, once a session.

The session lake holds two gold snapshots: ``first`` (history only, no ML export yet) and
``second`` (current: an ML export written as ml_env would, for every other series). Tests that
change the lake copy it first. Numbers are checked against the Parquet files with an independent
DuckDB connection (``Gold``), never through the API's own code.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pytest
from fastapi.testclient import TestClient

from backend.app import create_app
from backend.settings import ApiSettings
from backend.snapshot import Snapshot, open_snapshot
from storage import open_storage
from tests.factories import Workspace, copy_landing, generate_sample, scrubbed_env, write_export

MODEL_VERSION = "mv_20260105T030000Z_0a0a0a0a"
SCRUBBED = ("API_", "S3_", "AWS_", "PIPELINE_")


@dataclass(frozen=True)
class Gold:
    """Independent reads of one snapshot's Parquet files."""

    folder: Path

    @property
    def snapshot_id(self) -> str:
        return self.folder.name

    def sql(self, query: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        con = duckdb.connect()
        for path in self.folder.glob("*.parquet"):
            con.execute(f"create view {path.stem} as select * from read_parquet('{path}')")
        result = con.execute(query, params or [])
        names = [d[0] for d in result.description]
        rows = [dict(zip(names, row, strict=True)) for row in result.fetchall()]
        con.close()
        return rows

    def one(self, query: str, params: list[Any] | None = None) -> Any:
        return next(iter(self.sql(query, params)[0].values()))


@dataclass(frozen=True)
class Lake:
    root: Path  # the lake folder
    first: Gold  # the older snapshot (previous)
    second: Gold  # the current snapshot

    def pointer(self) -> dict[str, Any]:
        return json.loads((self.root / "gold" / "_CURRENT").read_text())

    def copy(self, target: Path) -> Path:
        shutil.copytree(self.root, target)
        return target


@pytest.fixture(scope="session")
def lake(tmp_path_factory: pytest.TempPathFactory) -> Lake:
    root = tmp_path_factory.mktemp("api-lake")
    workspace = Workspace(root / "ws")
    copy_landing(generate_sample(root / "sample"), workspace.landing)
    with scrubbed_env(workspace.root):
        first = workspace.run()
        assert first.status == "succeeded", first.error
        storage = open_storage(str(workspace.lake))
        snapshot_first = json.loads(storage.get_bytes("gold/_CURRENT"))["snapshot_id"]
        folder = workspace.lake / "gold" / "snapshots" / snapshot_first
        series = Gold(folder).sql(
            "select item_id, warehouse_id from fct_reorder_point order by all"
        )
        pairs = [(r["item_id"], r["warehouse_id"]) for r in series]
        write_export(workspace.exports, MODEL_VERSION, pairs[::2])
        second = workspace.run()
        assert second.status == "succeeded", second.error
    snapshots = workspace.lake / "gold" / "snapshots"
    return Lake(
        workspace.lake, Gold(snapshots / snapshot_first), Gold(snapshots / second.snapshot_id)
    )


@pytest.fixture(scope="module")
def snapshot(lake: Lake, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Snapshot]:
    """The current snapshot opened as the API serves it."""
    storage = open_storage(str(lake.root))
    opened = open_snapshot(storage, lake.second.snapshot_id, tmp_path_factory.mktemp("cache"))
    yield opened
    opened.close()


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path) -> Iterator[pytest.MonkeyPatch]:
    """No API_*, S3_*, AWS_* or PIPELINE_* setting of the shell leaks in; cwd has no .env."""
    with pytest.MonkeyPatch.context() as patch:
        for name in list(os.environ):
            if name.upper().startswith(SCRUBBED):
                patch.delenv(name)
        patch.chdir(tmp_path)
        yield patch


def api_settings(lake_root: Path | str, tmp_path: Path, **overrides: object) -> ApiSettings:
    values: dict[str, object] = {
        "lake_uri": str(lake_root),
        "cache_dir": str(tmp_path / "api-cache"),
        "poll_seconds": 0.1,
    }
    values.update(overrides)
    return ApiSettings(_env_file=None, **values)


def make_client(lake_root: Path | str, tmp_path: Path, **overrides: object) -> TestClient:
    return TestClient(create_app(api_settings(lake_root, tmp_path, **overrides)))


@pytest.fixture
def client(lake: Lake, tmp_path: Path) -> Iterator[TestClient]:
    """The API over the session lake (read-only use), in-process cache."""
    with make_client(lake.root, tmp_path) as test_client:
        yield test_client
