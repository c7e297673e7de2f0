"""`python -m backend` as an operator starts it: uvicorn on a port, real HTTP on loopback."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.conftest import free_port

REPO = Path(__file__).resolve().parents[2]


def _env(**extra: str) -> dict[str, str]:
    scrubbed = ("API_", "S3_", "AWS_", "PIPELINE_")
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith(scrubbed)}
    return {**env, "PYTHONPATH": str(REPO), "NO_PROXY": "127.0.0.1", **extra}


def test_python_m_backend_serves_the_lake_over_http(lake, tmp_path) -> None:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "backend", "--lake", str(lake.root), "--port", str(port)],
        cwd=tmp_path,
        env=_env(API_PORT="1", API_LOG_LEVEL="WARNING"),  # the flag wins over the variable
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                if httpx.get(f"{base}/ready", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert process.poll() is None, process.stdout.read() if process.stdout else ""
            assert time.monotonic() < deadline, "the API did not become ready"
            time.sleep(0.05)
        kpis = httpx.get(f"{base}/api/v1/kpis", timeout=5)
        assert kpis.status_code == 200
        assert kpis.json()["snapshot_id"] == lake.second.snapshot_id
        assert httpx.post(f"{base}/api/v1/kpis", timeout=5).status_code == 405
        assert httpx.delete(f"{base}/api/v1/kpis", timeout=5).status_code == 405
        head = httpx.head(f"{base}/api/v1/kpis", timeout=5)
        assert head.status_code == 200
        assert head.content == b""
        assert httpx.get(f"{base}/docs", timeout=5).status_code == 200
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


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
