"""The response cache with the real Redis on 127.0.0.1:6379, and without it."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator

import pytest
import redis

from tests.backend.conftest import make_client
from tests.factories import free_port, wait_until

pytestmark = pytest.mark.slow

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
def redis_client() -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(REDIS_URL, socket_timeout=2)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.fail("these tests need the real Redis on 127.0.0.1:6379")
    yield client
    client.close()


def _drop_keys(client: redis.Redis, *snapshot_ids: str) -> None:
    for snapshot_id in snapshot_ids:
        for key in client.scan_iter(f"api:v1:{snapshot_id}:*"):
            client.delete(key)


def _cache_count(text: str, event: str) -> float:
    prefix = f'api_cache_events_total{{event="{event}"}} '
    return sum(float(line[len(prefix) :]) for line in text.splitlines() if line.startswith(prefix))


def test_redis_miss_then_hit_and_a_new_snapshot_means_new_keys(
    lake, tmp_path, redis_client
) -> None:
    root = lake.copy(tmp_path / "lake")
    first, second = lake.first.snapshot_id, lake.second.snapshot_id
    _drop_keys(redis_client, first, second)
    pointer = json.loads((root / "gold" / "_CURRENT").read_text())
    first_pointer = {**pointer, "snapshot_id": first, "previous": None}
    (root / "gold" / "_CURRENT").write_text(json.dumps(first_pointer))
    try:
        with make_client(
            root, tmp_path, redis_url=REDIS_URL, cache_ttl_seconds=60, poll_seconds=3600
        ) as api:
            miss = api.get("/api/v1/kpis")
            assert (miss.headers["x-cache"], miss.json()["snapshot_id"]) == ("miss", first)
            keys = list(redis_client.scan_iter(f"api:v1:{first}:kpis:*"))
            assert len(keys) == 1
            assert 0 < redis_client.ttl(keys[0]) <= 60
            hit = api.get("/api/v1/kpis")
            assert hit.headers["x-cache"] == "hit"
            assert hit.content == miss.content

            # the pipeline commits the next snapshot: _CURRENT is replaced
            (root / "gold" / "_CURRENT").write_text(json.dumps(pointer))
            assert api.app.state.api.snapshots.refresh() is True
            fresh = api.get("/api/v1/kpis")
            assert (fresh.headers["x-cache"], fresh.json()["snapshot_id"]) == ("miss", second)
            assert fresh.json()["data"] != miss.json()["data"]
            assert len(list(redis_client.scan_iter(f"api:v1:{second}:kpis:*"))) == 1
            assert api.get("/api/v1/kpis").headers["x-cache"] == "hit"
            metrics = api.get("/metrics").text
            assert _cache_count(metrics, "hit") == 2
            assert _cache_count(metrics, "miss") == 2
            assert _cache_count(metrics, "redis_error") == 0
    finally:
        _drop_keys(redis_client, first, second)


def test_redis_unreachable_still_serves_and_is_counted(lake, tmp_path) -> None:
    closed = f"redis://127.0.0.1:{free_port()}/0"
    with make_client(lake.root, tmp_path, redis_url=closed, redis_timeout_seconds=0.2) as api:
        answers = [api.get("/api/v1/reorder", params={"limit": 5}) for _ in range(3)]
        assert [a.status_code for a in answers] == [200, 200, 200]
        assert answers[0].json() == answers[2].json()
        # answered from the in-process cache meanwhile
        assert answers[2].headers["x-cache"] == "hit"
        assert _cache_count(api.get("/metrics").text, "redis_error") >= 1


def test_redis_stopping_mid_way_is_not_an_error(lake, tmp_path, redis_client) -> None:
    """A Redis that dies while the API runs: a private redis-server we start and stop."""
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server binary not installed; the closed-port test covers the case")
    import subprocess

    port = free_port()
    process = subprocess.Popen(
        [server, "--port", str(port), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        private = redis.Redis(port=port)

        def pings() -> bool:
            try:
                return bool(private.ping())
            except redis.ConnectionError:
                return False

        wait_until(pings, "the private redis-server to start", 10)
        url = f"redis://127.0.0.1:{port}/0"
        with make_client(lake.root, tmp_path, redis_url=url, redis_timeout_seconds=0.2) as api:
            assert api.get("/api/v1/items").headers["x-cache"] == "miss"
            assert api.get("/api/v1/items").headers["x-cache"] == "hit"
            process.terminate()
            process.wait(timeout=5)
            after = api.get("/api/v1/items")
            assert after.status_code == 200
            assert api.get("/api/v1/warehouses").status_code == 200
            assert _cache_count(api.get("/metrics").text, "redis_error") >= 1
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=5)


def test_in_process_cache_without_redis(client) -> None:
    assert client.app.state.api.cache.backend == "memory"
    assert client.get("/api/v1/alerts").headers["x-cache"] == "miss"
    assert client.get("/api/v1/alerts").headers["x-cache"] == "hit"
    assert client.get("/api/v1/alerts", params={"limit": 3}).headers["x-cache"] == "miss"
