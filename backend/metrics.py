"""Prometheus metrics of one app instance (its own registry, so tests can build many apps)."""

from __future__ import annotations

import time
from collections.abc import Callable

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from backend.snapshot import Snapshot

LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "api_requests_total",
            "HTTP requests by route template, method and status code",
            ["route", "method", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "api_request_seconds",
            "Request latency by route template, seconds",
            ["route"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.cache = Counter(
            "api_cache_events_total",
            "Response cache events: hit, miss, redis_error (answered without Redis)",
            ["event"],
            registry=self.registry,
        )
        self.snapshot_events = Counter(
            "api_snapshot_events_total",
            "Snapshot loading: swapped, refused (failed verification), storage_error",
            ["event"],
            registry=self.registry,
        )
        self.snapshot_age = Gauge(
            "api_snapshot_age_seconds",
            "Seconds since the served snapshot was committed (-1 before the first load)",
            registry=self.registry,
        )
        self.ready = Gauge("api_ready", "1 once a snapshot is being served", registry=self.registry)

    def track_snapshot(self, current: Callable[[], Snapshot | None]) -> None:
        """Compute readiness and the snapshot age at scrape time from ``current()``."""

        def age() -> float:
            snapshot = current()
            committed = snapshot.committed_at if snapshot is not None else None
            return -1.0 if committed is None else max(0.0, time.time() - committed.timestamp())

        self.snapshot_age.set_function(age)
        self.ready.set_function(lambda: 0.0 if current() is None else 1.0)
