"""fct_purchase_proposal and fct_reorder_list: what to buy now, after transfers, ranked."""

from __future__ import annotations

import pytest

from pipeline.gold.checks import GoldCheckFailed
from pipeline.gold.proposals import build_proposals
from pipeline.gold.tables import STATUS_URGENCY, STATUSES
from pipeline.gold.transfer_params import TransferParams
from pipeline.gold.transfers import build_transfers
from pipeline.gold.worklist import build_reorder_list
from tests.pipeline.gold.action_factories import AS_OF, connect, day, line, rows

HORIZON = 90  # days a stockout is projected ahead


def build(lines: list[dict], purchase_orders: list[dict] | None = None):
    con = connect(lines, purchase_orders=purchase_orders)
    build_transfers(con, AS_OF, TransferParams())
    build_proposals(con, AS_OF, HORIZON)
    build_reorder_list(con, AS_OF, HORIZON)
    return con


def proposal(con) -> dict[tuple[str, str], dict]:
    found = rows(con, "select * from fct_purchase_proposal")
    return {(r["item_id"], r["warehouse_id"]): r for r in found}


def test_lines_without_transfers_order_the_reorder_points_quantity_as_rounded() -> None:
    con = build(
        [
            # need 7, moq 25, multiple 6: fct_reorder_point suggests 30
            line("A", "W-SE", status="reorder", on_hand=13, reorder_point=15, order_up_to=20,
                 suggested=30, moq=25, multiple=6),
            line("B", "W-SE", status="stockout", on_hand=0, reorder_point=4, order_up_to=8,
                 suggested=8),
        ]
    )  # fmt: skip
    lines = proposal(con)
    assert lines["A", "W-SE"]["order_qty"] == 30
    assert lines["A", "W-SE"]["reason_code"] == "below_reorder_point"
    assert "minimum order / pack size" in lines["A", "W-SE"]["reason"]
    assert lines["B", "W-SE"]["order_qty"] == 8
    assert lines["B", "W-SE"]["reason_code"] == "stockout"
    for row in lines.values():
        assert row["value_brl"] == pytest.approx(row["order_qty"] * 100.0)
        assert row["expected_arrival_date"] == day(20)  # as_of + lead time
        assert row["supplier_name"] == "Fornecedor"


def test_purchase_lines_are_reduced_by_incoming_transfers_and_rounded_again() -> None:
    con = build(
        [
            # short by 50 units; W-S can give 16: 34 left, moq 40 and packs of 15: 45
            line("X", "W-SE", status="stockout", on_hand=0, reorder_point=20, order_up_to=50,
                 suggested=60, moq=40, multiple=15),
            line("X", "W-S", on_hand=60, reorder_point=30, order_up_to=40),
            # short by 10, W-NE gives all 10: nothing left to buy
            line("Y", "W-SE", status="reorder", on_hand=5, reorder_point=8, order_up_to=15,
                 suggested=10),
            line("Y", "W-NE", on_hand=100, reorder_point=10, order_up_to=20),
        ]
    )  # fmt: skip
    lines = proposal(con)
    x = lines["X", "W-SE"]
    assert (x["need_qty"], x["transfer_in_qty"], x["order_qty"]) == (50, 16, 45)
    assert x["suggested_order_qty"] == 60
    assert ("Y", "W-SE") not in lines
    worklist = {
        (r["item_id"], r["warehouse_id"]): r for r in rows(con, "select * from fct_reorder_list")
    }
    assert worklist["Y", "W-SE"]["transfer_in_qty"] == 10
    assert worklist["Y", "W-SE"]["proposal_qty"] == 0
    assert worklist["Y", "W-NE"]["transfer_out_qty"] == 10
    assert worklist["X", "W-SE"]["proposal_qty"] == 45


def test_only_lines_whose_order_by_date_is_reached_are_ordered_now() -> None:
    due = dict(status="reorder", on_hand=9, suggested=11)
    con = build(
        [
            line("A", "W-SE", order_by=3, **due),  # ahead
            line("B", "W-SE", order_by=None, **due),  # stockout beyond the horizon: ahead
            line("C", "W-SE", order_by=0, **due),  # today
            line("D", "W-SE", order_by=-2, **due),  # late
            # the lead time reaches past the horizon: no order-by date can be seen
            line("E", "W-SE", order_by=None, lead_time_days=HORIZON + 60, **due),
        ]
    )
    lines = proposal(con)
    assert {item for item, _ in lines} == {"C", "D", "E"}
    assert lines["E", "W-SE"]["order_by_date"] == AS_OF
    assert "reaches past the 90-day projection" in lines["E", "W-SE"]["reason"]
    now = {r["item_id"]: r["order_now"] for r in rows(con, "select * from fct_reorder_list")}
    assert now == {"A": False, "B": False, "C": True, "D": True, "E": True}


def test_a_fractional_pack_size_orders_the_whole_units_of_whole_packs() -> None:
    # a part sold by the kilo in packs of 11.3 kg, at least 22.6 kg: fct_reorder_point suggests
    # 34 (3 packs = 33.9 kg, rounded up to a whole unit), and a transfer of 10 leaves 16.5 ->
    # 2 packs = 22.6 -> 23
    con = build(
        [
            line("K", "W-SE", status="reorder", on_hand=10, reorder_point=30, order_up_to=36.5,
                 suggested=34, moq=22.6, multiple=11.3),
            line("L", "W-SE", status="stockout", on_hand=0, reorder_point=20, order_up_to=26.5,
                 suggested=34, moq=22.6, multiple=11.3),
            line("L", "W-S", on_hand=60, reorder_point=30, order_up_to=40),
        ]
    )  # fmt: skip
    lines = proposal(con)
    assert lines["K", "W-SE"]["order_qty"] == 34
    transferred = lines["L", "W-SE"]["transfer_in_qty"]
    assert transferred > 0
    left = 27 - transferred  # need = ceil(26.5 - 0)
    packs = max(2, -(-left // 11.3))  # at least the 22.6 kg minimum
    assert lines["L", "W-SE"]["order_qty"] == -(-round(packs * 11.3, 6) // 1)


def test_a_quantity_breaking_the_pack_size_fails_the_build() -> None:
    con = connect([line("A", "W-SE", status="reorder", on_hand=13, suggested=7, moq=5, multiple=6)])
    build_transfers(con, AS_OF, TransferParams())
    with pytest.raises(GoldCheckFailed, match="pack size"):
        build_proposals(con, AS_OF, HORIZON)


def test_the_worklist_ranks_by_urgency_then_what_to_order_now_then_value() -> None:
    con = build(
        [
            line("OK", "W-SE", status="ok", on_hand=50),
            line("ND", "W-SE", status="no_demand", on_hand=0, reorder_point=0, order_up_to=0),
            line("R1", "W-SE", status="reorder", on_hand=9, suggested=11, order_by=5),
            line("R2", "W-SE", status="reorder", on_hand=9, suggested=5, unit_cost=1),
            line("SO", "W-SE", status="stockout", on_hand=0, suggested=20),
            line("EX", "W-SE", status="excess", on_hand=90, order_up_to=20),
        ],
        purchase_orders=[
            {"po_id": "P1", "item_id": "SO", "warehouse_id": "W-SE", "order_date": day(-10),
             "expected_date": day(4), "received_date": None, "quantity": 7.0},
            {"po_id": "P2", "item_id": "SO", "warehouse_id": "W-SE", "order_date": day(-5),
             "expected_date": day(9), "received_date": None, "quantity": 3.0},
            {"po_id": "P0", "item_id": "SO", "warehouse_id": "W-SE", "order_date": day(-40),
             "expected_date": day(-20), "received_date": day(-19), "quantity": 50.0},
        ],
    )  # fmt: skip
    ranked = rows(con, "select * from fct_reorder_list order by priority_rank")
    assert [r["item_id"] for r in ranked] == ["SO", "R2", "R1", "EX", "OK", "ND"]
    assert [r["priority_rank"] for r in ranked] == [1, 2, 3, 4, 5, 6]
    assert all(r["status_rank"] == STATUS_URGENCY[r["status"]] for r in ranked)
    so = ranked[0]
    assert (so["open_order_count"], so["open_order_qty"]) == (2, 10.0)
    assert (so["next_receipt_date"], so["next_receipt_qty"]) == (day(4), 7.0)
    assert ranked[3]["excess_qty"] == 70


def test_status_urgency_ranks_every_status_once_with_no_demand_last() -> None:
    assert sorted(STATUS_URGENCY) == sorted(STATUSES)
    assert sorted(STATUS_URGENCY.values()) == list(range(1, len(STATUSES) + 1))
    assert max(STATUS_URGENCY, key=STATUS_URGENCY.__getitem__) == "no_demand"
    assert min(STATUS_URGENCY, key=STATUS_URGENCY.__getitem__) == "stockout"
