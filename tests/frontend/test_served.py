"""The API serves the dashboard's files at / with a fallback to index.html for client routes,
and leaves /api/* alone: unknown API paths are JSON 404s, never the page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from backend.app import create_app
from backend.settings import ApiSettings
from tests.backend.conftest import Lake, api_settings, isolated_env, lake  # noqa: F401

pytestmark = pytest.mark.slow

INDEX = "<!doctype html><html><body><div id=root></div></body></html>"


@pytest.fixture
def web(tmp_path: Path) -> Path:
    folder = tmp_path / "dist"
    (folder / "assets").mkdir(parents=True)
    (folder / "index.html").write_text(INDEX)
    (folder / "assets" / "index-abc123.js").write_text("console.log('dashboard')")
    return folder


@pytest.fixture
def served(lake: Lake, tmp_path: Path, web: Path) -> Iterator[TestClient]:  # noqa: F811
    with TestClient(create_app(api_settings(lake.root, tmp_path, web_dir=str(web)))) as client:
        yield client


def test_index_and_client_routes(served: TestClient) -> None:
    for path in ("/", "/reorder", "/series/000123/CD-SP01", "/changes?base=x"):
        answer = served.get(path)
        assert answer.status_code == 200, path
        assert answer.headers["content-type"].startswith("text/html")
        assert answer.text == INDEX


def test_assets_are_served_and_cached(served: TestClient) -> None:
    answer = served.get("/assets/index-abc123.js")
    assert answer.status_code == 200
    assert answer.text == "console.log('dashboard')"
    assert "immutable" in answer.headers["cache-control"]
    assert served.get("/").headers["cache-control"] == "no-cache"
    missing = served.get("/assets/nope.js")
    assert missing.status_code == 404
    assert missing.json()["error"]["status"] == 404


def test_api_paths_stay_json(served: TestClient, lake: Lake) -> None:  # noqa: F811
    for path in ("/api", "/api/v1/nope", "/api/v2/reorder"):
        answer = served.get(path)
        assert answer.status_code == 404, path
        assert answer.headers["content-type"] == "application/json"
        assert answer.json()["error"]["status"] == 404
    kpis = served.get("/api/v1/kpis")
    assert kpis.status_code == 200
    assert kpis.json()["snapshot_id"] == lake.second.snapshot_id
    assert served.get("/health").status_code == 200
    assert served.post("/").status_code == 405


def test_no_escape_from_the_web_folder(served: TestClient, tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text("the content of a file outside the build")
    for path in ("/../secret.txt", "/%2e%2e/secret.txt", "/assets/..%2f..%2fsecret.txt"):
        answer = served.get(path)
        assert "outside the build" not in answer.text, path


def test_setting_off_and_missing_build(lake: Lake, tmp_path: Path) -> None:  # noqa: F811
    with TestClient(create_app(api_settings(lake.root, tmp_path, web_dir="off"))) as client:
        answer = client.get("/")
        assert answer.status_code == 404
        assert answer.headers["content-type"] == "application/json"
    with pytest.raises(Exception, match="API_WEB_DIR"):
        ApiSettings(_env_file=None, web_dir=str(tmp_path / "no-build"))
