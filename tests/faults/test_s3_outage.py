"""The S3 endpoint goes away in the middle of a run, then comes back.

The lake is a bucket on moto's S3 server, reached through a TCP proxy on loopback that the test
cuts (every connection reset, the port refusing) and restores on the same port: the endpoint
goes away and comes back with its data, as a MinIO restart or a network cut would. The run is
held at a failpoint (PIPELINE_PAUSE_AT) while the proxy is cut, then released. It must fail
cleanly: a non-zero exit, a message naming the storage, the run lock released, the previous
snapshot still current; the API over the same bucket keeps answering from that snapshot. Once the
endpoint is back, the next run succeeds and the API serves its snapshot.
"""

from __future__ import annotations

import fcntl
import json
import subprocess
import sys
from pathlib import Path

import pytest

from storage import open_storage
from tests.factories import END, S3_TEST_KEY, S3_TEST_SECRET, S3Endpoint, Workspace, copy_landing
from tests.faults.harness import (
    ApiProcess,
    Poller,
    TcpProxy,
    days_after,
    verify_current,
    wait_until,
)
from tests.pipeline.run import lakeview

pytestmark = pytest.mark.slow

PAUSE_AT = "gold.table_written#3"  # three table files of the new snapshot are in the bucket


def s3_env(endpoint: str) -> dict[str, str]:
    return {
        "S3_ENDPOINT": endpoint,
        "S3_ACCESS_KEY": S3_TEST_KEY,
        "S3_SECRET_KEY": S3_TEST_SECRET,
        "S3_CONNECT_TIMEOUT": "1",
        "S3_READ_TIMEOUT": "5",
        "S3_MAX_RETRIES": "1",
    }


def lock_is_free(work: Path) -> bool:
    """Take and drop the pipeline's run lock (an S3 lake keeps it in the work folder)."""
    with (work / ".pipeline.lock").open("a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(handle, fcntl.LOCK_UN)
        return True


def test_s3_going_away_mid_run_fails_it_cleanly_and_a_later_run_succeeds(
    tmp_path: Path, drops: dict[str, Path], s3_endpoint: S3Endpoint, s3_bucket: str
) -> None:
    host, port = s3_endpoint.endpoint.split(":")
    direct = open_storage(f"s3://{s3_bucket}", s3_endpoint.settings)  # not through the proxy
    workspace = Workspace(tmp_path / "ws")
    copy_landing(drops["base"], workspace.landing)

    with TcpProxy((host, int(port))) as proxy:
        env = {**s3_env(proxy.endpoint), "PIPELINE_LAKE_URI": f"s3://{s3_bucket}"}
        first = workspace.cli("run", **env)
        assert first.returncode == 0, first.stderr[-3000:]
        before = direct.get_bytes(lakeview.CURRENT)
        previous = verify_current(direct)
        series = lakeview.gold_table(direct, previous, "fct_reorder_point").to_pylist()[0]
        paths = ["/api/v1/meta", f"/api/v1/series/{series['item_id']}/{series['warehouse_id']}"]
        api_env = {k: v for k, v in env.items() if k.startswith("S3_")}
        api = ApiProcess(f"s3://{s3_bucket}", tmp_path / "api", api_env)
        with api, Poller(api.port, paths) as poll:
            copy_landing(drops[days_after(END, 1)[0]], workspace.landing)
            release = tmp_path / "release"
            log_path = tmp_path / "paused-run.log"
            with log_path.open("w") as log:
                paused = subprocess.Popen(
                    [sys.executable, "-m", "pipeline", "run"],
                    cwd=workspace.root,
                    env=workspace.env(
                        **env,
                        PIPELINE_PAUSE_AT=PAUSE_AT,
                        PIPELINE_PAUSE_RELEASE=str(release),
                        PIPELINE_PAUSE_SECONDS="120",
                    ),
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    text=True,
                )
            try:
                wait_until(lambda: "paused at" in log_path.read_text(), "the run to pause")
                proxy.cut()
                release.touch()
                code = paused.wait(timeout=120)
            finally:
                if paused.poll() is None:
                    paused.kill()
                    paused.wait()
            output = log_path.read_text()

            # The run failed cleanly: its exit code, a message naming the storage.
            assert code == 1, output[-3000:]
            (failed,) = [line for line in output.splitlines() if "run failed" in line]
            assert "S3 endpoint" in failed and "unreachable" in failed, failed
            assert "gold/snapshots/" in failed, failed  # where it failed, not the cleanup after
            assert "the previous snapshot stays current" in failed
            assert "cannot save the record of failed run" in output  # the lake was gone too
            assert lock_is_free(workspace.work)
            # Nothing was published: the previous snapshot is current and complete.
            assert direct.get_bytes(lakeview.CURRENT) == before
            verify_current(direct)
            # The API still answers, from the previous snapshot, while the endpoint is away.
            served_before = poll.count()
            wait_until(lambda: poll.count() >= served_before + 2 * len(paths), "answers")
            assert api.get("/api/v1/meta")[1]["data"]["snapshot_id"] == previous

            proxy.restore()
            later = workspace.cli("run", **env)
            assert later.returncode == 0, later.stderr[-3000:]
            current = verify_current(direct)
            assert current != previous
            pointer = json.loads(direct.get_bytes(lakeview.CURRENT))
            assert pointer["previous"] == previous
            wait_until(
                lambda: api.get("/api/v1/meta")[1]["data"]["snapshot_id"] == current,
                "the API to serve the new snapshot",
            )

    assert poll.failures() == [], poll.failures()[:5]
    assert {a.snapshot_id for a in poll.answers} <= {previous, current}
    records = lakeview.run_records(direct)
    assert [r["status"] for r in records] == ["succeeded", "failed", "succeeded"]
    assert records[-1]["snapshot_id"] == current
    assert lakeview.manifest(direct, current)["lineage"]["as_of_date"] > END
