"""Compose-equivalent smoke test: the deployment's services as processes on loopback.

The same services and environment docker-compose.yml defines, with only container addresses and
paths rewritten (``minio:9000`` -> the stand-in's port, ``redis`` -> 127.0.0.1, the API port and
listen address -> loopback, work and cache folders -> tmp_path, the API's poll -> 1 s):

- MinIO -> moto's S3 server (no MinIO binary installs here), with the buckets minio-init creates.
  moto does not enforce the users' policies; test_compose.py checks those statically;
- redis -> the real Redis on 127.0.0.1:6379 (the compose database number kept);
- pipeline -> `python -m pipeline run` with the pipeline service's environment;
- api -> `python -m backend` with the api service's environment: S3 lake, Redis, API key.

It proves the air-gapped flow: sample ERP files dropped into the landing bucket show up through
the API after a pipeline run; the next day's drop, and a forecast export put in the exports bucket
as ml_env does, show up after the next run and the API's snapshot poll; and no service process resolves, connects or binds beyond loopback (an audit hook
injected with sitecustomize.py logs every address) nor fetches a DuckDB extension.
- web -> the nginx site's rules (tests/deploy/webproxy.py: the template's key header and CSP)
  serving frontend/dist, and the dashboard in Debian's Chromium through it.
"""

from __future__ import annotations

import csv
import ipaddress
import json
import os
import re
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import httpx
import pytest
import redis
from minio import Minio

from tests.deploy.compose import REPO, compose, environment
from tests.deploy.test_compose import ENV as DOT_ENV
from tests.factories import (
    END,
    NEXT_DAY,
    free_port,
    generate_sample,
    http_answers,
    s3_server_env,
    wait_until,
    write_export,
)

pytestmark = pytest.mark.slow

NETAUDIT = Path(__file__).resolve().parent / "netaudit"
DIST = REPO / "frontend" / "dist"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# No background traffic of the browser's own (updates, sync, metrics...).
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-background-networking", "--disable-component-update",
    "--disable-default-apps", "--disable-sync", "--no-first-run", "--disable-domain-reliability",
    "--metrics-recording-only",
]  # fmt: skip
STARTUP_SECONDS = 60.0
SCRUBBED = ("API_", "S3_", "AWS_", "PIPELINE_", "NETAUDIT_")
MODEL_VERSION = "mv_20251230T030000Z_5e0a5e0a"


def wait_for(condition, timeout: float, what: str, log: Path | None = None) -> Any:
    """Poll `condition` until it returns a truthy value; fail naming `what` after `timeout`,
    with the tail of `log`."""
    try:
        return wait_until(condition, what, timeout, every=0.2)
    except AssertionError as exc:
        tail = log.read_text()[-3000:] if log and log.exists() else ""
        pytest.fail(f"{exc}\n{tail}")


@dataclass
class Stack:
    """The running stand-ins and the compose environment of each service."""

    root: Path
    s3: Minio
    s3_endpoint: str
    services: dict[str, Any]
    api_url: str = ""
    web_url: str = ""
    api_key: str = DOT_ENV["DASHBOARD_API_KEY"]
    processes: list[subprocess.Popen] = field(default_factory=list)

    @property
    def audit_log(self) -> Path:
        return self.root / "netaudit.jsonl"

    @property
    def home(self) -> Path:
        return self.root / "home"

    def service_env(self, service: str, **rewrites: str) -> dict[str, str]:
        """The service's compose environment with container addresses rewritten for loopback."""
        env = environment(self.services[service])
        if "S3_ENDPOINT" in env:
            env["S3_ENDPOINT"] = self.s3_endpoint
        env.update(rewrites)
        base = {k: v for k, v in s3_server_env().items() if not k.upper().startswith(SCRUBBED)}
        return {
            **base,
            **env,
            "HOME": str(self.home),
            "PYTHONPATH": f"{NETAUDIT}{os.pathsep}{REPO}",
            "NETAUDIT_LOG": str(self.audit_log),
            "NETAUDIT_NAME": service,
        }

    def drop(self, landing: Path) -> None:
        """Put ERP files in the landing bucket, as `mc mirror` (deploy/load-landing.sh) does."""
        bucket = self.services["pipeline"]["environment"]["PIPELINE_LANDING_URI"][5:]
        for path in sorted(landing.rglob("*")):
            if path.is_file() and path.name != "_defects.json":
                self.s3.fput_object(bucket, path.relative_to(landing).as_posix(), str(path))

    def run_pipeline(self) -> str:
        """`python -m pipeline run` as the pipeline container runs it; the new current snapshot."""
        env = self.service_env("pipeline", PIPELINE_WORK_DIR=str(self.root / "pipeline-work"))
        done = subprocess.run(
            [sys.executable, "-m", "pipeline", "run"],
            cwd=self.root,
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
        )
        runs = len(list(self.root.glob("pipeline-*.log")))
        (self.root / f"pipeline-{runs + 1}.log").write_text(done.stderr)
        assert done.returncode == 0, done.stderr[-3000:]
        return self.current_snapshot()

    def current_snapshot(self) -> str:
        response = self.s3.get_object("lake", "gold/_CURRENT")
        try:
            return json.loads(response.read())["snapshot_id"]
        finally:
            response.close()
            response.release_conn()

    def start_api(self) -> None:
        port = free_port()
        redis_url = environment(self.services["api"])["API_REDIS_URL"]
        env = self.service_env(
            "api",
            API_HOST="127.0.0.1",
            API_PORT=str(port),
            API_CACHE_DIR=str(self.root / "api-cache"),
            API_REDIS_URL=redis_url.replace("redis://redis:", "redis://127.0.0.1:"),
            API_POLL_SECONDS="1",
        )
        log_path = self.root / "api.log"
        with open(log_path, "wb") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "backend"],
                cwd=self.root,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self.processes.append(process)
        self.api_url = f"http://127.0.0.1:{port}"

        def ready() -> bool:
            if process.poll() is not None:
                pytest.fail(f"the API exited with {process.returncode}:\n{log_path.read_text()}")
            try:
                return httpx.get(f"{self.api_url}/ready", timeout=2).status_code == 200
            except httpx.TransportError:
                return False

        wait_for(ready, STARTUP_SECONDS, "API ready", log_path)

    def start_web(self, dashboard: Path) -> None:
        """The web service: the nginx site's rules (tests/deploy/webproxy.py) before the API."""
        port = free_port()
        upstream = self.api_url.removeprefix("http://")
        log_path = self.root / "web.log"
        with open(log_path, "wb") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "tests.deploy.webproxy", "--port", str(port),
                 "--upstream", upstream, "--root", str(dashboard)],
                cwd=self.root, env=self.service_env("web"), stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        self.processes.append(process)
        self.web_url = f"http://127.0.0.1:{port}"

        def healthy() -> bool:
            if process.poll() is not None:
                pytest.fail(f"the web proxy exited:\n{log_path.read_text()}")
            try:
                return httpx.get(f"{self.web_url}/healthz", timeout=2).status_code == 200
            except httpx.TransportError:
                return False

        wait_for(healthy, STARTUP_SECONDS, "web proxy healthy", log_path)

    def get(self, path: str, **params: Any) -> dict[str, Any]:
        """GET an /api/v1 path as the web proxy sends it (with the bearer key)."""
        response = httpx.get(
            f"{self.api_url}/api/v1/{path}",
            params=params,
            headers={"Authorization": f"Bearer {self.api_key}"},
            timeout=30,
        )
        assert response.status_code == 200, response.text
        return response.json()

    def audit(self) -> list[dict[str, Any]]:
        if not self.audit_log.exists():
            return []
        return [json.loads(line) for line in self.audit_log.read_text().splitlines()]

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def dashboard_build() -> Path:
    """frontend/dist (the web image's content), built with npm when missing."""
    if not (DIST / "index.html").is_file():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("frontend/dist is missing and npm is not installed: run `make frontend`")
        frontend = DIST.parent
        if not (frontend / "node_modules").is_dir():
            subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=frontend, check=True)
        subprocess.run([npm, "run", "build"], cwd=frontend, check=True)
    return DIST


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("erp")
    first = generate_sample(root / "first")
    increment = generate_sample(root / "increment", "--increment-from", END, end=NEXT_DAY)
    return first, increment


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory, samples: tuple[Path, Path]) -> Iterator[Stack]:
    """minio (moto) + minio-init's buckets, the first ERP drop, a pipeline run, the API."""
    root = tmp_path_factory.mktemp("stack")
    port = free_port()
    with open(root / "s3.log", "wb") as log:
        moto = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            env=s3_server_env(),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    services = compose(DOT_ENV)["services"]
    s3 = Minio(f"127.0.0.1:{port}", access_key="root", secret_key="root-secret", secure=False)
    stack = Stack(root, s3, f"127.0.0.1:{port}", services, processes=[moto])
    stack.home.mkdir()  # where DuckDB would store downloaded extensions
    try:
        wait_for(lambda: http_answers(port), STARTUP_SECONDS, "S3 stand-in up", root / "s3.log")
        for bucket in environment(services["minio-init"])["BUCKETS"].split():
            s3.make_bucket(bucket)  # what minio-init does
        stack.drop(samples[0])
        stack.run_pipeline()
        stack.start_api()
        stack.start_web(dashboard_build())
        yield stack
    finally:
        stack.stop()


def _csv(path: Path) -> list[dict[str, str]]:
    """Rows of a sample ERP file (UTF-8 or Latin-1, `,` or `;` as Brazilian ERPs export)."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    header = text.split("\n", 1)[0]
    return list(csv.DictReader(text.splitlines(), delimiter=";" if ";" in header else ","))


def _number(text: str) -> float:
    return float(text.replace(".", "").replace(",", ".") if "," in text else text)


def _gold(stack: Stack, snapshot_id: str, table: str, query: str) -> Any:
    """An independent read of a gold table from the lake bucket (not through the API)."""
    target = stack.root / "gold-reads" / snapshot_id / f"{table}.parquet"
    stack.s3.fget_object("lake", f"gold/snapshots/{snapshot_id}/{table}.parquet", str(target))
    with duckdb.connect() as con:
        return con.execute(query.replace("{table}", f"read_parquet('{target}')")).fetchone()[0]


def test_erp_files_in_landing_reach_the_api_after_a_pipeline_run(
    stack: Stack, samples: tuple[Path, Path]
) -> None:
    snapshot_id = stack.current_snapshot()
    meta = stack.get("meta")
    assert meta["data"]["snapshot_id"] == snapshot_id
    assert meta["data"]["as_of_date"] == END

    items = {row["item_id"] for row in _csv(samples[0] / "items" / "items.csv")}
    page = stack.get("items", limit=500)
    assert page["count"] == len(items)
    assert {item["item_id"] for item in page["data"]} == items  # IDs kept as text

    kpis = stack.get("kpis")["data"]
    series = _gold(stack, snapshot_id, "fct_reorder_point", "select count(*) from {table}")
    assert kpis["series"] == series == sum(kpis["by_status"].values())
    value = _gold(
        stack, snapshot_id, "fct_reorder_point", "select sum(on_hand * unit_cost) from {table}"
    )
    assert kpis["inventory_value_brl"] == pytest.approx(value, rel=1e-9)

    # the key is required: what the web proxy adds, and nothing else, opens /api/v1
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": stack.api_key}):
        refused = httpx.get(f"{stack.api_url}/api/v1/kpis", headers=headers, timeout=10)
        assert refused.status_code == 401, headers
    assert httpx.get(f"{stack.api_url}/health", timeout=10).status_code == 200

    # answers are cached in the compose Redis, under keys that carry the snapshot id
    url = environment(stack.services["api"])["API_REDIS_URL"]
    cache = redis.Redis.from_url(url.replace("redis://redis:", "redis://127.0.0.1:"))
    try:
        assert list(cache.scan_iter(match=f"api:v1:{snapshot_id}:kpis:*"))
    finally:
        cache.close()


def test_the_next_days_drop_and_an_ml_export_show_up_after_the_next_run_and_the_poll(
    stack: Stack, samples: tuple[Path, Path], tmp_path: Path
) -> None:
    increment = samples[1]
    before = stack.current_snapshot()
    # the first run left the training extract where ml_env reads it (the exports bucket)
    exports = environment(stack.services["pipeline"])["PIPELINE_EXPORTS_URI"].removeprefix("s3://")
    assert list(stack.s3.list_objects(exports, prefix="training/", recursive=True))
    # ml_env (`--out s3://exports/ml_results`) writes a forecast export, manifest last
    pairs = _gold(
        stack, before, "fct_reorder_point",
        "select list(item_id || '|' || warehouse_id order by all) from {table}",
    )  # fmt: skip
    folder = write_export(tmp_path, MODEL_VERSION, [tuple(p.split("|")) for p in pairs[::2]])
    for path in [*sorted(folder.glob("*.parquet")), folder / "manifest.json"]:
        key = f"ml_results/{MODEL_VERSION}/{path.name}"
        stack.s3.fput_object(exports, key, str(path))

    stack.drop(increment)
    after = stack.run_pipeline()
    assert after != before

    def serving_new() -> bool:
        return stack.get("meta")["data"]["snapshot_id"] == after

    wait_for(serving_new, 30, "the API serving the new snapshot", stack.root / "api.log")
    meta = stack.get("meta")["data"]
    assert meta["as_of_date"] == NEXT_DAY
    assert meta["model"]["model_version"] == MODEL_VERSION

    # the biggest item x warehouse consumption of the new day, summed from the ERP's own files
    warehouse_of = {s["site_id"]: s["warehouse_id"] for s in _csv(increment / "sites/sites.csv")}
    totals: dict[tuple[str, str], float] = {}
    for path in (increment / "consumption").glob("*.csv"):
        for row in _csv(path):
            key = (row["item_id"], warehouse_of[row["site_id"]])
            totals[key] = totals.get(key, 0.0) + _number(row["quantity"])
    (item_id, warehouse_id), quantity = max(totals.items(), key=lambda kv: kv[1])
    series = stack.get(f"series/{item_id}/{warehouse_id}", start=NEXT_DAY, end=NEXT_DAY)
    history = {point["date"]: point["quantity"] for point in series["data"]["history"]}
    assert history[NEXT_DAY] == pytest.approx(quantity)


def test_the_dashboard_through_the_web_proxy_shows_the_apis_numbers(stack: Stack) -> None:
    """Chromium opens the dashboard at the web service: its KPIs are the API's, its /api/
    requests carry no key (the proxy adds it), and it loads nothing from elsewhere under the
    proxy's Content-Security-Policy."""
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium (make test does)")
    from playwright.sync_api import expect, sync_playwright

    kpis = stack.get("kpis")["data"]
    # "Repor hoje": the worklist's lines to order now (order_now), as the KPI counts them
    lines = stack.get("reorder", limit=1000)["data"]
    to_reorder = sum(1 for r in lines if r["order_now"])
    assert kpis["order_now_lines"] == to_reorder
    elsewhere: list[str] = []
    api_requests: list[dict[str, str]] = []
    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            context = browser.new_context(locale="pt-BR")

            def guard(route) -> None:  # type: ignore[no-untyped-def]
                url = route.request.url
                if url.startswith(stack.web_url + "/") or url.startswith("data:"):
                    route.continue_()
                else:
                    elsewhere.append(url)
                    route.abort()

            context.route("**/*", guard)
            page = context.new_page()
            page.on("pageerror", lambda error: problems.append(str(error)))
            page.on(
                "console",
                lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None,
            )
            page.on(
                "request",
                lambda r: api_requests.append(r.headers) if "/api/" in r.url else None,
            )
            response = page.goto(stack.web_url + "/")
            assert response is not None and response.ok
            assert "default-src 'self'" in response.headers["content-security-policy"]
            value = page.get_by_test_id("kpi-to-reorder").locator(".kpi-value")
            # the card counts the lines to order today once they are loaded: wait for a number
            expect(value).to_have_text(re.compile(r"\d"), timeout=30_000)
            shown = page.get_by_test_id("kpi-inventory-value").locator(".kpi-value").inner_text()
            reorder_shown = value.inner_text()
            html = page.content()
            context.close()
        finally:
            browser.close()
    assert int(re.sub(r"\D", "", reorder_shown)) == to_reorder
    assert int(re.sub(r"\D", "", shown)) == round(kpis["inventory_value_brl"])
    assert api_requests and not [h for h in api_requests if "authorization" in h]
    assert stack.api_key not in html
    assert not elsewhere, f"requests off the server: {elsewhere}"
    assert not problems, problems


def _loopback(host: object) -> bool:
    if host == "localhost":
        return True
    try:
        address = ipaddress.ip_address(str(host).split("%")[0])
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)
    return address.is_loopback or bool(mapped and mapped.is_loopback)


def beyond_loopback(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Audit entries naming an address that is neither loopback nor a unix socket."""
    bad = []
    for entry in entries:
        if entry["family"] == socket.AF_UNIX:
            continue
        address = entry["address"]
        host = address[0] if isinstance(address, list) else address
        if not _loopback(host):
            bad.append(entry)
    return bad


def test_no_service_reaches_beyond_loopback(stack: Stack) -> None:
    entries = stack.audit()
    port = int(stack.s3_endpoint.rsplit(":", 1)[1])
    connects = {(e["name"], e["address"][1]) for e in entries if e["event"] == "socket.connect"}
    # the hook was live in every service: each reached the S3 stand-in, the API also Redis,
    # the web proxy the API
    api_port = int(stack.api_url.rsplit(":", 1)[1])
    assert {("pipeline", port), ("api", port), ("api", 6379), ("web", api_port)} <= connects
    assert beyond_loopback(entries) == []
    # DuckDB never downloaded an extension (it would land under $HOME/.duckdb/extensions)
    assert not [p for p in (stack.home / ".duckdb").rglob("*") if p.is_file()]


def test_the_audit_hook_reports_an_address_beyond_loopback(tmp_path: Path) -> None:
    """The check above is not vacuous: a connect to 192.0.2.1 (TEST-NET) is logged and flagged.

    A second hook added after sitecustomize's aborts the connect, so no packet is sent.
    """
    log = tmp_path / "audit.jsonl"
    code = (
        "import socket, sys\n"
        "def stop(event, args):\n"
        "    if event == 'socket.connect': raise ConnectionAbortedError('test: not sent')\n"
        "sys.addaudithook(stop)\n"
        "s = socket.socket()\n"
        "try: s.connect(('192.0.2.1', 9))\n"
        "except ConnectionAbortedError: pass\n"
    )
    env = {**s3_server_env(), "PYTHONPATH": str(NETAUDIT), "NETAUDIT_LOG": str(log)}
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=30)
    entries = [json.loads(line) for line in log.read_text().splitlines()]
    assert [e["address"] for e in beyond_loopback(entries)] == [["192.0.2.1", 9]]
