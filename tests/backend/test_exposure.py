"""What the API shows a client beyond the data: compression, CORS refusals, protected docs and
metrics, and no path of the server's file system in any answer (issues 15 and 17)."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import httpx

from pipeline.runner import run_once
from pipeline.settings import PipelineSettings
from tests.backend.conftest import make_client


def raw_get(api, path: str, **headers: str) -> httpx.Response:
    """The answer as sent on the wire (httpx would decompress a gzip body when read)."""
    with api.stream("GET", path, headers=headers) as answer:
        answer.body = b"".join(answer.iter_raw())  # type: ignore[attr-defined]
        return answer


def test_json_answers_are_gzip_compressed_when_the_client_accepts_it(lake, tmp_path) -> None:
    with make_client(lake.root, tmp_path) as api:
        plain = raw_get(api, "/api/v1/items?limit=200", **{"Accept-Encoding": "identity"})
        packed = raw_get(api, "/api/v1/items?limit=200", **{"Accept-Encoding": "gzip"})
    assert "content-encoding" not in plain.headers
    assert packed.headers["content-encoding"] == "gzip"
    assert "accept-encoding" in packed.headers["vary"].lower()
    assert json.loads(gzip.decompress(packed.body)) == json.loads(plain.body)
    assert len(packed.body) < len(plain.body) / 3


def test_static_files_are_gzip_compressed(lake, tmp_path) -> None:
    web = tmp_path / "web"
    (web / "assets").mkdir(parents=True)
    (web / "index.html").write_text("<!doctype html><title>x</title>")
    script = "export const rows = [" + ",".join(f'"item {n}"' for n in range(20000)) + "];\n"
    (web / "assets" / "app-1234.js").write_text(script)
    with make_client(lake.root, tmp_path, web_dir=str(web)) as api:
        answer = raw_get(api, "/assets/app-1234.js", **{"Accept-Encoding": "gzip, br"})
    assert answer.status_code == 200
    assert answer.headers["content-encoding"] == "gzip"
    assert gzip.decompress(answer.body).decode() == script
    assert len(answer.body) < len(script) / 3


def test_a_refused_cors_preflight_is_json(lake, tmp_path) -> None:
    with make_client(lake.root, tmp_path, cors_origins="http://dash.local") as api:
        refused = api.options(
            "/api/v1/items",
            headers={"Origin": "http://evil.example", "Access-Control-Request-Method": "GET"},
        )
    assert refused.status_code == 400
    assert refused.headers["content-type"].startswith("application/json")
    error = refused.json()["error"]
    assert error["status"] == 400 and "origin" in error["message"]


def test_docs_and_metrics_can_require_the_key(lake, tmp_path) -> None:
    paths = ("/metrics", "/docs", "/openapi.json")
    key = {"Authorization": "Bearer s3cret"}
    with make_client(lake.root, tmp_path, keys="s3cret") as default:
        assert [default.get(p).status_code for p in paths] == [200, 200, 200]
    with make_client(lake.root, tmp_path, keys="s3cret", protect_docs_and_metrics=True) as api:
        for path in paths:
            refused = api.get(path)
            assert refused.status_code == 401, path
            assert refused.json()["error"]["message"] == "missing or invalid API key"
            assert api.get(path, headers={"Authorization": "Bearer wrong"}).status_code == 401
            assert api.get(path, headers=key).status_code == 200, path
        assert api.get("/health").status_code == 200  # probes stay open
        assert api.get("/ready").status_code == 200


def test_no_answer_holds_a_server_path_after_a_failed_run(lake, tmp_path) -> None:
    """A run fails with an error naming an absolute path (here a missing landing folder); the
    API's answers name files without the server's folders."""
    lake_copy = lake.copy(tmp_path / "lake")
    missing = tmp_path / "erp" / "exports" / "landing"
    settings = PipelineSettings(
        _env_file=None,
        landing_uri=str(missing),
        lake_uri=str(lake_copy),
        exports_uri=str(tmp_path / "exports"),
        work_dir=str(tmp_path / "work"),
        log_level="WARNING",
    )
    try:
        run_once(settings)
    except Exception as exc:
        assert str(missing) in str(exc)  # the operator's log has the full text
    records = sorted((lake_copy / "runs").glob("*.json"))
    assert str(missing) in json.loads(records[-1].read_text())["error"]
    secrets = (str(tmp_path), str(lake.root), str(Path.cwd()), str(Path.home()))
    with make_client(lake_copy, tmp_path) as api:
        meta = api.get("/api/v1/meta")
        assert meta.status_code == 200
        last_run = meta.json()["data"]["last_run"]
        assert last_run["status"] == "failed"
        assert "…/landing does not exist" in last_run["error"]
        answers = [meta, api.get("/ready"), api.get("/api/v1/items/nope")]
        answers.append(api.get("/api/v1/items", params={"snapshot": "19990101T000000000000Z"}))
        for answer in answers:
            assert not any(secret in answer.text for secret in secrets), answer.text
    shutil.rmtree(lake_copy)
