"""Shared pytest fixtures. Each part keeps its fixtures in its own marked section."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from minio import Minio

    from storage import S3Settings, Storage

# ---------------------------------------------------------------------------------------------
# storage: a real S3 HTTP endpoint (moto's standalone server in a subprocess) and storages.
# storage/minio are imported inside the fixtures so environments without them (ml_env) can
# still load this conftest.
# ---------------------------------------------------------------------------------------------

S3_TEST_KEY = "testing"
S3_TEST_SECRET = "testing"
_S3_STARTUP_SECONDS = 30.0


@dataclass(frozen=True)
class S3Endpoint:
    """A running S3 endpoint: ``endpoint`` is "127.0.0.1:PORT"; ``settings`` reach it."""

    endpoint: str
    access_key: str
    secret_key: str
    settings: S3Settings

    @property
    def url(self) -> str:
        return f"http://{self.endpoint}"


def free_port() -> int:
    """A TCP port on 127.0.0.1 with nothing listening (at the time of the call)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def s3_test_settings(endpoint: str) -> S3Settings:
    """Settings for tests: test credentials, short timeouts, one retry."""
    from storage import S3Settings

    return S3Settings(
        endpoint=endpoint,
        access_key=S3_TEST_KEY,
        secret_key=S3_TEST_SECRET,
        region="us-east-1",
        secure=False,
        connect_timeout=1.0,
        read_timeout=10.0,
        max_retries=1,
    )


def _clean_env() -> dict[str, str]:
    """The parent env without AWS or proxy settings, plus moto's test credentials."""
    dropped = ("AWS_", "S3_", "BOTO")
    proxies = {"http_proxy", "https_proxy", "all_proxy", "no_proxy"}
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.upper().startswith(dropped) and name.lower() not in proxies
    }
    env.update(
        AWS_ACCESS_KEY_ID=S3_TEST_KEY,
        AWS_SECRET_ACCESS_KEY=S3_TEST_SECRET,
        AWS_DEFAULT_REGION="us-east-1",
        NO_PROXY="127.0.0.1,localhost",
        no_proxy="127.0.0.1,localhost",
    )
    return env


def _answers(port: int) -> bool:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
    try:
        connection.request("GET", "/")
        return connection.getresponse().status < 500
    except OSError:
        return False
    finally:
        connection.close()


@pytest.fixture(scope="session")
def s3_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Endpoint]:
    """Start moto's S3 server as a subprocess on a free port; stop it after the session."""
    port = free_port()
    log_path = tmp_path_factory.mktemp("moto") / "moto.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            env=_clean_env(),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + _S3_STARTUP_SECONDS
        while not _answers(port):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"moto server did not start:\n{Path(log_path).read_text()}")
            time.sleep(0.1)
        endpoint = f"127.0.0.1:{port}"
        yield S3Endpoint(endpoint, S3_TEST_KEY, S3_TEST_SECRET, s3_test_settings(endpoint))
    finally:
        stop_process(process, timeout=5)


def stop_process(process: subprocess.Popen, timeout: float = 10) -> None:
    """SIGTERM, then SIGKILL if it has not ended within `timeout` seconds."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="session")
def s3_client(s3_endpoint: S3Endpoint) -> Minio:
    """A raw minio client on the test endpoint, to arrange or inspect buckets directly."""
    from minio import Minio

    return Minio(
        s3_endpoint.endpoint,
        access_key=s3_endpoint.access_key,
        secret_key=s3_endpoint.secret_key,
        region="us-east-1",
        secure=False,
    )


@pytest.fixture
def s3_bucket(s3_client: Minio) -> Iterator[str]:
    """A fresh, uniquely named, empty bucket; emptied and removed after the test."""
    bucket = f"test-{uuid.uuid4().hex[:16]}"
    s3_client.make_bucket(bucket)
    yield bucket
    for obj in s3_client.list_objects(bucket, recursive=True):
        s3_client.remove_object(bucket, obj.object_name)
    s3_client.remove_bucket(bucket)


@pytest.fixture(params=["local", "s3", "s3_prefix"])
def storage(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Storage]:
    """The same Storage contract on every backend: a temp folder, a bucket, a bucket prefix."""
    from storage import LocalStorage, S3Storage, open_storage

    if request.param == "local":
        store: Storage = LocalStorage(tmp_path / "lake")
    else:
        bucket = request.getfixturevalue("s3_bucket")
        settings = request.getfixturevalue("s3_endpoint").settings
        uri = f"s3://{bucket}" if request.param == "s3" else f"s3://{bucket}/some/prefix"
        store = open_storage(uri, settings)
        assert isinstance(store, S3Storage)
    with store:
        yield store


# ---------------------------------------------------------------------------------------------
# end of storage section
# ---------------------------------------------------------------------------------------------
