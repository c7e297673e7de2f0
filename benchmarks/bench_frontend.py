"""Dashboard budgets: JS size (gzip) and time to the first chart with data in headless Chromium.

    .venv/bin/python benchmarks/bench_frontend.py [--lake lake] [--loads 7]
    make bench-frontend

Serves frontend/dist with the real API (uvicorn, in a thread) over the lake's current snapshot
(./lake from `make demo`, the S sample), then opens an item's detail page --loads times, each in
a fresh browser context (cold HTTP cache), and records when the first bar of the chart is in the
DOM (performance.now(), from navigation start). Budgets (docs/performance.md): JS <= 250 KB
gzip; first chart with data <= 1 s.
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import tempfile
import threading
import time
from pathlib import Path

from figures import save_figures  # benchmarks/ is on sys.path when run as a script

ROOT = Path(__file__).resolve().parents[1]
DIST = ROOT / "frontend" / "dist"
CHROMIUM = "/usr/bin/chromium"
FIRST_BAR = """
window.__firstChart = null;
new MutationObserver((_, observer) => {
  if (document.querySelector('[data-testid=series-chart] .recharts-bar-rectangle')) {
    window.__firstChart = performance.now();
    observer.disconnect();
  }
}).observe(document, {childList: true, subtree: true});
"""


def js_sizes() -> tuple[int, dict[str, int]]:
    """(all JS gzip bytes, gzip bytes per file)."""
    sizes = {
        path.name: len(gzip.compress(path.read_bytes(), compresslevel=9))
        for path in sorted((DIST / "assets").glob("*.js"))
    }
    return sum(sizes.values()), sizes


def serve(lake: Path, port: int) -> tuple[object, threading.Thread]:
    import uvicorn

    from backend.app import create_app
    from backend.settings import ApiSettings

    settings = ApiSettings(
        _env_file=None,
        lake_uri=str(lake),
        cache_dir=tempfile.mkdtemp(prefix="bench-frontend-"),
        web_dir=str(DIST),
        poll_seconds=60.0,
    )
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    return server, thread


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lake", default="lake", help="a lake with a current gold snapshot")
    parser.add_argument("--loads", type=int, default=7)
    parser.add_argument("--port", type=int, default=8031)
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args()
    if not (DIST / "index.html").is_file():
        raise SystemExit("frontend/dist is missing: run `make frontend`")
    lake = Path(args.lake)
    if not (lake / "gold" / "_CURRENT").is_file():
        raise SystemExit(f"{lake} has no gold snapshot: run `make demo` (or pass --lake)")

    total, sizes = js_sizes()
    print(f"JS, all chunks: {total / 1024:.1f} KB gzip (budget 250 KB)")
    for name, size in sorted(sizes.items(), key=lambda item: -item[1])[:4]:
        print(f"  {name}: {size / 1024:.1f} KB gzip")

    from playwright.sync_api import sync_playwright

    from backend.snapshot import read_pointer
    from storage import open_storage

    snapshot_id = read_pointer(open_storage(str(lake)))["snapshot_id"]
    import duckdb

    reorder = lake / "gold" / "snapshots" / snapshot_id / "fct_reorder_point.parquet"
    item, warehouse = duckdb.execute(
        f"select item_id, warehouse_id from read_parquet('{reorder}') "
        "order by suggested_order_value_brl desc nulls last limit 1"
    ).fetchone()
    server, thread = serve(lake, args.port)
    url = f"http://127.0.0.1:{args.port}/series/{item}/{warehouse}?grain=week"
    first_chart: list[float] = []
    loaded_js: list[int] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-background-networking"]
        )
        for _ in range(args.loads + 1):  # the first load warms the API's cache and is dropped
            context = browser.new_context(viewport={"width": 1366, "height": 768})
            page = context.new_page()
            page.add_init_script(FIRST_BAR)
            js_bytes = [0]
            page.on(
                "response",
                lambda r, js=js_bytes: js.__setitem__(
                    0, js[0] + sizes.get(r.url.rsplit("/", 1)[-1], 0)
                ),
            )
            page.goto(url)
            page.wait_for_function("window.__firstChart !== null", timeout=30_000)
            first_chart.append(page.evaluate("window.__firstChart"))
            loaded_js.append(js_bytes[0])
            context.close()
        overview_js = [0]
        context = browser.new_context(viewport={"width": 1366, "height": 768})
        page = context.new_page()
        page.on(
            "response",
            lambda r: overview_js.__setitem__(
                0, overview_js[0] + sizes.get(r.url.rsplit("/", 1)[-1], 0)
            ),
        )
        page.goto(f"http://127.0.0.1:{args.port}/")
        page.wait_for_selector("[data-testid=kpi-to-reorder]")
        context.close()
        browser.close()
    server.should_exit = True  # type: ignore[attr-defined]
    thread.join(timeout=10)
    runs = first_chart[1:]
    print(f"JS loaded by the overview: {overview_js[0] / 1024:.1f} KB gzip")
    print(f"JS loaded by the detail page: {loaded_js[-1] / 1024:.1f} KB gzip")
    print(
        f"first chart with data ({item} x {warehouse}, week grain, {len(runs)} cold loads): "
        f"median {statistics.median(runs):.0f} ms, min {min(runs):.0f}, max {max(runs):.0f} "
        "(budget 1000 ms)"
    )
    save_figures(
        args.json,
        {
            "js_gzip_kb": round(total / 1024, 1),
            "js_overview_kb": round(overview_js[0] / 1024, 1),
            "js_detail_kb": round(loaded_js[-1] / 1024, 1),
            "first_chart_ms_median": round(statistics.median(runs)),
            "first_chart_ms_min": round(min(runs)),
            "first_chart_ms_max": round(max(runs)),
            "loads": len(runs),
        },
    )


if __name__ == "__main__":
    main()
