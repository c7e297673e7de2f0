"""Redis stopped and started again while the API is under load: not one request fails.

The API runs as its own process with API_REDIS_URL on a private redis-server (never the shared
one on 6379), and a few client threads keep asking for the usual pages. Redis is stopped: the
answers keep coming (computed, or from the in-process cache) and /metrics counts the Redis
errors. Redis starts again on the same port, empty: the API goes back to caching in it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from storage import open_storage
from tests.factories import Workspace, copy_landing
from tests.faults.harness import ApiProcess, Poller, RedisServer, verify_current, wait_until
from tests.pipeline.run import lakeview

pytestmark = pytest.mark.slow

CACHE_EVENTS = "api_cache_events_total"


def test_redis_stopped_and_restarted_under_load_fails_no_request(
    tmp_path: Path, drops: dict[str, Path]
) -> None:
    workspace = Workspace(tmp_path / "ws")
    copy_landing(drops["base"], workspace.landing)
    assert workspace.run().status == "succeeded"
    lake = open_storage(str(workspace.lake))
    snapshot_id = verify_current(lake)
    rows = lakeview.gold_table(lake, snapshot_id, "fct_reorder_point").to_pylist()[:4]
    paths = ["/api/v1/meta", "/api/v1/kpis", "/api/v1/reorder?limit=20", "/api/v1/alerts"]
    paths += [f"/api/v1/series/{r['item_id']}/{r['warehouse_id']}?grain=week" for r in rows]
    redis = RedisServer(tmp_path / "redis")
    redis.start()
    try:
        api = ApiProcess(
            str(workspace.lake),
            tmp_path / "api",
            {"API_REDIS_URL": redis.url, "API_REDIS_TIMEOUT_SECONDS": "0.2"},
        )
        with api, Poller(api.port, paths, threads=4, limit=5000, pause=0.01) as load:
            wait_until(lambda: redis.keys() >= len(paths), "answers cached in Redis")
            assert api.metric(CACHE_EVENTS, 'event="redis_error"') == 0

            redis.stop()
            stopped_at = load.count()
            wait_until(lambda: api.metric(CACHE_EVENTS, 'event="redis_error"') >= 1, "an error")
            wait_until(lambda: load.count() >= stopped_at + 4 * len(paths), "answers meanwhile")

            redis.start()  # same port, empty
            restarted_at = load.count()
            wait_until(lambda: redis.keys() >= 1, "the API to cache in Redis again", timeout=60)
            wait_until(lambda: load.count() >= restarted_at + 4 * len(paths), "more answers")
            errors = api.metric(CACHE_EVENTS, 'event="redis_error"')
            hits = api.metric(CACHE_EVENTS, 'event="hit"')
    finally:
        redis.stop()

    assert load.failures() == [], load.failures()[:5]
    assert {a.snapshot_id for a in load.answers} == {snapshot_id}
    assert errors >= 1
    assert hits >= 1
