"""Hostile input: injection, traversal, control characters and oversized values in every parameter.

The routes and their parameters come from the app's own OpenAPI, so a new route or parameter is
covered without touching this file. Every answer must stay inside the API's contract: never a
5xx; JSON (CSV for the CSV export's 200) that validates against the OpenAPI schema of its status,
or the documented error shape ``{"error": {"status", "message"}}`` for statuses the schema leaves
out (404, 405, 401, 503); no file content, stack trace, engine error or server path in any body
or header; and a hostile filter value never widens a list (an injection matches nothing). Write
methods are refused with 405 on every path. Run in-process (ASGI) against the session lake, and
over a real ``python -m backend`` for what only a real server sees: raw, undecoded request paths
(dot segments, encoded slashes, NUL) and request lines of 10 kB and 1 MB.
"""

from __future__ import annotations

import io
import json
import os
import re
import socket
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlencode

import pytest
from jsonschema import Draft202012Validator
from starlette.testclient import TestClient

from backend.app import create_app
from backend.settings import ApiSettings
from tests.backend.conftest import Lake, api_settings

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]

HOSTILE: dict[str, str] = {
    "sql-or": "' OR 1=1 --",
    "sql-or-numeric": "1 OR 1=1",
    "sql-drop": '"; DROP TABLE fct_reorder_point; --',
    "sql-union": "x' UNION SELECT * FROM duckdb_settings() --",
    "sql-comment": "000001'/*",
    "duckdb-read-csv": "read_csv('/etc/passwd')",
    "duckdb-read-text": "') UNION SELECT content FROM read_text('/etc/passwd') --",
    "duckdb-copy": "'; COPY fct_reorder_point TO '/tmp/leak.csv'; --",
    "traversal": "../../etc/passwd",
    "traversal-encoded": "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "traversal-double-encoded": "%252e%252e%252fetc%252fpasswd",
    "traversal-backslash": "..\\..\\..\\windows\\win.ini",
    "nul": "000001\x00' OR 1=1",
    "crlf": "x\r\nSet-Cookie: injected=1\r\nX-Injected: 1",
    "unicode": "Ωmega-ação-日本-🔩\u202e\u200b\ufeff",
    "format-string": "%s%s%n{0}{__class__.__mro__}${jndi:ldap://x}",
    "json": '{"$gt": ""}',
    "number-overflow": "9" * 40,
    "empty": "",
    "oversized-10k": "A" * 10_240,
    "oversized-1m": "' OR 1=1 --" * (1_048_576 // 11),
}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
INJECTIONS = {name for name in HOSTILE if name.startswith(("sql", "duckdb"))}
WRITE_METHODS = ["POST", "PUT", "PATCH", "DELETE", "TRACE", "CONNECT", "PROPFIND", "PURGE"]
# Parameters that page or pick a snapshot rather than filter rows.
NOT_FILTERS = {"limit", "offset", "snapshot", "sort", "order", "grain", "base", "change", "by"}

# What must never reach a client: file content, stack traces, engine errors, server paths.
LEAK = re.compile(
    r"root:[^:\n]*:0:0:|daemon:[^:\n]*:1:1:|\[fonts\]|Traceback \(most recent|File \"/"
    r"|site-packages|duckdb\.|(Binder|Parser|Catalog|Conversion|Invalid Input|IO) Error"
    r"|\[Errno|Exception:|/etc/shadow|TOPSECRET",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def openapi() -> dict[str, Any]:
    """The app's schema (nothing is started: routes and models only)."""
    settings = ApiSettings(_env_file=None, lake_uri="/nonexistent", web_dir="off")
    return create_app(settings).openapi()


def operations() -> list[tuple[str, str, dict[str, Any]]]:
    """(method, path template, operation) for every operation of the schema."""
    return [
        (method.upper(), path, operation)
        for path, item in openapi()["paths"].items()
        for method, operation in item.items()
    ]


def parameters() -> list[tuple[str, str]]:
    """(path template, parameter name) of every query and path parameter of every operation."""
    return [
        (path, p["name"])
        for _, path, operation in operations()
        for p in operation.get("parameters", [])
        if p["in"] in ("query", "path")
    ]


@dataclass(frozen=True)
class RawAnswer:
    status_code: int
    headers: dict[str, str]
    content: bytes

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", "replace")


def asgi_get(client: TestClient, target: str) -> RawAnswer:
    """One GET handed to the app as a server hands it (the path decoded once, the query raw).

    Not through httpx: it refuses URLs over 64 kB on the client side, and normalises paths.
    """
    raw_path, _, query = target.partition("?")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": unquote(raw_path),
        "raw_path": raw_path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [(b"host", b"testserver")],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    client.portal.call(client.app, scope, receive, send)
    start = next(m for m in sent if m["type"] == "http.response.start")
    headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in start["headers"]}
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return RawAnswer(start["status"], headers, body)


class Contract:
    """Checks one answer against the OpenAPI and the API's error shape; returns the problems."""

    def __init__(self, schema: dict[str, Any], secrets: tuple[str, ...] = ()) -> None:
        self.schema = schema
        self.secrets = secrets
        self.validators: dict[tuple[str, str, int], Draft202012Validator | None] = {}

    def _validator(self, method: str, template: str, status: int) -> Draft202012Validator | None:
        key = (method, template, status)
        if key not in self.validators:
            operation = self.schema["paths"][template][method.lower()]
            declared = operation["responses"].get(str(status), {})
            body = declared.get("content", {}).get("application/json", {}).get("schema")
            self.validators[key] = (
                Draft202012Validator({**body, "components": self.schema["components"]})
                if body
                else None
            )
        return self.validators[key]

    def problems(self, method: str, template: str | None, response: Any) -> list[str]:
        status = response.status_code
        text = response.text
        found = []
        if status >= 500:
            found.append(f"server error {status}: {text[:300]}")
        if leak := LEAK.search(text):
            found.append(f"leak {leak.group(0)!r}")
        found += [f"leak {secret!r}" for secret in self.secrets if secret in text]
        for name, value in response.headers.items():
            if name.lower() in ("set-cookie", "x-injected") or LEAK.search(value):
                found.append(f"header {name}: {value[:100]}")
        if method == "HEAD" or status in (204, 304):
            return found
        if status in (301, 302, 307, 308):  # e.g. a trailing slash: only to this same server
            location = response.headers.get("location", "")
            same = location.startswith(("http://testserver/", "http://127.0.0.1:"))
            return found + ([] if same else [f"{status} redirects off the server: {location!r}"])
        media = response.headers.get("content-type", "").split(";")[0]
        if status == 200 and template and template.endswith(".csv"):
            return found + ([] if media == "text/csv" else [f"CSV export answered {media}"])
        if status == 200 and template and template.endswith(".xlsx"):
            return found + ([] if media == XLSX else [f"xlsx export answered {media}"])
        if status == 200 and template == "/metrics":
            return found + ([] if media == "text/plain" else [f"metrics answered {media}"])
        if media != "application/json":
            return [*found, f"{status} answered {media!r}, not JSON: {text[:200]}"]
        try:
            body = json.loads(text)
        except ValueError:
            return [*found, f"{status} body is not JSON: {text[:200]}"]
        validator = self._validator(method, template, status) if template else None
        if validator is not None:
            found += [
                f"{status} off schema: {e.message[:200]}" for e in validator.iter_errors(body)
            ]
        if status >= 400:  # the error shape every client relies on, documented or not
            error = body.get("error") if isinstance(body, dict) else None
            if not (
                isinstance(error, dict)
                and error.get("status") == status
                and isinstance(error.get("message"), str)
            ):
                found.append(f"{status} without the error shape: {text[:200]}")
        return found


def fill(template: str, ids: dict[str, str], name: str | None = None, value: str = "") -> str:
    """The path with every parameter filled with a real id, ``name`` with ``value`` (encoded)."""
    path = template
    for param in re.findall(r"{(\w+)}", template):
        path = path.replace(f"{{{param}}}", quote(value if param == name else ids[param], safe=""))
    return path


def real_ids(lake: Lake) -> dict[str, str]:
    pair = lake.second.sql(
        "select item_id, warehouse_id from fct_reorder_point order by all limit 1"
    )[0]
    supplier = lake.second.one("select min(supplier_id) from fct_purchase_proposal")
    return {
        "item_id": pair["item_id"],
        "warehouse_id": pair["warehouse_id"],
        "supplier_id": supplier,
    }


def data_rows(response: Any) -> int:
    """Rows of a list answer: its count (JSON), its lines (CSV) or its sheet rows (.xlsx)."""
    media = response.headers.get("content-type", "").split(";")[0]
    if media == "application/json":
        return json.loads(response.content).get("count", 0)
    if media == XLSX:
        with zipfile.ZipFile(io.BytesIO(response.content)) as book:
            return book.read("xl/worksheets/sheet1.xml").count(b"<row ") - 1
    return response.text.count("\n") - 1


@pytest.fixture(scope="module")
def api(lake: Lake, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The app over the session lake, in-process; no polling (the lake does not change)."""
    tmp = tmp_path_factory.mktemp("hostile")
    app = create_app(api_settings(lake.root, tmp, poll_seconds=3600, web_dir="off"))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


@pytest.mark.parametrize(
    ("template", "name"), parameters(), ids=[f"{t}:{n}" for t, n in parameters()]
)
def test_hostile_values_in_every_parameter_stay_inside_the_contract(
    api: TestClient, lake: Lake, template: str, name: str
) -> None:
    contract = Contract(openapi(), secrets=(str(lake.root), str(ROOT)))
    ids = real_ids(lake)
    problems = []
    locations = {p["name"]: p["in"] for p in openapi()["paths"][template]["get"]["parameters"]}
    for label, value in HOSTILE.items():
        if locations[name] == "path":
            target = fill(template, ids, name, value)
        else:
            target = f"{fill(template, ids)}?{urlencode({name: value})}"
        response = asgi_get(api, target)
        found = contract.problems("GET", template, response)
        if response.status_code == 200 and label in INJECTIONS and name not in NOT_FILTERS:
            # an injected filter matches nothing: it never widens the list
            rows = data_rows(response)
            if rows > 0:
                found.append(f"filter widened: {rows} rows")
        problems += [f"{label}: {p}" for p in found]
    assert not problems, f"GET {template} ?{name}=\n" + "\n".join(problems[:20])


def test_every_parameter_of_every_route_is_covered() -> None:
    """The matrix above is derived from the schema: it cannot silently lose routes."""
    covered = {template for template, _ in parameters()}
    with_parameters = {path for _, path, operation in operations() if operation.get("parameters")}
    assert covered == with_parameters
    assert len(parameters()) >= 70
    assert "/api/v1/series/{item_id}/{warehouse_id}" in covered


@pytest.mark.parametrize("method", WRITE_METHODS)
def test_every_write_method_is_refused_with_405_on_every_path(
    api: TestClient, lake: Lake, method: str
) -> None:
    ids = real_ids(lake)
    paths = [fill(template, ids) for template in openapi()["paths"]]
    paths += ["/", "/api/v1/nothing-here", "/docs", "/openapi.json", "/assets/app.js"]
    refused = 0
    for path in paths:
        response = api.request(
            method,
            path,
            content=b'{"item_id": "X", "reorder_point": 0}',
            headers={"Content-Type": "application/json"},
        )
        assert response.status_code == 405, f"{method} {path}: {response.status_code}"
        assert response.headers["allow"] == "GET, HEAD, OPTIONS"
        assert response.json()["error"] == {
            "status": 405,
            "message": f"method {method} not allowed: this API is read-only",
        }
        refused += 1
    assert refused == len(openapi()["paths"]) + 5


# -- over a real server: raw request lines, as a client on the network sends them -------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def raw_get(port: int, target: bytes, timeout: float = 10) -> RawAnswer:
    """One GET with the request target sent byte for byte (no client-side normalising)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(
            b"GET " + target + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )
        chunks = []
        try:
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        except ConnectionResetError:  # a server may close early on a huge request line
            pass
    data = b"".join(chunks)
    if not data:
        return RawAnswer(0, {}, b"")
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (h.partition(":") for h in lines[1:])}
    return RawAnswer(int(lines[0].split()[1]), headers, body)


DASHBOARD_INDEX = b"<!doctype html><title>dashboard</title>"
DASHBOARD_JS = b"console.log('app')"


@pytest.fixture(scope="module")
def server(lake: Lake, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, Path]]:
    """``python -m backend`` over the session lake, serving a dashboard folder next to a secret."""
    tmp = tmp_path_factory.mktemp("hostile-server")
    web = tmp / "web"
    (web / "assets").mkdir(parents=True)
    (web / "index.html").write_bytes(DASHBOARD_INDEX)
    (web / "assets" / "app.js").write_bytes(DASHBOARD_JS)
    (tmp / "secret.txt").write_text("TOPSECRET next to the dashboard folder")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("API_", "S3_", "AWS_"))}
    env |= {
        "PYTHONPATH": str(ROOT),
        "API_CACHE_DIR": str(tmp / "cache"),
        "API_WEB_DIR": str(web),
        "API_LOG_LEVEL": "WARNING",
        "API_POLL_SECONDS": "3600",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "backend", "--lake", str(lake.root), "--port", str(port)],
        env=env,
        cwd=tmp,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if raw_get(port, b"/ready", timeout=2).status_code == 200:
                    break
            except OSError:
                pass
            assert process.poll() is None, process.stderr.read().decode()[-2000:]
            assert time.monotonic() < deadline, "the API never became ready"
            time.sleep(0.05)
        yield port, tmp
    finally:
        process.terminate()
        process.wait(timeout=15)


RAW_TARGETS = [
    b"/../secret.txt",
    b"/../../../../etc/passwd",
    b"/..%2fsecret.txt",
    b"/%2e%2e/secret.txt",
    b"/%2e%2e%2fsecret.txt",
    b"/%252e%252e%252fsecret.txt",
    b"/assets/../../secret.txt",
    b"/assets/..%2f..%2fsecret.txt",
    b"/assets/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    b"/..%5csecret.txt",
    b"/assets/..\\..\\secret.txt",
    b"//etc/passwd",
    b"//evil.example/",
    b"/api/v1/items/",
    b"//evil.example/%2e%2e/api/v1/items/",
    b"/%2Fetc%2Fpasswd",
    b"/index.html%00.js",
    b"/assets/app.js%00/../../secret.txt",
    b"/api/v1/../../secret.txt",
    b"/api/v1/items/..%2f..%2f..%2fetc%2fpasswd",
    b"/api/v1/series/..%2f..%2fsecret.txt/CD-SP01",
    b"/api/v1/series/%2e%2e/%2e%2e",
    b"/api/v1/items?snapshot=..%2f..%2f..%2fetc",
    b"/api/v1/items?q=%00%0d%0aSet-Cookie:%20x=1",
    b"/api/v1/reorder.csv?q=%27%29%20UNION%20SELECT%20content%20FROM%20read_text(%27/etc/passwd%27)%20--",
    b"/api/v1/kpis?warehouse_id=%E2%80%AE%F0%9F%94%A9%FF%FE",
]


def test_raw_paths_never_reach_a_file_outside_the_dashboard(server: tuple[int, Path]) -> None:
    port, _ = server
    contract = Contract(openapi())
    problems = []
    for target in RAW_TARGETS:
        answer = raw_get(port, target)
        assert answer.status_code != 0, f"{target!r}: no answer"
        if answer.status_code == 200 and not target.startswith(b"/api/"):
            # a client route of the dashboard: only the dashboard's own files come back
            found = [f"leak {m.group(0)!r}" for m in [LEAK.search(answer.text)] if m]
            if answer.content not in (DASHBOARD_INDEX, DASHBOARD_JS):
                found.append(f"200 with a body that is not the dashboard's: {answer.text[:100]}")
        else:  # which route answered is the server's business: error shape and leaks
            path = target.decode().split("?")[0]
            found = contract.problems("GET", path if path in openapi()["paths"] else None, answer)
            if answer.status_code == 200 and b"?" not in target:
                found.append("200 for a traversal into the API")
        problems += [f"{target[:80]!r}: {p}" for p in found]
    assert not problems, "\n".join(problems)
    assert raw_get(port, b"/ready").status_code == 200


@pytest.mark.parametrize("size", [10_240, 1_048_576])
def test_oversized_request_lines_are_refused_and_the_server_keeps_serving(
    server: tuple[int, Path], lake: Lake, size: int
) -> None:
    port, _ = server
    ids = real_ids(lake)
    targets = [
        b"/api/v1/items?q=" + b"A" * size,
        b"/api/v1/items/" + b"0" * size,
        b"/api/v1/series/" + b"9" * size + b"/" + ids["warehouse_id"].encode(),
        b"/api/v1/reorder?status=" + b"%27%20OR%201%3D1%20--" * (size // 21),
        b"/api/v1/" + b"a/" * (size // 2),
    ]
    for target in targets:
        answer = raw_get(port, target)
        # a 4xx from the app (JSON) or from the HTTP layer for a line too long; never a 5xx
        assert 400 <= answer.status_code < 500, (target[:60], answer.status_code, answer.text[:200])
        assert not LEAK.search(answer.text)
    assert raw_get(port, b"/api/v1/kpis").status_code == 200
