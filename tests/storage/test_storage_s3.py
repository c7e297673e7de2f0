"""S3 backend specifics, against moto's real S3 HTTP server (see tests/conftest.py)."""

from __future__ import annotations

import io
import socket
from typing import TYPE_CHECKING

import pytest
from minio import Minio

from storage import (
    ObjectNotFound,
    S3Settings,
    StorageError,
    StorageUnavailable,
    open_storage,
)
from storage.s3 import make_pool

if TYPE_CHECKING:
    from tests.factories import S3Endpoint


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_prefix_uri_isolates_keys(
    s3_endpoint: S3Endpoint, s3_bucket: str, s3_client: Minio
) -> None:
    lake = open_storage(f"s3://{s3_bucket}/envs/lake", s3_endpoint.settings)
    sibling = open_storage(f"s3://{s3_bucket}/envs/lake2", s3_endpoint.settings)
    root = open_storage(f"s3://{s3_bucket}", s3_endpoint.settings)
    lake.put_bytes("gold/_CURRENT", b"lake")
    sibling.put_bytes("gold/_CURRENT", b"sibling")
    root.put_bytes("gold/_CURRENT", b"root")

    raw = sorted(obj.object_name for obj in s3_client.list_objects(s3_bucket, recursive=True))
    assert raw == ["envs/lake/gold/_CURRENT", "envs/lake2/gold/_CURRENT", "gold/_CURRENT"]
    assert [info.key for info in lake.list()] == ["gold/_CURRENT"]
    assert lake.get_bytes("gold/_CURRENT") == b"lake"
    assert sibling.get_bytes("gold/_CURRENT") == b"sibling"
    assert [info.key for info in root.list(recursive=False)] == ["envs/", "gold/"]

    assert lake.delete_prefix("gold") == 1
    assert sibling.exists("gold/_CURRENT")
    assert root.exists("gold/_CURRENT")


def test_trailing_slash_in_uri_is_the_same_prefix(s3_endpoint: S3Endpoint, s3_bucket: str) -> None:
    one = open_storage(f"s3://{s3_bucket}/lake/", s3_endpoint.settings)
    two = open_storage(f"s3://{s3_bucket}/lake", s3_endpoint.settings)
    one.put_bytes("k", b"v")

    assert two.get_bytes("k") == b"v"


def test_folder_marker_objects_are_not_listed(
    s3_endpoint: S3Endpoint, s3_bucket: str, s3_client: Minio
) -> None:
    store = open_storage(f"s3://{s3_bucket}", s3_endpoint.settings)
    store.put_bytes("gold/_CURRENT", b"{}")
    # Consoles create empty "folder/" objects; they are not keys of ours.
    s3_client.put_object(s3_bucket, "gold/", io.BytesIO(b""), 0)

    assert [info.key for info in store.list()] == ["gold/_CURRENT"]
    assert [info.key for info in store.list("gold", recursive=False)] == ["gold/_CURRENT"]


def test_missing_bucket_is_a_clear_error(s3_endpoint: S3Endpoint) -> None:
    store = open_storage("s3://no-such-bucket-here/lake", s3_endpoint.settings)

    for call in (
        lambda: store.get_bytes("gold/_CURRENT"),
        lambda: store.exists("gold/_CURRENT"),  # must not quietly answer False
        lambda: store.put_bytes("gold/_CURRENT", b"x"),
        lambda: store.list(),
    ):
        with pytest.raises(StorageError, match="no-such-bucket-here") as info:
            call()
        assert not isinstance(info.value, ObjectNotFound | StorageUnavailable)


@pytest.mark.timeout(20)
def test_closed_port_raises_storage_unavailable_naming_the_endpoint() -> None:
    endpoint = f"127.0.0.1:{closed_port()}"  # nothing listens there
    settings = S3Settings(
        endpoint=endpoint, access_key="k", secret_key="s", connect_timeout=1, max_retries=1
    )
    store = open_storage("s3://lake", settings)

    for call in (
        lambda: store.get_bytes("gold/_CURRENT"),
        lambda: store.exists("gold/_CURRENT"),
        lambda: store.put_bytes("gold/_CURRENT", b"x"),
        lambda: store.list(),
    ):
        with pytest.raises(StorageUnavailable, match=endpoint):
            call()


def test_describe_and_repr_never_show_credentials(s3_endpoint: S3Endpoint) -> None:
    settings = S3Settings(
        endpoint=s3_endpoint.endpoint,
        access_key="planner-readonly-key",
        secret_key="s3cr3t-value-123",
    )
    store = open_storage("s3://lake/prefix", settings)

    for text in (store.describe(), repr(store), repr(settings), str(settings)):
        assert "s3cr3t-value-123" not in text
    assert "planner-readonly-key" not in store.describe()
    assert store.describe() == f"s3://lake/prefix/ at http://{s3_endpoint.endpoint}"


def test_production_defaults_bound_timeouts_and_retries(s3_endpoint: S3Endpoint) -> None:
    settings = S3Settings(endpoint=s3_endpoint.endpoint, access_key="k", secret_key="s")
    pool = make_pool(settings)

    assert 0 < pool.connection_pool_kw["timeout"].connect_timeout <= 10
    assert 0 < pool.connection_pool_kw["timeout"].read_timeout <= 120
    assert pool.connection_pool_kw["retries"].total <= 5
