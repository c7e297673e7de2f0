"""Fixtures for the dashboard's tests: the session lake of tests/backend, the built dashboard,
the real API serving both on a free loopback port, and Debian's chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.backend.conftest import Lake, api_settings, isolated_env, lake  # noqa: F401
from tests.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]
FRONTEND = ROOT / "frontend"
DIST = FRONTEND / "dist"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-sync",
    "--no-first-run",
    "--disable-domain-reliability",
    "--metrics-recording-only",
]


def built_dashboard() -> Path:
    """frontend/dist, built with npm when missing (make frontend builds it before the tests)."""
    if not (DIST / "index.html").is_file():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("frontend/dist is missing and npm is not installed: run `make frontend`")
        if not (FRONTEND / "node_modules").is_dir():
            subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=FRONTEND, check=True)
        subprocess.run([npm, "run", "build"], cwd=FRONTEND, check=True)
    return DIST


@dataclass(frozen=True)
class Server:
    url: str
    lake: Lake


@pytest.fixture(scope="session")
def dashboard_server(
    lake: Lake,  # noqa: F811
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Server]:
    """The real API (uvicorn in a thread) over the session lake, serving the built dashboard."""
    import uvicorn

    from backend.app import create_app

    web = built_dashboard()
    settings = api_settings(
        lake.root, tmp_path_factory.mktemp("api"), web_dir=str(web), poll_seconds=30.0
    )
    port = free_port()
    config = uvicorn.Config(
        create_app(settings), host="127.0.0.1", port=port, log_level="warning", lifespan="on"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the API did not start")
        time.sleep(0.05)
    try:
        yield Server(f"http://127.0.0.1:{port}", lake)
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium (make test does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, dashboard_server: Server, request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """A fresh page (pt-BR, laptop screen) where any request off 127.0.0.1 is blocked and fails
    the test; a screenshot is kept under tests/frontend/artifacts/ whatever the outcome."""
    context = browser.new_context(  # type: ignore[attr-defined]
        viewport={"width": 1366, "height": 768}, locale="pt-BR", accept_downloads=True
    )
    outside: list[str] = []
    page_errors: list[str] = []

    def guard(route) -> None:  # type: ignore[no-untyped-def]
        url = route.request.url
        if url.startswith(dashboard_server.url + "/") or url.startswith("data:"):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    context.route("**/*", guard)
    tab = context.new_page()
    tab.on("pageerror", lambda error: page_errors.append(str(error)))
    yield tab
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
    assert not outside, f"requests off the server: {outside}"
    assert not page_errors, f"errors in the page: {page_errors}"
