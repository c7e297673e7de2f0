"""S3 backend (MinIO or any S3-compatible store) through the official ``minio`` SDK.

Atomicity: S3 makes each PUT (and each completed multipart upload) visible all at once, so
a reader sees the old object or the new one, never a partial one. There is no rename, and
none is needed. Connection failures surface as StorageUnavailable naming the endpoint.
"""

from __future__ import annotations

import builtins
import io
import logging
import mimetypes
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC
from pathlib import Path
from typing import TYPE_CHECKING

import certifi
import urllib3
from minio import Minio
from minio.deleteobjects import DeleteObject
from minio.error import MinioException, S3Error, ServerError
from urllib3.exceptions import HTTPError as Urllib3Error

from storage.base import (
    ObjectInfo,
    ObjectNotFound,
    Storage,
    StorageError,
    StorageUnavailable,
    normalize_prefix,
    validate_key,
)
from storage.local import atomic_output
from storage.settings import S3Settings

if TYPE_CHECKING:
    import pyarrow as pa

logger = logging.getLogger(__name__)

_CHUNK = 1024 * 1024
_NOT_FOUND_CODES = {"NoSuchKey", "NoSuchObject"}


def make_pool(settings: S3Settings) -> urllib3.PoolManager:
    """An HTTP pool with bounded timeouts and retries (see S3Settings)."""
    return urllib3.PoolManager(
        timeout=urllib3.Timeout(connect=settings.connect_timeout, read=settings.read_timeout),
        maxsize=10,
        cert_reqs="CERT_REQUIRED",
        ca_certs=os.environ.get("SSL_CERT_FILE") or certifi.where(),
        retries=urllib3.Retry(
            total=settings.max_retries,
            backoff_factor=0.2,
            status_forcelist=[500, 502, 503, 504],
        ),
    )


def make_client(settings: S3Settings, pool: urllib3.PoolManager | None = None) -> Minio:
    """A Minio client on `pool` (a new bounded pool by default)."""
    return Minio(
        settings.endpoint,
        access_key=settings.access_key,
        secret_key=settings.secret_key.get_secret_value(),
        region=settings.region,
        secure=settings.secure,
        http_client=pool if pool is not None else make_pool(settings),
    )


class S3Storage(Storage):
    """Objects live in ``bucket`` under an optional key ``prefix`` (``s3://bucket/prefix``).

    The bucket must already exist (the deployment creates it); this is checked once, on
    first use, and a missing bucket raises StorageError naming it.
    """

    def __init__(self, bucket: str, prefix: str, settings: S3Settings) -> None:
        self.bucket = bucket
        self.prefix = normalize_prefix(prefix)
        self.settings = settings
        self._pool = make_pool(settings)
        self._client = make_client(settings, self._pool)
        self._bucket_checked = False

    def describe(self) -> str:
        return f"s3://{self.bucket}/{self.prefix} at {self.settings.url}"

    def local_path(self, key: str) -> Path | None:
        validate_key(key)
        return None

    def close(self) -> None:
        self._pool.clear()

    def _name(self, key: str) -> str:
        return self.prefix + validate_key(key)

    @contextmanager
    def _errors(self, key: str | None = None) -> Iterator[None]:
        """Translate SDK and connection errors into storage errors."""
        try:
            yield
        except S3Error as exc:
            if exc.code in _NOT_FOUND_CODES and key is not None:
                raise ObjectNotFound(key, self.describe()) from exc
            if exc.code == "NoSuchBucket":
                raise self._missing_bucket() from exc
            raise StorageError(
                f"S3 error on {key or self.prefix!r} in {self.describe()}: "
                f"{exc.code}: {exc.message}"
            ) from exc
        except (Urllib3Error, ServerError) as exc:
            raise StorageUnavailable(
                f"S3 endpoint {self.settings.url} unreachable or failing: {exc}"
            ) from exc
        except MinioException as exc:
            raise StorageError(f"S3 error in {self.describe()}: {exc}") from exc

    def _missing_bucket(self) -> StorageError:
        return StorageError(
            f"S3 bucket {self.bucket!r} does not exist at {self.settings.url}; "
            "the deployment must create it"
        )

    def _ready(self) -> None:
        if self._bucket_checked:
            return
        with self._errors():
            found = self._client.bucket_exists(self.bucket)
        if not found:
            raise self._missing_bucket()
        self._bucket_checked = True

    def put_bytes(self, key: str, data: bytes) -> None:
        name = self._name(key)
        self._ready()
        with self._errors(key):
            self._client.put_object(
                self.bucket, name, io.BytesIO(data), len(data), content_type=_content_type(key)
            )
        logger.debug("wrote %s (%d bytes) in %s", key, len(data), self.describe())

    def put_atomic(self, key: str, data: bytes) -> None:
        # A single S3 PUT replaces the object atomically: readers see old or new content.
        self.put_bytes(key, data)

    def get_bytes(self, key: str) -> bytes:
        name = self._name(key)
        self._ready()
        with self._errors(key):
            response = self._client.get_object(self.bucket, name)
            try:
                return response.read()
            finally:
                response.close()
                response.release_conn()

    def put_file(self, key: str, local_path: str | Path) -> None:
        source = Path(local_path)
        if not source.is_file():
            raise FileNotFoundError(f"not a file: {source}")
        name = self._name(key)
        self._ready()
        with self._errors(key):
            self._client.fput_object(self.bucket, name, str(source), _content_type(key))

    def get_file(self, key: str, local_path: str | Path) -> None:
        name = self._name(key)
        self._ready()
        with self._errors(key):
            response = self._client.get_object(self.bucket, name)
            try:
                with atomic_output(Path(local_path)) as tmp, open(tmp, "wb") as handle:
                    handle.writelines(response.stream(_CHUNK))
            finally:
                response.close()
                response.release_conn()

    def exists(self, key: str) -> bool:
        name = self._name(key)
        self._ready()
        try:
            with self._errors(key):
                self._client.stat_object(self.bucket, name)
        except ObjectNotFound:
            return False
        return True

    def delete(self, key: str) -> None:
        name = self._name(key)
        self._ready()
        with self._errors(key):
            self._client.remove_object(self.bucket, name)  # S3 DELETE of a missing key is OK

    def delete_prefix(self, prefix: str) -> int:
        folder_prefix = normalize_prefix(prefix)
        if not folder_prefix:
            raise ValueError("delete_prefix needs a non-empty prefix (refusing to wipe the root)")
        self._ready()
        with self._errors():
            names = [
                obj.object_name
                for obj in self._client.list_objects(
                    self.bucket, prefix=self.prefix + folder_prefix, recursive=True
                )
                if obj.object_name and not obj.is_dir
            ]
            errors = list(
                self._client.remove_objects(self.bucket, (DeleteObject(n) for n in names))
            )
        if errors:
            raise StorageError(
                f"could not delete {len(errors)} objects under {folder_prefix!r} in "
                f"{self.describe()}: {errors[0].code}: {errors[0].message}"
            )
        logger.info("deleted %d objects under %s in %s", len(names), folder_prefix, self.describe())
        return len(names)

    def write_parquet(self, key: str, table: pa.Table) -> None:
        import pyarrow.parquet as pq

        self._name(key)
        with tempfile.TemporaryDirectory(prefix="storage-") as folder:
            path = Path(folder, "upload.parquet")
            pq.write_table(table, path)
            self.put_file(key, path)

    def read_parquet(self, key: str) -> pa.Table:
        import pyarrow as pa
        import pyarrow.parquet as pq

        return pq.read_table(pa.BufferReader(self.get_bytes(key)))

    def list(self, prefix: str = "", recursive: bool = True) -> builtins.list[ObjectInfo]:
        folder_prefix = normalize_prefix(prefix)
        self._ready()
        infos = []
        with self._errors():
            for obj in self._client.list_objects(
                self.bucket, prefix=self.prefix + folder_prefix, recursive=recursive
            ):
                name = obj.object_name or ""
                key = name[len(self.prefix) :]
                if key == folder_prefix:
                    continue  # a "folder marker" object for the listed folder itself
                if obj.is_dir:
                    if not recursive:
                        infos.append(ObjectInfo(key, 0, None))
                    continue  # skip "folder marker" objects created by some consoles
                modified = obj.last_modified.astimezone(UTC) if obj.last_modified else None
                infos.append(ObjectInfo(key, obj.size or 0, modified))
        return sorted(infos, key=lambda info: info.key)


def _content_type(key: str) -> str:
    guessed, _encoding = mimetypes.guess_type(key)
    return guessed or "application/octet-stream"
