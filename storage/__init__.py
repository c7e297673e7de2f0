"""One storage interface for the lake and the exchange zone: a local folder or S3/MinIO.

>>> lake = open_storage("./lake")                        # embedded default
>>> lake = open_storage("s3://lake", S3Settings())       # MinIO, settings from S3_* env
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from storage.base import (
    ObjectInfo,
    ObjectNotFound,
    Storage,
    StorageError,
    StorageUnavailable,
    normalize_prefix,
    validate_key,
)
from storage.checksum import sha256_bytes, sha256_file
from storage.local import LocalStorage
from storage.settings import S3Settings, SettingsError

if TYPE_CHECKING:
    from storage.s3 import S3Storage

__all__ = [
    "LocalStorage",
    "ObjectInfo",
    "ObjectNotFound",
    "S3Settings",
    "S3Storage",
    "SettingsError",
    "Storage",
    "StorageError",
    "StorageUnavailable",
    "normalize_prefix",
    "open_storage",
    "sha256_bytes",
    "sha256_file",
    "validate_key",
]


def __getattr__(name: str) -> Any:
    """``S3Storage`` is imported when first used: the MinIO client costs a quarter of a second
    of start-up that a local lake (the demo, a restart of the API) does not need."""
    if name == "S3Storage":
        from storage.s3 import S3Storage

        return S3Storage
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_BUCKET = re.compile(r"^[a-z0-9][a-z0-9.\-]{1,61}[a-z0-9]$")


def open_storage(uri: str, s3: S3Settings | None = None) -> Storage:
    """Open the storage a URI names.

    - a path (``./lake``, ``/data/lake``) or ``file:///data/lake``: LocalStorage;
    - ``s3://bucket`` or ``s3://bucket/some/prefix``: S3Storage with ``s3`` settings, or
      settings read from the ``S3_*`` environment when ``s3`` is None.

    Raises ValueError for a malformed URI and SettingsError when S3 settings are invalid.
    """
    if not isinstance(uri, str) or not uri.strip():
        raise ValueError(f"storage URI must be a non-empty string, got {uri!r}")
    if "://" not in uri:
        return LocalStorage(uri)
    parts = urlsplit(uri)
    scheme = parts.scheme.lower()
    if parts.query or parts.fragment:
        raise ValueError(f"storage URI must not have a query or fragment: {uri!r}")
    if scheme == "file":
        if parts.netloc not in ("", "localhost") or not parts.path:
            raise ValueError(f"file URI must look like file:///absolute/path, got {uri!r}")
        return LocalStorage(unquote(parts.path))
    if scheme == "s3":
        bucket = parts.netloc
        if "@" in bucket:  # never echo credentials back into logs
            raise ValueError("S3 URI must not carry credentials; use S3_ACCESS_KEY/S3_SECRET_KEY")
        if not _BUCKET.match(bucket):
            raise ValueError(f"S3 URI needs a valid bucket name (s3://bucket[/prefix]): {uri!r}")
        prefix = parts.path.removeprefix("/").removesuffix("/")
        try:
            prefix = normalize_prefix(prefix)
        except ValueError as exc:
            raise ValueError(f"bad key prefix in S3 URI {uri!r}: {exc}") from exc
        from storage.s3 import S3Storage

        return S3Storage(bucket, prefix, s3 if s3 is not None else S3Settings())
    raise ValueError(
        f"unsupported storage URI scheme {parts.scheme!r} in {uri!r} (use a path or s3://)"
    )
