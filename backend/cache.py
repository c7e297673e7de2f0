"""Response cache: Redis when configured, an in-process LRU (``cachetools``) otherwise.

One key rule for every answer (``cache_key``): the snapshot id, the path and the sorted query,
so a new snapshot never serves an old answer and no route can forget a parameter. Entries
expire after a TTL either way. When Redis fails, the answer is kept in the in-process LRU and
the failure is counted; Redis is not asked again for a few seconds, so a dead server costs one
timeout, not one per request.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Callable, Iterable

from cachetools import TTLCache

log = logging.getLogger(__name__)

KEY_PREFIX = "api:v1:"
API_PREFIX = "/api/v1/"
REDIS_RETRY_SECONDS = 5.0


def cache_key(snapshot_id: str, path: str, query: Iterable[tuple[str, str]]) -> str:
    """``api:v1:<snapshot>:<path under /api/v1>:<hash of the sorted query>``."""
    canonical = "&".join(f"{name}={value}" for name, value in sorted(query))
    digest = hashlib.sha256(canonical.encode()).hexdigest()[:24]
    return f"{KEY_PREFIX}{snapshot_id}:{path.removeprefix(API_PREFIX)}:{digest}"


class ResponseCache:
    """get/set of encoded responses; ``on_event`` receives hit, miss and redis_error."""

    def __init__(
        self,
        *,
        redis_url: str = "",
        ttl_seconds: int = 300,
        max_entries: int = 2048,
        redis_timeout: float = 0.25,
        on_event: Callable[[str], None] | None = None,
    ) -> None:
        self.ttl_seconds = ttl_seconds
        self.local: TTLCache[str, bytes] = TTLCache(max_entries, ttl_seconds)
        self._local_lock = threading.Lock()  # cachetools' caches are not thread-safe
        self._on_event = on_event or (lambda _event: None)
        self._redis_down_until = 0.0
        self.redis = None
        if redis_url:
            import redis

            self.redis = redis.Redis.from_url(
                redis_url,
                socket_timeout=redis_timeout,
                socket_connect_timeout=redis_timeout,
                retry_on_timeout=False,
                health_check_interval=30,
            )

    @property
    def backend(self) -> str:
        return "redis" if self.redis is not None else "memory"

    def _redis_usable(self) -> bool:
        return self.redis is not None and time.monotonic() >= self._redis_down_until

    def _redis_failed(self, exc: Exception) -> None:
        if time.monotonic() >= self._redis_down_until:
            log.warning("redis unavailable, serving without it for a while: %s", exc)
        self._redis_down_until = time.monotonic() + REDIS_RETRY_SECONDS
        self._on_event("redis_error")

    def _local_get(self, key: str) -> bytes | None:
        with self._local_lock:
            return self.local.get(key)

    def get(self, key: str) -> bytes | None:
        value: bytes | None = None
        if self._redis_usable():
            try:
                value = self.redis.get(key)  # type: ignore[union-attr]
            except Exception as exc:  # redis.RedisError and socket errors alike
                self._redis_failed(exc)
                value = self._local_get(key)
        else:
            value = self._local_get(key)
        self._on_event("hit" if value is not None else "miss")
        return value

    def set(self, key: str, value: bytes) -> None:
        if self._redis_usable():
            try:
                self.redis.set(key, value, ex=self.ttl_seconds)  # type: ignore[union-attr]
                return
            except Exception as exc:
                self._redis_failed(exc)
        with self._local_lock:
            self.local[key] = value

    def close(self) -> None:
        if self.redis is not None:
            self.redis.close()
