"""The committed frontend/openapi.json is the API's schema: the typed client never drifts."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]


def dump_module() -> ModuleType:
    path = ROOT / "frontend" / "scripts" / "dump_openapi.py"
    spec = importlib.util.spec_from_file_location("dump_openapi", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_openapi_matches_the_app() -> None:
    committed = (ROOT / "frontend" / "openapi.json").read_text(encoding="utf-8")
    assert committed == dump_module().openapi_text(), (
        "frontend/openapi.json is stale: run `make openapi` and rebuild the frontend"
    )


def test_the_client_sees_every_api_route() -> None:
    schema = json.loads((ROOT / "frontend" / "openapi.json").read_text(encoding="utf-8"))
    paths = set(schema["paths"])
    for route in ("/api/v1/reorder", "/api/v1/reorder.csv", "/api/v1/changes", "/api/v1/meta"):
        assert route in paths
    assert not any(path.startswith("/{") for path in paths), "the dashboard route is not API"
