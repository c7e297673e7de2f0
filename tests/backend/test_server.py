"""`python -m backend` as an operator starts it: uvicorn on a port, real HTTP on loopback."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import psutil
import pytest

from tests.factories import free_port, stop_process, wait_until

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]


def _env(**extra: str) -> dict[str, str]:
    scrubbed = ("API_", "S3_", "AWS_", "PIPELINE_")
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith(scrubbed)}
    return {**env, "PYTHONPATH": str(REPO), "NO_PROXY": "127.0.0.1", **extra}


@contextmanager
def served(args: list[str], env: dict[str, str], cwd: Path) -> Iterator[subprocess.Popen]:
    """`python -m backend <args>` running for the block, stopped after it."""
    process = subprocess.Popen(
        [sys.executable, "-m", "backend", *args],
        cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        yield process
    finally:
        stop_process(process)


def _ready(base: str, process: subprocess.Popen) -> bool:
    """The served API answers /ready with 200 (the server process must still be running)."""
    assert process.poll() is None, process.stdout.read() if process.stdout else ""
    try:
        return httpx.get(f"{base}/ready", timeout=1).status_code == 200
    except httpx.TransportError:
        return False


def test_python_m_backend_serves_the_lake_over_http(lake, tmp_path) -> None:
    port = free_port()
    args = ["--lake", str(lake.root), "--port", str(port)]
    env = _env(API_PORT="1", API_LOG_LEVEL="WARNING")  # the flag wins over the variable
    base = f"http://127.0.0.1:{port}"
    with served(args, env, tmp_path) as process:
        wait_until(lambda: _ready(base, process), "the API to become ready", 20)
        kpis = httpx.get(f"{base}/api/v1/kpis", timeout=5)
        assert kpis.status_code == 200
        assert kpis.json()["snapshot_id"] == lake.second.snapshot_id
        assert httpx.post(f"{base}/api/v1/kpis", timeout=5).status_code == 405
        assert httpx.delete(f"{base}/api/v1/kpis", timeout=5).status_code == 405
        head = httpx.head(f"{base}/api/v1/kpis", timeout=5)
        assert head.status_code == 200
        assert head.content == b""
        assert httpx.get(f"{base}/docs", timeout=5).status_code == 200


def test_a_bad_setting_stops_with_a_message_naming_the_variable(tmp_path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "backend"],
        cwd=tmp_path,
        env=_env(API_POLL_SECONDS="soon"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "API_POLL_SECONDS" in done.stderr
    bad_lake = subprocess.run(
        [sys.executable, "-m", "backend", "--lake", "s3://Not_A_Bucket"],
        cwd=tmp_path,
        env=_env(S3_ENDPOINT="127.0.0.1:9", S3_ACCESS_KEY="k", S3_SECRET_KEY="s"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad_lake.returncode == 2
    assert "bucket" in bad_lake.stderr


def test_several_workers_each_serve_the_lake_the_flags_name(lake, tmp_path) -> None:
    port = free_port()
    args = ["--lake", str(lake.root), "--port", str(port), "--workers", "2"]
    # the variable names an empty folder: only the flag, passed on to the workers, serves
    env = _env(API_LAKE_URI=str(tmp_path / "empty"), API_LOG_LEVEL="WARNING")
    base = f"http://127.0.0.1:{port}"
    with served(args, env, tmp_path) as process:
        in_a_row = [0]  # requests spread over both workers: 20 ready answers in a row

        def all_ready() -> bool:
            in_a_row[0] = in_a_row[0] + 1 if _ready(base, process) else 0
            return in_a_row[0] >= 20

        wait_until(all_ready, "both workers to become ready", 30, every=0.02)
        workers = psutil.Process(process.pid).children()  # one process per worker
        assert len(workers) >= 2
        with httpx.Client(base_url=base, timeout=5) as client:
            answers = {client.get("/api/v1/kpis").json()["snapshot_id"] for _ in range(20)}
        assert answers == {lake.second.snapshot_id}
