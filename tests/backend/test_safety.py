"""Read-only, validated, JSON errors, optional bearer keys, CORS from settings."""

from __future__ import annotations

import pytest

from tests.backend.conftest import make_client

DATA_ENDPOINTS = [
    "/api/v1/meta",
    "/api/v1/items",
    "/api/v1/warehouses",
    "/api/v1/sites",
    "/api/v1/reorder",
    "/api/v1/kpis",
    "/api/v1/alerts",
    "/api/v1/accuracy",
    "/api/v1/models",
    "/api/v1/snapshots",
]


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE", "TRACE"])
@pytest.mark.parametrize("path", ["/api/v1/items", "/api/v1/nothing-here", "/health"])
def test_writes_are_refused_with_405(client, method, path) -> None:
    response = client.request(method, path)
    assert response.status_code == 405
    assert response.json()["error"]["status"] == 405
    assert response.headers["allow"] == "GET, HEAD, OPTIONS"


def test_head_and_options_are_answered(client) -> None:
    get = client.get("/api/v1/items")
    head = client.head("/api/v1/items")
    assert head.status_code == 200
    assert head.content == b""
    # the length GET sends for the same request headers (gzip-compressed, as both accept it)
    assert head.headers["content-encoding"] == get.headers["content-encoding"] == "gzip"
    assert head.headers["content-length"] == get.headers["content-length"]
    options = client.options("/api/v1/items")
    assert options.status_code == 204
    assert options.headers["allow"] == "GET, HEAD, OPTIONS"


@pytest.mark.parametrize("path", DATA_ENDPOINTS)
def test_every_data_answer_names_its_snapshot_and_ignores_unknown_parameters(
    client, lake, path
) -> None:
    response = client.get(path, params={"no_such_parameter": "x", "utm_source": "mail"})
    assert response.status_code == 200, response.text
    assert response.json()["snapshot_id"] == lake.second.snapshot_id
    if path != "/api/v1/snapshots":
        assert response.headers["x-snapshot-id"] == lake.second.snapshot_id


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/v1/items", {"limit": "0"}),
        ("/api/v1/items", {"limit": "1001"}),
        ("/api/v1/items", {"limit": "ten"}),
        ("/api/v1/items", {"offset": "-1"}),
        ("/api/v1/items", {"criticality": "Z"}),
        ("/api/v1/items", {"supplier_id": "x' or 1=1 --"}),
        ("/api/v1/items", {"q": "x" * 101}),
        ("/api/v1/items", {"snapshot": "../../etc"}),
        ("/api/v1/warehouses", {"state": "sao paulo"}),
        ("/api/v1/reorder", {"status": "ok,bogus"}),
        ("/api/v1/reorder", {"sort": "item_id; drop table x"}),
        ("/api/v1/reorder", {"order": "sideways"}),
        ("/api/v1/reorder", {"warehouse_id": "CD 01"}),
        ("/api/v1/reorder.csv", {"sep": "|"}),
        ("/api/v1/reorder.csv", {"sep": ",", "decimal": ","}),
        ("/api/v1/accuracy", {"by": "colour"}),
        ("/api/v1/alerts", {"type": "everything"}),
        ("/api/v1/series/000001/CD-SP01", {"grain": "year"}),
        ("/api/v1/series/000001/CD-SP01", {"start": "yesterday"}),
        ("/api/v1/series/000001/CD-SP01", {"start": "2025-12-01", "end": "2025-11-01"}),
        ("/api/v1/series/bad%20id/CD-SP01", {}),
        ("/api/v1/series/000001/%27%3B--", {}),
    ],
)
def test_bad_parameters_are_422_with_a_json_message(client, path, params) -> None:
    response = client.get(path, params=params)
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["status"] == 422
    assert "bad parameter" in error["message"]


def test_unknown_ids_are_404(client, lake) -> None:
    pair = lake.second.sql("select item_id, warehouse_id from fct_reorder_point limit 1")[0]
    item, warehouse = pair["item_id"], pair["warehouse_id"]
    cases = {
        f"/api/v1/series/NOPE123/{warehouse}": "unknown item",
        f"/api/v1/series/{item}/CD-XX99": "unknown warehouse",
        "/api/v1/items/NOPE123": "unknown item",
        "/api/v1/warehouses/CD-XX99": "unknown warehouse",
        "/api/v1/kpis?snapshot=20200101T000000000000Z": "unknown snapshot",
        "/api/v1/nothing-here": "no such path: /api/v1/nothing-here",
    }
    for path, message in cases.items():
        response = client.get(path)
        assert response.status_code == 404, path
        assert message in response.json()["error"]["message"]


def test_wide_but_valid_series_range_is_served(client, lake) -> None:
    pair = lake.second.sql("select item_id, warehouse_id from fct_reorder_point limit 1")[0]
    url = f"/api/v1/series/{pair['item_id']}/{pair['warehouse_id']}"
    assert client.get(url, params={"start": "2020-01-01", "end": "2030-01-01"}).status_code == 200
    assert client.get(url, params={"start": "1900-01-01"}).status_code == 422
    assert client.get(url, params={"start": "2030-01-01", "end": "2030-02-01"}).status_code == 200


def test_auth_off_by_default_and_on_with_keys(lake, tmp_path) -> None:
    with make_client(lake.root, tmp_path) as open_api:
        assert open_api.get("/api/v1/items").status_code == 200
    keys_file = tmp_path / "keys"
    keys_file.write_text("# one key a line\nfrom-file-key\n")
    with make_client(
        lake.root, tmp_path, keys="first-key, second-key", keys_file=str(keys_file)
    ) as api:
        missing = api.get("/api/v1/items")
        assert missing.status_code == 401
        assert missing.headers["www-authenticate"] == "Bearer"
        assert missing.json()["error"]["message"] == "missing or invalid API key"
        assert (
            api.get("/api/v1/items", headers={"Authorization": "Bearer wrong"}).status_code == 401
        )
        assert (
            api.get("/api/v1/items", headers={"Authorization": "Basic second-key"}).status_code
            == 401
        )
        for key in ("first-key", "second-key", "from-file-key"):
            ok = api.get("/api/v1/items", headers={"Authorization": f"Bearer {key}"})
            assert ok.status_code == 200
        # operations endpoints stay open for probes and Prometheus
        assert api.get("/health").status_code == 200
        assert api.get("/ready").status_code == 200
        assert api.get("/metrics").status_code == 200


def test_cors_only_for_configured_origins(lake, tmp_path) -> None:
    preflight = {"Origin": "http://dash.local", "Access-Control-Request-Method": "GET"}
    with make_client(lake.root, tmp_path) as closed:
        answer = closed.get("/api/v1/items", headers={"Origin": "http://dash.local"})
        assert "access-control-allow-origin" not in answer.headers
    with make_client(lake.root, tmp_path, cors_origins="http://dash.local") as api:
        answer = api.get("/api/v1/items", headers={"Origin": "http://dash.local"})
        assert answer.headers["access-control-allow-origin"] == "http://dash.local"
        assert api.options("/api/v1/items", headers=preflight).status_code == 200
        other = api.get("/api/v1/items", headers={"Origin": "http://evil.example"})
        assert "access-control-allow-origin" not in other.headers


def test_bad_settings_name_the_variable(monkeypatch) -> None:
    from backend.settings import ApiSettings
    from storage import SettingsError

    monkeypatch.setenv("API_PORT", "eighty")
    with pytest.raises(SettingsError, match="API_PORT"):
        ApiSettings(_env_file=None)
    monkeypatch.setenv("API_PORT", "8000")
    monkeypatch.setenv("API_REDIS_URL", "localhost:6379")
    with pytest.raises(SettingsError, match="API_REDIS_URL"):
        ApiSettings(_env_file=None)


def test_openapi_lists_the_resources(client) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in (
        "/api/v1/meta",
        "/api/v1/items",
        "/api/v1/series/{item_id}/{warehouse_id}",
        "/api/v1/reorder",
        "/api/v1/reorder.csv",
        "/api/v1/kpis",
        "/api/v1/alerts",
        "/api/v1/accuracy",
        "/api/v1/models",
        "/api/v1/snapshots",
        "/health",
        "/ready",
        "/metrics",
    ):
        assert path in paths
