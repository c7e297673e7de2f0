"""End to end in Chromium: from numbers to actions. The purchase proposal by supplier (its totals
against its lines, the API and gold; a supplier's .xlsx with item codes as text), the transfers
(no origin below its reorder point) and the item page's projected stock and other warehouses.
Figures on screen are read back as numbers and checked against the API and the gold Parquet
files (read independently)."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from playwright.sync_api import Page, expect

from tests.frontend.conftest import Server

pytestmark = [pytest.mark.timeout(300), pytest.mark.slow]

SHEET = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def number(text: str) -> float:
    """A pt-BR number or amount read on screen ("R$ 1.234,56", "-3,5 un.") as a float."""
    match = re.search(r"-?[\d.]+(?:,\d+)?", text.replace("\xa0", " ").replace("−", "-"))
    assert match, f"no number in {text!r}"
    return float(match.group().replace(".", "").replace(",", "."))


def br_date(iso: str) -> str:
    y, m, d = iso[:10].split("-")
    return f"{d}/{m}/{y}"


def test_proposal_totals_are_the_sum_of_their_lines(page: Page, dashboard_server: Server):
    gold = dashboard_server.lake.second
    answer = page.request.get(dashboard_server.url + "/api/v1/proposals").json()
    assert answer["count"] > 0, "the session lake has lines to order now"
    # the API's totals are gold's (the lines to order now, after transfers)
    gold_total = gold.one("select sum(value_brl) from fct_purchase_proposal")
    gold_lines = gold.one("select count(*) from fct_purchase_proposal")
    assert answer["totals"]["value_brl"] == pytest.approx(gold_total, abs=0.01)
    assert answer["totals"]["lines"] == gold_lines

    page.goto(dashboard_server.url + "/proposals")
    page.wait_for_selector("[data-testid=supplier-proposal] [data-testid=proposal-lines] tbody tr")
    expect(page.locator("h1")).to_have_text("Pedidos sugeridos")
    summary = page.get_by_test_id("proposal-totals")
    assert number(summary.get_by_test_id("total-value").inner_text()) == pytest.approx(
        answer["totals"]["value_brl"], abs=0.01
    )
    assert number(summary.get_by_test_id("total-lines").inner_text()) == gold_lines
    assert number(summary.get_by_test_id("total-suppliers").inner_text()) == answer["count"]

    panels = page.get_by_test_id("supplier-proposal")
    expect(panels).to_have_count(answer["count"])
    shown_total = 0.0
    for i, group in enumerate(answer["data"]):
        panel = panels.nth(i)
        assert (
            panel.locator("[data-supplier]").get_attribute("data-supplier") == group["supplier_id"]
        )
        total = number(panel.get_by_test_id("supplier-total").inner_text())
        lines = [number(v) for v in panel.get_by_test_id("line-value").all_inner_texts()]
        assert len(lines) == group["line_count"] == len(group["lines"])
        assert total == pytest.approx(sum(lines), abs=0.011)  # the total is its lines' sum
        assert total == pytest.approx(group["value_brl"], abs=0.005)  # ... and the API's
        assert panel.get_by_test_id("supplier-order-by").inner_text() == br_date(
            group["earliest_order_by_date"]
        )
        if not group["meets_min_order_value"]:
            expect(panel.get_by_test_id("below-minimum")).to_be_visible()
        shown_total += total
    assert shown_total == pytest.approx(answer["totals"]["value_brl"], abs=0.01 * answer["count"])


def test_supplier_xlsx_keeps_item_codes_as_text(page: Page, dashboard_server: Server):
    answer = page.request.get(dashboard_server.url + "/api/v1/proposals").json()
    group = answer["data"][0]
    page.goto(dashboard_server.url + "/proposals")
    panel = page.get_by_test_id("supplier-proposal").first
    panel.get_by_test_id("proposal-lines").locator("tbody tr").first.wait_for()
    with page.expect_download() as download_info:
        panel.get_by_test_id("export-supplier-xlsx").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    with zipfile.ZipFile(download.path()) as xlsx:
        shared = [
            "".join(t.text or "" for t in si.iter(SHEET + "t"))
            for si in ElementTree.fromstring(xlsx.read("xl/sharedStrings.xml")).iter(SHEET + "si")
        ]
        sheet = ElementTree.fromstring(xlsx.read("xl/worksheets/sheet1.xml"))

    def text(cell: ElementTree.Element) -> str | None:
        """A text cell's string; None for a number, a date or an empty cell."""
        value = cell.find(SHEET + "v")
        if cell.get("t") == "s" and value is not None:
            return shared[int(value.text or 0)]
        if cell.get("t") == "inlineStr":
            return "".join(t.text or "" for t in cell.iter(SHEET + "t"))
        return None

    # a row's cells by column letter (an empty cell is not written at all)
    rows = [
        {re.sub(r"\d", "", cell.get("r", "")): cell for cell in row.iter(SHEET + "c")}
        for row in sheet.iter(SHEET + "row")
    ]
    header = {text(cell): column for column, cell in rows[0].items()}
    assert "Código do item" in header  # pt-BR headers
    column = header["Código do item"]
    codes = [text(row[column]) for row in rows[1:] if column in row]  # a total row has none
    # every code is a text cell, exactly as the ERP writes it (leading zeros kept)
    assert sorted(codes) == sorted(line["item_id"] for line in group["lines"])  # type: ignore[type-var]
    assert any(code.startswith("0") for code in codes if code)  # the sample's codes have them


def test_transfers_never_take_an_origin_below_its_reorder_point(
    page: Page, dashboard_server: Server
):
    gold = dashboard_server.lake.second
    answer = page.request.get(dashboard_server.url + "/api/v1/transfers?limit=1000").json()
    assert answer["count"] > 0, "the session lake has transfers to suggest"
    page.goto(dashboard_server.url + "/transfers")
    page.wait_for_selector("[data-testid=transfer-table] tbody tr")
    expect(page.locator("h1")).to_have_text("Transferências")
    rows = page.locator("[data-testid=transfer-table] tbody tr")
    expect(rows).to_have_count(min(answer["count"], 50))
    by_key = {
        (t["item_id"], t["from_warehouse_id"], t["to_warehouse_id"]): t for t in answer["data"]
    }
    values = []
    for i in range(rows.count()):
        row = rows.nth(i)
        key = (
            row.get_attribute("data-item"),
            row.get_attribute("data-from"),
            row.get_attribute("data-to"),
        )
        api = by_key[key]  # type: ignore[index]
        after = number(row.get_by_test_id("origin-after").inner_text())
        rop = number(row.get_by_test_id("origin-rop").inner_text())
        assert after >= rop - 0.005  # the origin keeps at least its reorder point
        assert number(row.get_by_test_id("transfer-qty").inner_text()) == api["quantity"]
        assert number(row.get_by_test_id("transfer-days-saved").inner_text()) == pytest.approx(
            api["days_saved"],
            abs=0.051,  # one decimal shown
        )
        assert api["days_saved"] > 0
        values.append(number(row.get_by_test_id("transfer-value").inner_text()))
    total = number(page.get_by_test_id("transfer-total-value").inner_text())
    assert total == pytest.approx(answer["totals"]["value_brl"], abs=0.01)
    if answer["count"] <= 50:
        assert total == pytest.approx(sum(values), abs=0.01 * len(values))
    # and in gold, for every suggestion (not only those on screen)
    assert (
        gold.one(
            """select count(*) from fct_transfer_suggestion
        where from_on_hand_after < from_reorder_point - 1e-9"""
        )
        == 0
    )


def test_item_page_projected_stock_and_other_warehouses(page: Page, dashboard_server: Server):
    gold = dashboard_server.lake.second
    # a series with an open order arriving within the projection, in more than one warehouse
    row = gold.sql(
        """select p.item_id, p.warehouse_id from fct_projected_stock p
        join (select item_id from fct_reorder_point group by item_id having count(*) > 1)
            using (item_id)
        where p.receipts > 0 order by p.item_id, p.warehouse_id limit 1"""
    )[0]
    item, warehouse = row["item_id"], row["warehouse_id"]
    points = gold.sql(
        """select date, receipts, projected_stock from fct_projected_stock
        where item_id = $1 and warehouse_id = $2 order by date""",
        [item, warehouse],
    )
    rop = gold.one(
        "select reorder_point from fct_reorder_point where item_id = $1 and warehouse_id = $2",
        [item, warehouse],
    )
    api = page.request.get(
        f"{dashboard_server.url}/api/v1/items/{item}/warehouses/{warehouse}/projection"
    ).json()["data"]
    page.goto(f"{dashboard_server.url}/series/{item}/{warehouse}?grain=week")
    panel = page.get_by_test_id("projection-panel")
    panel.get_by_test_id("projected-chart").locator(".recharts-line").first.wait_for()
    at_rop = next((p["date"] for p in points if p["projected_stock"] <= rop + 1e-9), None)
    shown = panel.get_by_test_id("projected-at-rop").inner_text()
    assert shown == (at_rop.strftime("%d/%m/%Y") if at_rop else "não no horizonte")
    short = api["first_shortfall_date"]
    assert panel.get_by_test_id("projected-short").inner_text() == (
        br_date(short) if short else "não no horizonte"
    )
    lowest = min(points, key=lambda p: p["projected_stock"])
    assert number(panel.get_by_test_id("projected-lowest").inner_text()) == pytest.approx(
        lowest["projected_stock"], abs=0.005
    )
    # a day's tooltip: its figures in the item's unit, nothing empty
    chart = panel.get_by_test_id("projected-chart").locator("svg[role=application]")
    chart.scroll_into_view_if_needed()
    assert chart.get_attribute("aria-label")  # named for a screen reader
    box = chart.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    tooltip = page.get_by_test_id("projected-tooltip")
    tooltip.wait_for()
    assert "Estoque projetado" in tooltip.inner_text() and "—" not in tooltip.inner_text()
    # the open orders behind the receipts, with their dates
    orders = panel.get_by_test_id("open-orders").locator("tbody tr")
    expect(orders).to_have_count(len(api["open_orders"]))
    assert br_date(api["open_orders"][0]["expected_date"]) in orders.first.inner_text()

    # the item in every warehouse that has it, this one marked, with its stock and unit
    expected = {
        r["warehouse_id"]: r
        for r in gold.sql(
            "select warehouse_id, on_hand, reorder_point from fct_reorder_point where item_id = $1",
            [item],
        )
    }
    table = page.get_by_test_id("other-warehouses")
    table.locator("tbody tr").first.wait_for()
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(len(expected))
    assert rows.first.get_attribute("data-warehouse") == warehouse
    assert rows.first.get_attribute("aria-current") == "page"
    unit = {"UN": "un.", "M": "m", "PCT": "pct."}.get(api["unit"], api["unit"])
    for i in range(rows.count()):
        shown_row = rows.nth(i)
        gold_row = expected[shown_row.get_attribute("data-warehouse") or ""]
        on_hand = shown_row.get_by_test_id("wh-on-hand").inner_text()
        assert number(on_hand) == pytest.approx(gold_row["on_hand"], abs=0.005)
        assert on_hand.endswith(f" {unit}")
        assert number(shown_row.get_by_test_id("wh-rop").inner_text()) == pytest.approx(
            gold_row["reorder_point"], abs=0.005
        )
    # the others open their own page
    other = rows.nth(1).locator("a")
    other.click()
    page.wait_for_url(f"**/series/{item}/{rows.nth(0).get_attribute('data-warehouse')}")
    expect(page.get_by_test_id("other-warehouses").locator("tbody tr").first).to_have_attribute(
        "aria-current", "page"
    )


def test_item_page_achieved_service(page: Page, dashboard_server: Server):
    gold = dashboard_server.lake.second
    row = gold.sql(
        """select item_id, warehouse_id, days_in_stock_share from fct_service_achieved
        where window_days = 90 and days_in_stock_share is not null
        order by days_in_stock_share, item_id, warehouse_id limit 1"""
    )[0]
    page.goto(f"{dashboard_server.url}/series/{row['item_id']}/{row['warehouse_id']}")
    service = page.get_by_test_id("service-90")
    service.wait_for()
    shown = service.get_by_test_id("in-stock").inner_text()
    assert number(shown) / 100 == pytest.approx(row["days_in_stock_share"], abs=0.0005)
    assert shown.endswith("%")


def test_every_status_says_why_in_pt_br(page: Page, dashboard_server: Server):
    """One series of each status (and a covered stockout when there is one): the item page
    gives the pipeline's reason in pt-BR, never hidden and never in English."""
    gold = dashboard_server.lake.second
    series = gold.sql(
        """select item_id, warehouse_id, status from (
            select *, row_number() over (
                partition by status, suggested_order_qty > 0 order by item_id, warehouse_id) as n
            from fct_reorder_point where status <> 'no_demand') where n = 1
        order by status, item_id"""
    )
    assert len({s["status"] for s in series}) >= 4
    for s in series:
        page.goto(f"{dashboard_server.url}/series/{s['item_id']}/{s['warehouse_id']}")
        reason = page.get_by_test_id("status-reason")
        reason.wait_for()
        text = reason.inner_text()
        assert text.startswith("Motivo: ") and len(text) > len("Motivo: ") + 10, (s, text)
        for english in ("inventory position", "order-up-to", "covered by", "units", "nothing"):
            assert english not in text, (s, text)


def test_supplier_csv_has_its_lines_in_pt_br(page: Page, dashboard_server: Server):
    answer = page.request.get(dashboard_server.url + "/api/v1/proposals").json()
    group = answer["data"][-1]
    page.goto(dashboard_server.url + "/proposals")
    panel = page.get_by_test_id("supplier-proposal").filter(
        has=page.locator(f"[data-supplier='{group['supplier_id']}']")
    )
    panel.get_by_test_id("proposal-lines").locator("tbody tr").first.wait_for()
    with page.expect_download() as download_info:
        panel.get_by_test_id("export-supplier-csv").click()
    raw = Path(download_info.value.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert sorted(r["Código do item"] for r in rows) == sorted(
        line["item_id"] for line in group["lines"]
    )  # this supplier's lines only, codes exactly as the ERP writes them
    total = sum(float(r["Valor (R$)"].replace(".", "").replace(",", ".")) for r in rows)
    assert total == pytest.approx(group["value_brl"], abs=0.01)
