"""End to end: Debian's chromium (headless, Playwright) drives the built dashboard served by the
real API over the session lake's current snapshot. Numbers read on screen are checked against
the gold Parquet files (read independently) and the API. Screenshots: tests/frontend/artifacts/.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from statistics import NormalDist

import pytest
from playwright.sync_api import expect

from tests.frontend.conftest import Server

pytestmark = [pytest.mark.timeout(300), pytest.mark.slow]


def br(value: float, digits: int = 2) -> str:
    """A number as pt-BR shows it: 1.234,56."""
    text = f"{value:,.{digits}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


MODELS = {
    "croston_sba": "Croston (SBA)",
    "tsb": "TSB (intermitente)",
    "adida": "ADIDA (agregação temporal)",
    "arima": "ARIMA",
    "prophet": "Prophet",
    "naive": "Ingênua (último valor)",
    "snaive": "Ingênua sazonal",
    "ma": "Média móvel",
    "mean": "Média histórica",
    "zero": "Demanda zero",
}
READY = "[data-testid=reorder-panel] .table-scroll[data-busy=false]"


def test_overview_shows_the_snapshot_kpis_alerts_and_quality(page, dashboard_server: Server):
    gold = dashboard_server.lake.second
    page.goto(dashboard_server.url + "/")
    page.wait_for_selector("[data-testid=kpi-to-reorder] .kpi-value")
    assert page.locator("html").get_attribute("lang") == "pt-BR"
    expect(page.get_by_test_id("snapshot-id")).to_have_text(gold.snapshot_id)
    as_of = gold.one("select max(as_of_date) from fct_reorder_point")
    expect(page.get_by_test_id("as-of-date")).to_have_text(as_of.strftime("%d/%m/%Y"))
    counts = {
        r["status"]: r["n"]
        for r in gold.sql("select status, count(*) as n from fct_reorder_point group by all")
    }
    # "Repor hoje": the lines to order now (something to order, order-by date reached), from the
    # API's worklist, as the purchase proposal chooses them
    rows = page.request.get(dashboard_server.url + "/api/v1/reorder?limit=1000").json()["data"]
    due = [r for r in rows if r["order_now"]]
    assert all((r["suggested_order_qty"] or 0) > 0 for r in due)
    kpi = page.get_by_test_id("kpi-to-reorder").locator(".kpi-value")
    expect(kpi).to_have_text(br(len(due), 0))
    stockouts = page.get_by_test_id("kpi-stockouts").locator(".kpi-value").inner_text()
    assert stockouts == br(counts.get("stockout", 0), 0)
    value = gold.one("select sum(on_hand * unit_cost) from fct_reorder_point")
    shown = page.get_by_test_id("kpi-inventory-value").locator(".kpi-value").inner_text()
    assert shown.replace("\xa0", " ") == f"R$ {br(value, 0)}"
    page.wait_for_selector("[data-testid=alerts] li")
    expect(page.get_by_test_id("quality")).to_be_visible()
    expect(page.locator("h1")).to_have_count(1)

    # the card opens the list behind it: the same lines, and their total in BRL
    page.get_by_test_id("kpi-to-reorder").locator("a").click()
    page.wait_for_url("**/reorder?today=1*")
    expect(page.get_by_test_id("row-count")).to_have_text(f"{br(len(due), 0)} linhas")
    total = sum(r["suggested_order_value_brl"] or 0 for r in due)
    value = page.get_by_test_id("order-total-value")
    expect(value).to_have_text(f"R$\xa0{br(total)}")


def test_every_alert_is_reachable_with_its_names(page, dashboard_server: Server):
    answer = page.request.get(dashboard_server.url + "/api/v1/alerts?limit=1000").json()
    page.goto(dashboard_server.url + "/")
    shown = page.get_by_test_id("alerts-shown")
    expect(shown).to_contain_text(f"de {br(answer['count'], 0)} alerta")
    seen = 0
    while True:
        page.wait_for_selector("[data-testid=alerts-panel] [data-busy=false]")
        items = page.locator("[data-testid=alerts] > li")
        seen += items.count()
        nxt = page.get_by_test_id("alerts-panel").get_by_role("button", name="Próxima")
        if nxt.is_disabled():
            break
        nxt.click()
    assert seen == answer["count"]
    first = next(a for a in answer["data"] if a["item_id"])
    item = page.request.get(f"{dashboard_server.url}/api/v1/items/{first['item_id']}").json()
    page.goto(dashboard_server.url + "/")
    link = (
        page.get_by_test_id("alerts")
        .locator(f"a[href='/series/{first['item_id']}/{first['warehouse_id']}']")
        .first
    )
    expect(link).to_contain_text(item["data"]["item_name"])


def test_worklist_filters_and_opens_an_item(page, dashboard_server: Server):
    gold = dashboard_server.lake.second
    warehouse = gold.one("select min(warehouse_id) from fct_reorder_point")
    expected = gold.one(
        "select count(*) from fct_reorder_point where warehouse_id = $1 and criticality = 'A'",
        [warehouse],
    )
    page.goto(dashboard_server.url + "/reorder")
    page.wait_for_selector("[data-testid=reorder-table] tbody tr")
    page.select_option("select[name=warehouse_id]", warehouse)
    page.select_option("select[name=criticality]", "A")
    page.wait_for_function(
        "n => document.querySelector('[data-testid=row-count]')?.textContent.startsWith(n + ' ')",
        arg=str(expected),
    )
    page.wait_for_selector(READY)
    rows = page.locator("[data-testid=reorder-table] tbody tr")
    assert rows.count() == min(expected, 25)
    for i in range(rows.count()):
        assert rows.nth(i).get_attribute("data-warehouse") == warehouse
    assert "warehouse_id=" + warehouse in page.url  # the filter is in the address
    first = rows.nth(0)
    item = first.get_attribute("data-item")
    first.locator("a.item-link").click()
    page.wait_for_url(f"**/series/{item}/{warehouse}*")
    page.wait_for_selector("[data-testid=series-chart] .recharts-surface")


def test_category_filter_lists_every_category_of_the_api(page, dashboard_server: Server):
    gold = dashboard_server.lake.second
    answer = page.request.get(dashboard_server.url + "/api/v1/categories")
    assert answer.ok
    categories = [c["category"] for c in answer.json()["data"]]
    expected = [
        r["category"]
        for r in gold.sql(
            "select distinct category from dim_item where category is not null order by category"
        )
    ]
    assert sorted(categories) == expected  # the API's list is every category of the snapshot
    page.goto(dashboard_server.url + "/reorder")
    options = page.locator("select[name=category] option")
    page.wait_for_function(
        "n => document.querySelectorAll('select[name=category] option').length === n",
        arg=len(categories) + 1,  # and "Todos"
    )
    shown = [options.nth(i).get_attribute("value") for i in range(options.count())]
    assert shown == ["", *categories]
    category = categories[-1]
    page.select_option("select[name=category]", category)
    page.wait_for_url("**category=*")
    page.wait_for_selector(READY)
    series = gold.one("select count(*) from fct_reorder_point where category = $1", [category])
    page.wait_for_function(
        "n => document.querySelector('[data-testid=row-count]')?.textContent.startsWith(n + ' ')",
        arg=br(series, 0),
    )


def test_worklist_search_sort_and_pages(page, dashboard_server: Server):
    gold = dashboard_server.lake.second
    item = gold.one("select min(item_id) from fct_reorder_point")
    series = gold.one("select count(*) from fct_reorder_point where item_id = $1", [item])
    total = gold.one("select count(*) from fct_reorder_point")
    page.goto(dashboard_server.url + "/reorder")
    page.wait_for_selector("[data-testid=reorder-table] tbody tr")
    assert page.get_by_test_id("row-count").inner_text() == f"{br(total, 0)} linhas"
    expect(page.get_by_text(f"Página 1 de {-(-total // 25)}")).to_be_visible()
    page.get_by_role("button", name="Próxima").click()
    page.wait_for_url("**page=2")
    page.get_by_label("Buscar item").fill(item)
    page.wait_for_function(
        "n => document.querySelector('[data-testid=row-count]')?.textContent.startsWith(n + ' ')",
        arg=str(series),
    )
    page.wait_for_selector(READY)
    rows = page.locator("[data-testid=reorder-table] tbody tr")
    assert [rows.nth(i).get_attribute("data-item") for i in range(rows.count())] == [item] * series
    assert "page=" not in page.url  # a new search starts on the first page
    page.get_by_label("Buscar item").fill("")
    page.wait_for_function(
        "n => document.querySelector('[data-testid=row-count]')?.textContent.startsWith(n + ' ')",
        arg=br(total, 0),
    )
    page.select_option("select[name=sort]", "days_of_cover")
    page.wait_for_url("**sort=days_of_cover")
    expected = [
        (r["item_id"], r["warehouse_id"])
        for r in gold.sql(
            """select item_id, warehouse_id from fct_reorder_point
            order by days_of_cover asc nulls last, item_id, warehouse_id limit 25"""
        )
    ]
    shown_js = """() => [...document.querySelectorAll('[data-testid=reorder-table] tbody tr')]
        .map(tr => tr.dataset.item + '|' + tr.dataset.warehouse).join(',')"""
    want = ",".join(f"{i}|{w}" for i, w in expected)
    try:
        page.wait_for_function(f"want => ({shown_js})() === want", arg=want, timeout=10_000)
    except Exception:
        assert page.evaluate(shown_js) == want  # shows the difference


def test_item_detail_chart_explanation_and_what_if(page, dashboard_server: Server):
    gold = dashboard_server.lake.second
    row = gold.sql(
        """select * from fct_reorder_point
        where demand_source = 'forecast' and ss_method = 'normal' and status <> 'no_demand'
        order by suggested_order_qty desc, item_id, warehouse_id limit 1"""
    )[0]
    page.goto(f"{dashboard_server.url}/series/{row['item_id']}/{row['warehouse_id']}?grain=week")
    chart = page.get_by_test_id("series-chart")
    chart.locator(".recharts-bar-rectangle").first.wait_for()
    assert chart.locator(".recharts-line").count() >= 2  # forecast and on-hand
    assert chart.locator(".recharts-area").count() == 2  # 80% and 95% bands
    assert chart.locator(".recharts-reference-line").count() >= 2  # safety stock, reorder point
    label = chart.locator("svg[role=application]").get_attribute("aria-label")
    assert label and "previsão" in label
    caption = page.get_by_test_id("chart-caption").inner_text()
    assert "_" not in caption and "daily" not in caption and "semana" in caption
    api_item = page.request.get(f"{dashboard_server.url}/api/v1/items/{row['item_id']}").json()
    unit = {"UN": "un."}.get(api_item["data"]["unit"], api_item["data"]["unit"])
    assert f" {unit}" in page.get_by_test_id("qty-value").locator("xpath=..").inner_text()
    # the tooltip: the period's figures, no line without a value
    chart.locator(".recharts-bar-rectangle").last.hover(force=True)
    tooltip = page.get_by_test_id("chart-tooltip")
    tooltip.wait_for()
    assert "—" not in tooltip.inner_text() and "date" not in tooltip.inner_text()
    assert page.get_by_test_id("series-meta").inner_text().count(gold.snapshot_id) == 1

    assert page.get_by_test_id("ss-value").inner_text() == br(row["safety_stock"])
    assert page.get_by_test_id("rop-value").inner_text() == br(row["reorder_point"])
    assert page.get_by_test_id("ip-value").inner_text() == br(row["inventory_position"])
    assert page.get_by_test_id("qty-value").inner_text() == br(row["suggested_order_qty"], 0)
    formula = page.get_by_test_id("ss-formula").inner_text()
    for value in (row["lead_time_days"], row["demand_std"], row["daily_demand"]):
        assert br(value) in formula
    assert br(row["z"], 3) in formula
    # how the reorder point was reached and why the status, in pt-BR words (this lake's ML
    # export has no distribution: the normal formula, and the page says why; the distribution
    # method's explanation and what-if are tested in Vitest, ReorderExplanation.test.tsx)
    assert row["rop_method"] == "normal_fallback"
    assert page.get_by_test_id("rop-reason").inner_text() in {
        "A exportação atual do ML não tem distribuição da previsão: fórmula normal.",
        "Esta série não está na distribuição da previsão do ML: fórmula normal.",
    }
    assert page.get_by_test_id("status-reason").inner_text().startswith("Motivo: ")
    explanation = page.get_by_test_id("explanation").inner_text()
    for english in ("inventory position", "reorder point", "normal formula", "order-up-to"):
        assert english not in explanation
    classes = {"smooth": "regular", "erratic": "errática", "intermittent": "intermitente"}
    classes["lumpy"] = "esporádica"
    assert page.get_by_test_id("demand-class").inner_text() == classes[row["demand_class"]]
    assert page.get_by_test_id("model-name").inner_text() == MODELS[row["model"]]

    # the series' own accuracy: the API's backtest row, formatted in pt-BR
    answer = page.request.get(
        f"{dashboard_server.url}/api/v1/series/{row['item_id']}/{row['warehouse_id']}"
    )
    accuracy = {a["source"]: a for a in answer.json()["data"]["accuracy"]}
    backtest = accuracy["backtest"]
    panel = page.get_by_test_id("accuracy-panel")
    assert panel.get_by_test_id("accuracy-rmsse").inner_text() == br(backtest["rmsse"], 3)
    assert panel.get_by_test_id("accuracy-rmsse-naive").inner_text() == br(
        backtest["rmsse_snaive"], 3
    )
    verdict = panel.get_by_test_id("accuracy-verdict").inner_text()
    if backtest["rmsse"] < backtest["rmsse_snaive"]:
        assert verdict == "Melhor que a ingênua sazonal"
    elif backtest["rmsse"] > backtest["rmsse_snaive"]:
        assert verdict == "Pior que a ingênua sazonal"
    assert panel.get_by_test_id("backtest-n_points").inner_text() == br(backtest["n_points"], 0)
    gold_backtest = gold.sql(
        """select rmsse, rmsse_snaive from fct_forecast_accuracy
        where item_id = $1 and warehouse_id = $2 and source = 'backtest'""",
        [row["item_id"], row["warehouse_id"]],
    )
    assert any(
        g["rmsse"] == pytest.approx(backtest["rmsse"])
        and g["rmsse_snaive"] == pytest.approx(backtest["rmsse_snaive"])
        for g in gold_backtest
    )
    if "live" in accuracy:
        live = accuracy["live"]
        dates = panel.get_by_test_id("live-dates").inner_text()
        for day in (live["first_date"], live["last_date"]):
            y, m, d = day.split("-")
            assert f"{d}/{m}/{y}" in dates

    # the what-if at another service level: the pipeline's formula, with Python's exact z
    level = 0.9
    slider = page.get_by_test_id("what-if").locator("input[type=range]")
    slider.fill(str(level))
    z = NormalDist().inv_cdf(level)
    L, sl = row["lead_time_days"], row["lead_time_std_days"]
    d, sd, R = row["daily_demand"], row["demand_std"], row["review_days"]
    ss = z * ((L + R) * sd * sd + d * d * sl * sl) ** 0.5  # over lead time + review period
    assert page.get_by_test_id("what-if-z").inner_text() == br(z, 3)
    assert page.get_by_test_id("what-if-ss").inner_text() == br(ss)
    assert page.get_by_test_id("what-if-rop").inner_text() == br(
        row["lead_time_demand"] + d * R + ss
    )
    cost = (ss - row["safety_stock"]) * row["unit_cost"]
    shown = page.get_by_test_id("what-if-cost").inner_text().replace("\xa0", " ")
    assert br(abs(cost)) in shown and ("-" in shown or "−" in shown) == (cost < 0)

    page.get_by_role("radio", name="Mês").click()
    page.wait_for_url("**grain=month")
    chart.locator(".recharts-bar-rectangle").first.wait_for()


def test_csv_export_opens_in_excel_pt_br(page, dashboard_server: Server):
    gold = dashboard_server.lake.second
    expected = gold.sql(
        """select item_id, warehouse_id, reorder_point from fct_reorder_point
        where status in ('stockout', 'critical', 'reorder')"""
    )
    page.goto(dashboard_server.url + "/reorder?status=stockout%2Ccritical%2Creorder")
    page.wait_for_selector("[data-testid=reorder-table] tbody tr")
    with page.expect_download() as download_info:
        page.get_by_test_id("export-csv").click()
    download = download_info.value
    assert download.suggested_filename == f"reposicao_{gold.snapshot_id}.csv"
    raw = Path(download.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == len(expected)
    by_key = {(r["item_id"], r["warehouse_id"]): r for r in expected}
    for row in rows:  # pt-BR headers and values a planner reads
        gold_row = by_key[(row["Código do item"], row["CD"])]
        assert row["Situação"] in ("Ruptura", "Crítico", "Repor")
        assert float(row["Ponto de pedido"].replace(",", ".")) == pytest.approx(
            gold_row["reorder_point"], abs=1e-4
        )
        assert "." not in row["Ponto de pedido"]  # decimal comma


def test_english_toggle_accuracy_and_changes(page, dashboard_server: Server):
    lake = dashboard_server.lake
    page.goto(dashboard_server.url + "/accuracy")
    page.wait_for_selector("[data-testid=accuracy-table] tbody tr")
    page.select_option("header select", "en")
    page.get_by_role("link", name="What changed").click()
    page.wait_for_selector("[data-testid=changes-table] tbody tr")
    sides = page.get_by_test_id("changes-sides").inner_text()
    assert lake.first.snapshot_id in sides and lake.second.snapshot_id in sides
    assert page.locator("html").get_attribute("lang") == "en"
    page.reload()  # the choice is kept
    page.wait_for_selector("[data-testid=changes-table] tbody tr")
    assert page.locator("html").get_attribute("lang") == "en"
    expect(page.get_by_role("heading", name="What changed")).to_be_visible()


def test_error_and_empty_states_in_their_panels(page, dashboard_server: Server):
    page.goto(dashboard_server.url + "/series/NOPE/CD-NOPE")
    # one "item não encontrado" page, not a red panel per section
    expect(page.get_by_role("heading", level=1)).to_have_text("Item não encontrado")
    expect(page.get_by_test_id("item-not-found")).to_contain_text("NOPE")
    expect(page.get_by_role("button", name="Tentar de novo")).to_have_count(0)
    # the rest of the page still works
    expect(page.get_by_test_id("snapshot-id")).to_have_text(
        dashboard_server.lake.second.snapshot_id
    )

    page.goto(dashboard_server.url + "/reorder?q=no-such-part")
    empty = page.get_by_text("Nenhum item com estes filtros.")
    empty.wait_for()
    assert page.locator("[data-testid=reorder-table]").count() == 0
