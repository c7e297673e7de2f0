"""Shared pytest fixtures. Each part keeps its fixtures in its own marked section."""

from __future__ import annotations

import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.factories import (
    S3_TEST_KEY,
    S3_TEST_SECRET,
    S3Endpoint,
    free_port,
    http_answers,
    s3_server_env,
    s3_test_settings,
    stop_process,
    wait_until,
)

if TYPE_CHECKING:
    from minio import Minio

    from storage import Storage

# ---------------------------------------------------------------------------------------------
# storage: a real S3 HTTP endpoint (moto's standalone server in a subprocess) and storages.
# storage/minio are imported inside the fixtures so environments without them (ml_env) can
# still load this conftest.
# ---------------------------------------------------------------------------------------------

_S3_STARTUP_SECONDS = 30.0


@pytest.fixture(scope="session")
def s3_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Endpoint]:
    """Start moto's S3 server as a subprocess on a free port; stop it after the session."""
    port = free_port()
    log_path = tmp_path_factory.mktemp("moto") / "moto.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            env=s3_server_env(),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:

        def up() -> bool:
            if process.poll() is not None:
                pytest.fail(f"moto server exited:\n{Path(log_path).read_text()}")
            return http_answers(port)

        wait_until(up, "moto's S3 server to answer", _S3_STARTUP_SECONDS, every=0.1)
        endpoint = f"127.0.0.1:{port}"
        yield S3Endpoint(endpoint, S3_TEST_KEY, S3_TEST_SECRET, s3_test_settings(endpoint))
    finally:
        stop_process(process, timeout=5)


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
