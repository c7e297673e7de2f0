"""End to end in Chromium: the dashboard with the server gone and back (no reload), on a phone
(390 px), and axe-core on every view. The server "going away" is the browser's requests to it
failing (Playwright aborts them): the API is shared by the session's tests and keeps running."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.frontend.conftest import FRONTEND, Server

pytestmark = [pytest.mark.timeout(300), pytest.mark.slow]

AXE = FRONTEND / "node_modules" / "axe-core" / "axe.min.js"


def a_series(server: Server) -> tuple[str, str]:
    row = server.lake.second.sql(
        """select item_id, warehouse_id from fct_reorder_point where status <> 'no_demand'
        order by suggested_order_qty desc, item_id, warehouse_id limit 1"""
    )[0]
    return row["item_id"], row["warehouse_id"]


def go(page: Page, path: str) -> None:
    """Navigate inside the app (no page load), as a click on a link does."""
    page.evaluate(
        "p => { history.pushState(null, '', p); dispatchEvent(new PopStateEvent('popstate')) }",
        path,
    )


def test_offline_banner_and_recovery_without_a_reload(page: Page, dashboard_server: Server):
    item, warehouse = a_series(dashboard_server)
    page.goto(dashboard_server.url + "/")
    page.wait_for_selector("[data-testid=kpi-critical] .kpi-value")
    page.evaluate("window.__sameDocument = true")

    def offline(route) -> None:  # type: ignore[no-untyped-def]
        route.abort("connectionrefused")

    # the server goes away: its API and the code of the views not downloaded yet
    page.route("**/api/**", offline)
    page.route("**/assets/**", offline)
    page.get_by_role("link", name="Lista de reposição").click()
    error = page.get_by_role("main").get_by_role("alert")
    expect(error).to_contain_text("Não foi possível carregar o código desta tela")
    banner = page.get_by_test_id("offline-banner")
    expect(banner).to_contain_text("Sem conexão com o servidor")

    # the error stays with its page: the overview (already downloaded) still shows
    page.get_by_role("link", name="Visão geral").click()
    page.wait_for_selector("[data-testid=kpi-critical] .kpi-value")
    expect(page.get_by_role("main").get_by_role("alert")).to_have_count(0)

    # an item page whose data cannot come: the panels say so in pt-BR, not "Failed to fetch"
    go(page, f"/series/{item}/{warehouse}")
    expect(page.get_by_test_id("chart-panel").get_by_role("alert")).to_contain_text(
        "O servidor não respondeu"
    )
    assert "Failed to fetch" not in page.get_by_role("main").inner_text()

    # back on the worklist, still broken; the server returns; "Tentar de novo" brings it back
    page.get_by_role("link", name="Lista de reposição").click()
    expect(error).to_contain_text("Não foi possível carregar o código desta tela")
    page.unroute("**/api/**")
    page.unroute("**/assets/**")
    retry = page.get_by_role("main").get_by_role("button", name="Tentar de novo")
    if retry.count():  # the banner's probe may have found the server first and retried already
        retry.first.click()
    page.wait_for_selector("[data-testid=reorder-table] tbody tr")
    expect(banner).to_have_count(0)

    # the item page recovers too (data and chart code), still without a reload
    go(page, f"/series/{item}/{warehouse}")
    page.get_by_test_id("series-chart").locator(".recharts-bar-rectangle").first.wait_for()
    assert page.evaluate("window.__sameDocument") is True


def test_phone_layout_keeps_the_key_columns(page: Page, dashboard_server: Server):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(dashboard_server.url + "/")
    page.wait_for_selector("[data-testid=kpi-critical] .kpi-value")
    page.wait_for_selector("[data-testid=alerts] li")
    overflow = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    assert page.evaluate(overflow) <= 0  # the overview never scrolls sideways

    page.goto(dashboard_server.url + "/reorder")
    page.wait_for_selector("[data-testid=reorder-table] tbody tr")
    assert page.evaluate(overflow) <= 0
    headers = page.locator("[data-testid=reorder-table] thead th")
    visible = [h.inner_text() for h in headers.all() if h.is_visible()]
    for name in ("Item", "Qtd. sugerida", "Valor sugerido", "Pedir até"):
        assert name in visible
    first = page.locator("[data-testid=reorder-table] tbody tr").first
    shown = [*first.locator("td").all(), *first.locator(".badge").all()]
    assert any(b.is_visible() for b in first.locator(".badge").all())  # the status, under the item
    for element in shown:
        if element.is_visible():
            box = element.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390 + 0.5

    # the suggested orders and the transfers keep their key columns on screen too
    for view, table, names in (
        ("/proposals", "proposal-lines", ("Item", "Qtd.", "Valor", "Pedir até")),
        ("/transfers", "transfer-table", ("Item", "De → Para", "Qtd.", "Valor", "Dias ganhos")),
    ):
        page.goto(dashboard_server.url + view)
        page.wait_for_selector(f"[data-testid={table}] tbody tr")
        assert page.evaluate(overflow) <= 0
        first_table = page.get_by_test_id(table).first
        visible = [h.inner_text() for h in first_table.locator("thead th").all() if h.is_visible()]
        assert [" ".join(v.split()) for v in visible] == list(names)
        for cell in first_table.locator("tbody tr").first.locator("td").all():
            if cell.is_visible():
                box = cell.bounding_box()
                assert box is not None and box["x"] + box["width"] <= 390 + 0.5, (view, box)


def axe_violations(page: Page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
        .filter(v => v.impact === 'serious' || v.impact === 'critical')
        .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))"""
    )
    return list(result)


@pytest.mark.parametrize(
    ("view", "ready"),
    [
        ("/", "[data-testid=alerts] li"),
        ("/reorder", "[data-testid=reorder-table] tbody tr"),
        ("/reorder?today=1", "[data-testid=order-totals]"),
        ("series", "[data-testid=projected-chart] .recharts-line"),
        ("/proposals", "[data-testid=proposal-lines] tbody tr"),
        ("/transfers", "[data-testid=transfer-table] tbody tr"),
        ("/accuracy", "[data-testid=accuracy-table] tbody tr"),
        ("/changes", "[data-testid=changes-table] tbody tr"),
        ("/series/NOPE/CD-NOPE", "[data-testid=item-not-found]"),
        ("/no-such-view", "h1"),
    ],
)
def test_axe_finds_nothing_serious(page: Page, dashboard_server: Server, view: str, ready: str):
    assert Path(AXE).is_file(), "npm ci in frontend/ installs axe-core"
    if view == "series":
        view = "/series/{}/{}?grain=week".format(*a_series(dashboard_server))
    page.goto(dashboard_server.url + view)
    page.wait_for_selector(ready)
    if view.startswith("/series/") and "NOPE" not in view:  # every panel of the item page
        page.wait_for_selector("[data-testid=series-chart] .recharts-bar-rectangle")
        page.wait_for_selector("[data-testid=other-warehouses] tbody tr")
        page.wait_for_selector("[data-testid=achieved-service] tbody tr")
    expect(page.locator("h1")).to_have_count(1)
    assert axe_violations(page) == []
