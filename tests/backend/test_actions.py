"""The planner's actions over HTTP, checked against the snapshot's Parquet files: purchase
proposals by supplier and their .xlsx, transfers, projected stock, achieved service, alerts."""

from __future__ import annotations

import io
import re
import zipfile
from collections import defaultdict
from datetime import date

import pytest

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_proposal_totals_equal_the_sum_of_their_lines(client, lake) -> None:
    gold = lake.second
    answer = client.get("/api/v1/proposals").json()
    lines = [line for supplier in answer["data"] for line in supplier["lines"]]
    assert lines, "the sample should have something to order now"
    for supplier in answer["data"]:
        assert supplier["value_brl"] == pytest.approx(
            sum(line["value_brl"] for line in supplier["lines"]), abs=0.005
        )
        assert supplier["line_count"] == len(supplier["lines"])
        assert {line["supplier_id"] for line in supplier["lines"]} == {supplier["supplier_id"]}
        assert supplier["earliest_order_by_date"] == min(
            line["order_by_date"] for line in supplier["lines"]
        )
        minimum = supplier["min_order_value_brl"]
        assert supplier["meets_min_order_value"] == (
            minimum is None or supplier["value_brl"] >= minimum
        )
        shortfall = 0.0 if minimum is None else max(0.0, minimum - supplier["value_brl"])
        assert supplier["min_order_shortfall_brl"] == pytest.approx(shortfall, abs=0.005)
    assert (
        answer["totals"]["lines"]
        == len(lines)
        == gold.one("select count(*) from fct_purchase_proposal")
    )
    assert answer["totals"]["value_brl"] == pytest.approx(
        gold.one("select sum(value_brl) from fct_purchase_proposal"), abs=0.01
    )
    # only lines to order now: something to order and the order-by date reached
    for line in lines:
        assert line["order_qty"] > 0
        assert line["order_by_date"] <= line["as_of_date"]
    warehouse = lines[0]["warehouse_id"]
    one = client.get("/api/v1/proposals", params={"warehouse_id": warehouse}).json()
    assert one["totals"]["value_brl"] == pytest.approx(
        sum(line["value_brl"] for line in lines if line["warehouse_id"] == warehouse), abs=0.01
    )


def test_proposal_quantities_respect_the_items_moq_and_pack_size(client, lake) -> None:
    items = {
        r["item_id"]: r
        for r in lake.second.sql("select item_id, moq, order_multiple from dim_item")
    }
    assert any(r["moq"] or r["order_multiple"] for r in items.values())
    lines = [
        line
        for supplier in client.get("/api/v1/proposals").json()["data"]
        for line in supplier["lines"]
    ]
    for line in lines:
        item = items[line["item_id"]]
        assert line["order_qty"] >= (item["moq"] or 1)
        if item["order_multiple"]:
            assert line["order_qty"] % item["order_multiple"] == pytest.approx(0)
        assert line["order_qty"] >= line["need_qty"] - line["transfer_in_qty"]


def sheet(content: bytes) -> tuple[list[list[tuple[str | None, str]]], bytes]:
    """The first sheet's rows as (cell type, raw value) per cell, and the styles XML."""
    with zipfile.ZipFile(io.BytesIO(content)) as book:
        shared = re.findall(rb"<si><t[^>]*>(.*?)</t></si>", book.read("xl/sharedStrings.xml"))
        xml = book.read("xl/worksheets/sheet1.xml")
        styles = book.read("xl/styles.xml")
    rows = []
    for row in re.findall(rb"<row [^>]*>(.*?)</row>", xml):
        cells = []
        for attributes, value in re.findall(
            rb"<c ([^>]*?)(?:/>|>(?:<f>.*?</f>)?(?:<v>(.*?)</v>)?</c>)", row
        ):
            kind = re.search(rb' t="(\w+)"', attributes)
            text = shared[int(value)].decode() if kind and kind[1] == b"s" else value.decode()
            cells.append((kind[1].decode() if kind else None, text))
        rows.append(cells)
    return rows, styles


def test_a_suppliers_xlsx_opens_with_text_item_codes_and_pt_br_headers(client, lake) -> None:
    answer = client.get("/api/v1/proposals").json()
    supplier = max(answer["data"], key=lambda s: s["line_count"])
    response = client.get(f"/api/v1/proposals/{supplier['supplier_id']}.xlsx")
    assert response.status_code == 200
    assert response.headers["content-type"] == XLSX
    assert f"pedido_{supplier['supplier_id']}_" in response.headers["content-disposition"]
    rows, styles = sheet(response.content)
    header = [text for _, text in rows[0]]
    assert header[:4] == ["Código do fornecedor", "Fornecedor", "Código do item", "Item"]
    assert len(rows) == supplier["line_count"] + 2  # header, lines, total
    *lines, total = rows[1:]
    codes = [row[2] for row in lines]
    assert all(kind == "s" for kind, _ in codes)  # strings, never numbers
    assert sorted(text for _, text in codes) == sorted(
        line["item_id"] for line in supplier["lines"]
    )
    assert b"dd/mm/yyyy" in styles and b"R$" in styles
    value_col = header.index("Valor (R$)")
    assert sum(float(row[value_col][1]) for row in lines) == pytest.approx(
        supplier["value_brl"], abs=0.01
    )
    assert total[0][1] == "Total"
    assert len(total) == 2  # "Total" and the sum under "Valor (R$)"
    assert float(total[1][1]) == pytest.approx(supplier["value_brl"], abs=0.01)
    missing = client.get("/api/v1/proposals/NO_SUCH_SUPPLIER.xlsx")
    assert missing.status_code == 404
    assert "unknown supplier" in missing.json()["error"]["message"]


def test_the_worklist_xlsx_keeps_leading_zeros_and_follows_the_filters(client, lake) -> None:
    gold = lake.second
    response = client.get("/api/v1/reorder.xlsx", params={"status": "stockout,critical"})
    assert response.status_code == 200
    rows, _ = sheet(response.content)
    expected = gold.one(
        "select count(*) from fct_reorder_point where status in ('stockout', 'critical')"
    )
    assert len(rows) == expected + 1
    header = [text for _, text in rows[0]]
    code, situation = header.index("Código do item"), header.index("Situação")
    assert all(row[code][0] == "s" for row in rows[1:])
    assert any(row[code][1].startswith("0") for row in rows[1:])
    situations = {row[situation][1] for row in rows[1:]}
    assert situations <= {"Ruptura", "Crítico"}


def test_transfers_never_take_an_origin_below_its_reorder_point(client, lake) -> None:
    gold = lake.second
    answer = client.get("/api/v1/transfers", params={"limit": 1000}).json()
    assert answer["count"] == gold.one("select count(*) from fct_transfer_suggestion")
    assert answer["count"] > 0, "the sample should have a warehouse short while another has excess"
    before = {
        (r["item_id"], r["warehouse_id"]): r
        for r in gold.sql("select item_id, warehouse_id, on_hand, reorder_point, "
                          "suggested_order_qty from fct_reorder_point")
    }  # fmt: skip
    given: dict[tuple[str, str], int] = defaultdict(int)
    for transfer in answer["data"]:
        assert transfer["from_on_hand_after"] >= transfer["from_reorder_point"]
        assert transfer["days_saved"] > 0
        assert transfer["item_name"] and transfer["from_warehouse_name"]
        given[transfer["item_id"], transfer["from_warehouse_id"]] += transfer["quantity"]
        target = before[transfer["item_id"], transfer["to_warehouse_id"]]
        if transfer["compared_with"] == "purchase":
            assert target["suggested_order_qty"] > 0
        else:  # nothing to order, short until an open order arrives
            assert transfer["to_status"] in ("stockout", "critical")
    for origin, quantity in given.items():
        assert before[origin]["on_hand"] - quantity >= before[origin]["reorder_point"]
    assert answer["totals"]["value_brl"] == pytest.approx(
        sum(t["value_brl"] for t in answer["data"])
    )
    warehouse = answer["data"][0]["to_warehouse_id"]
    mine = client.get("/api/v1/transfers", params={"to_warehouse_id": warehouse}).json()
    assert {t["to_warehouse_id"] for t in mine["data"]} == {warehouse}


def test_projected_stock_adds_receipts_and_takes_the_forecast(client, lake) -> None:
    gold = lake.second
    pair = gold.sql(
        "select r.item_id, r.warehouse_id from fct_reorder_point r "
        "semi join fct_lead_time l on l.item_id = r.item_id and l.warehouse_id = r.warehouse_id "
        "  and l.is_open where r.status <> 'no_demand' order by all limit 1"
    )[0]
    url = f"/api/v1/items/{pair['item_id']}/warehouses/{pair['warehouse_id']}/projection"
    data = client.get(url).json()["data"]
    points = data["points"]
    assert len(points) == data["horizon_days"] + 1 and points[0]["date"] == data["as_of_date"]
    assert points[0]["projected_stock"] == pytest.approx(data["on_hand"])
    running = data["on_hand"]
    for point in points[1:]:
        running += point["receipts"] - point["expected_demand"]
        assert point["projected_stock"] == pytest.approx(running)
    assert data["open_orders"], "the series has an open purchase order"
    shown = sum(p["receipts"] for p in points)
    horizon_end = date.fromisoformat(points[-1]["date"])
    expected = sum(
        o["quantity"]
        for o in data["open_orders"]
        if o["expected_date"] is None or date.fromisoformat(o["expected_date"]) <= horizon_end
    )
    assert shown == pytest.approx(expected)
    assert client.get(url.replace(pair["item_id"], "NOPE00")).status_code == 404


def test_achieved_service_and_the_other_warehouses_on_the_item_page(client, lake) -> None:
    gold = lake.second
    pair = gold.sql("select item_id, warehouse_id, criticality from fct_reorder_point "
                    "order by all limit 1")[0]  # fmt: skip
    url = f"/api/v1/items/{pair['item_id']}/warehouses/{pair['warehouse_id']}/service"
    data = client.get(url).json()["data"]
    assert [w["window_days"] for w in data["windows"]] == [90, 365]
    for window in data["windows"]:
        if window["days_observed"]:
            assert window["days_in_stock"] == window["days_observed"] - window["stockout_days"]
            assert 0 <= window["days_in_stock_share"] <= 1
    assert {("criticality", pair["criticality"])} <= {
        (c["class_kind"], c["class_name"]) for c in data["classes"]
    }
    item = client.get(f"/api/v1/items/{pair['item_id']}").json()["data"]
    expected = gold.sql("select warehouse_id, status, on_hand, reorder_point from "
                        "fct_reorder_point where item_id = $1 order by 1", [pair["item_id"]])  # fmt: skip
    assert [
        {k: w[k] for k in ("warehouse_id", "status", "on_hand", "reorder_point")}
        for w in item["warehouses"]
    ] == expected
    assert all("excess_qty" in w and w["unit"] for w in item["warehouses"])


def test_every_alert_is_reachable_and_named(client) -> None:
    everything = client.get("/api/v1/alerts", params={"limit": 1000}).json()
    pages = []
    for offset in range(0, everything["count"], 7):
        pages += client.get("/api/v1/alerts", params={"limit": 7, "offset": offset}).json()["data"]
    assert pages == everything["data"] and len(pages) == everything["count"]
    for alert in everything["data"]:
        if alert["item_id"] is not None:
            assert alert["item_name"] and alert["warehouse_name"]


def test_kpis_count_what_to_order_and_transfer_today(client) -> None:
    kpis = client.get("/api/v1/kpis").json()["data"]
    order_now = client.get("/api/v1/reorder", params={"order_now": "true", "limit": 1}).json()
    assert kpis["order_now_lines"] == order_now["count"]
    proposals = client.get("/api/v1/proposals").json()["totals"]
    assert kpis["proposal_lines"] == proposals["lines"]
    assert kpis["proposal_value_brl"] == pytest.approx(proposals["value_brl"], abs=0.01)
    transfers = client.get("/api/v1/transfers").json()
    assert kpis["transfer_lines"] == transfers["count"]
    everything = client.get("/api/v1/reorder", params={"limit": 1000}).json()
    assert everything["totals"]["lines"] == everything["count"]
    assert everything["totals"]["suggested_order_value_brl"] == pytest.approx(
        sum(r["suggested_order_value_brl"] or 0 for r in everything["data"])
    )
    # the worklist's total to buy is the purchase proposal's
    assert everything["totals"]["proposal_value_brl"] == pytest.approx(
        proposals["value_brl"], abs=0.01
    )
