"""The lake on S3 (moto's real HTTP endpoint): copy, verify against the manifest, serve."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storage import open_storage, sha256_file
from tests.backend.conftest import make_client
from tests.factories import free_port

pytestmark = pytest.mark.slow


def _upload(root: Path, uri: str, settings) -> None:
    with open_storage(uri, settings) as store:
        for path in sorted(root.rglob("*")):
            relative = path.relative_to(root).as_posix()
            if path.is_file() and relative.startswith(("gold/", "runs/")):
                store.put_file(relative, path)


@pytest.fixture
def s3_env(isolated_env, s3_endpoint):
    isolated_env.setenv("S3_ENDPOINT", s3_endpoint.endpoint)
    isolated_env.setenv("S3_ACCESS_KEY", s3_endpoint.access_key)
    isolated_env.setenv("S3_SECRET_KEY", s3_endpoint.secret_key)
    isolated_env.setenv("S3_CONNECT_TIMEOUT", "1")
    isolated_env.setenv("S3_MAX_RETRIES", "1")
    return s3_endpoint


def test_serves_a_verified_local_copy_of_the_s3_snapshot(lake, tmp_path, s3_env, s3_bucket) -> None:
    uri = f"s3://{s3_bucket}/lake"
    _upload(lake.root, uri, s3_env.settings)
    second, first = lake.second, lake.first
    with make_client(uri, tmp_path, poll_seconds=3600) as api:
        assert api.get("/ready").json()["snapshot_id"] == second.snapshot_id
        kpis = api.get("/api/v1/kpis").json()
        counts = {
            r["status"]: r["n"]
            for r in second.sql("select status, count(*) as n from fct_reorder_point group by 1")
        }
        assert kpis["data"]["by_status"] == counts
        meta = api.get("/api/v1/meta").json()["data"]
        assert meta["run"]["run_id"] == lake.pointer()["run_id"]
        # the local copy: every file checked against the manifest
        copy = tmp_path / "api-cache" / second.snapshot_id
        manifest = json.loads((copy / "_manifest.json").read_text())
        for spec in manifest["tables"].values():
            assert sha256_file(copy / spec["file"]) == spec["sha256"]
        # a previous snapshot on demand, copied and verified too
        old = api.get("/api/v1/kpis", params={"snapshot": first.snapshot_id}).json()
        assert old["snapshot_id"] == first.snapshot_id
        assert (tmp_path / "api-cache" / first.snapshot_id / ".verified").is_file()
        snapshots = api.get("/api/v1/snapshots").json()
        assert [s["snapshot_id"] for s in snapshots["data"]] == [
            second.snapshot_id,
            first.snapshot_id,
        ]


def test_a_snapshot_failing_its_checksum_is_refused(lake, tmp_path, s3_env, s3_bucket) -> None:
    uri = f"s3://{s3_bucket}"
    _upload(lake.root, uri, s3_env.settings)
    second = lake.second.snapshot_id
    tampered = "20991231T000000000000Z"
    with make_client(uri, tmp_path, poll_seconds=3600) as api:
        manager = api.app.state.api.snapshots
        store = open_storage(uri, s3_env.settings)
        source = lake.root / "gold" / "snapshots" / second
        manifest = json.loads((source / "_manifest.json").read_text())
        manifest["snapshot_id"] = tampered
        prefix = f"gold/snapshots/{tampered}/"
        for spec in manifest["tables"].values():
            store.put_file(prefix + spec["file"], source / spec["file"])
        # one file changed after its manifest was written
        store.put_file(
            prefix + "fct_reorder_point.parquet",
            lake.root / "gold" / "snapshots" / lake.first.snapshot_id / "fct_reorder_point.parquet",
        )
        store.put_bytes(prefix + "_manifest.json", json.dumps(manifest).encode())
        pointer = {**lake.pointer(), "snapshot_id": tampered}
        store.put_atomic("gold/_CURRENT", json.dumps(pointer).encode())

        assert manager.refresh() is False
        assert "checksum" in manager.last_error
        assert api.get("/api/v1/kpis").json()["snapshot_id"] == second
        assert not (tmp_path / "api-cache" / tampered).exists()
        assert manager.refresh() is False  # refused once, not downloaded again and again
        store.close()


def test_unreachable_s3_is_not_ready_but_answers(tmp_path, isolated_env) -> None:
    isolated_env.setenv("S3_ENDPOINT", f"127.0.0.1:{free_port()}")
    isolated_env.setenv("S3_ACCESS_KEY", "nobody")
    isolated_env.setenv("S3_SECRET_KEY", "nothing")
    isolated_env.setenv("S3_CONNECT_TIMEOUT", "0.2")
    isolated_env.setenv("S3_MAX_RETRIES", "0")
    with make_client("s3://nowhere", tmp_path, poll_seconds=3600) as api:
        ready = api.get("/ready")
        assert ready.status_code == 503
        assert "storage unreachable" in ready.json()["reason"]
        assert api.get("/api/v1/items").status_code == 503
        assert api.get("/health").status_code == 200
