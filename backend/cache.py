"""Response cache: Redis when configured, an in-process LRU otherwise.

Keys carry the snapshot id, so a new snapshot never serves an old answer; entries expire after a
TTL either way. When Redis fails, the answer is computed (and kept in the local LRU) and the
failure is counted; Redis is not asked again for a few seconds, so a dead server costs one timeout,
not one per request.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping

log = logging.getLogger(__name__)

KEY_PREFIX = "api:v1:"
REDIS_RETRY_SECONDS = 5.0


def cache_key(snapshot_id: str, route: str, params: Mapping[str, object]) -> str:
    """``api:v1:<snapshot>:<route>:<hash of the sorted parameters>``."""
    canonical = "&".join(f"{k}={params[k]}" for k in sorted(params) if params[k] is not None)
    digest = hashlib.sha256(canonical.encode()).hexdigest()[:24]
    return f"{KEY_PREFIX}{snapshot_id}:{route}:{digest}"


class LruCache:
    """A thread-safe LRU of bytes with a TTL."""

    def __init__(self, max_entries: int, ttl_seconds: float) -> None:
        self.max_entries = max_entries
        self.ttl_seconds = ttl_seconds
        self._entries: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            expires, value = entry
            if expires < time.monotonic():
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return value

    def set(self, key: str, value: bytes) -> None:
        with self._lock:
            self._entries[key] = (time.monotonic() + self.ttl_seconds, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)


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
        self.local = LruCache(max_entries, ttl_seconds)
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

    def get(self, key: str) -> bytes | None:
        value: bytes | None = None
        if self._redis_usable():
            try:
                value = self.redis.get(key)  # type: ignore[union-attr]
            except Exception as exc:  # redis.RedisError and socket errors alike
                self._redis_failed(exc)
                value = self.local.get(key)
        else:
            value = self.local.get(key)
        self._on_event("hit" if value is not None else "miss")
        return value

    def set(self, key: str, value: bytes) -> None:
        if self._redis_usable():
            try:
                self.redis.set(key, value, ex=self.ttl_seconds)  # type: ignore[union-attr]
                return
            except Exception as exc:
                self._redis_failed(exc)
        self.local.set(key, value)

    def close(self) -> None:
        if self.redis is not None:
            self.redis.close()
