"""fct_transfer_suggestion: excess moves to a short warehouse, never below the origin's ROP."""

from __future__ import annotations

import random

import pytest

from pipeline.gold.transfer_params import TransferParams, parse_transfer_lead_times
from pipeline.gold.transfers import build_transfers
from tests.pipeline.gold.action_factories import AS_OF, REGIONS, connect, day, line, rows


def transfers(
    lines: list[dict], params: TransferParams | None = None, purchase_orders: list | None = None
) -> list[dict]:
    con = connect(lines, purchase_orders=purchase_orders)
    build_transfers(con, AS_OF, params or TransferParams())
    return rows(con, "select * from fct_transfer_suggestion order by all")


def test_excess_covers_a_short_warehouse_and_the_origins_keep_their_reorder_point() -> None:
    found = transfers(
        [
            # short: needs ceil(40 - 0) = 40 units, buying takes 20 days
            line("X", "W-SE", status="stockout", on_hand=0, reorder_point=20, order_up_to=40,
                 suggested=40),
            # keeps max(ROP 30, S 40 x 1.1 = 44): 16 to give
            line("X", "W-S", on_hand=60, reorder_point=30, order_up_to=40),
            # keeps its ROP 80 (above S x 1.1): 20 to give
            line("X", "W-NE", on_hand=100, reorder_point=80, order_up_to=20),
        ]
    )  # fmt: skip
    by_origin = {t["from_warehouse_id"]: t for t in found}
    assert {k: t["quantity"] for k, t in by_origin.items()} == {"W-S": 16, "W-NE": 20}
    for t in found:
        assert t["to_warehouse_id"] == "W-SE"
        assert t["from_on_hand_after"] >= t["from_reorder_point"]
        assert t["transfer_lead_time_days"] == 5  # SE-S and SE-NE are neighbours
        assert t["days_saved"] == pytest.approx(15.0)
        assert t["compared_with"] == "purchase"
        assert t["expected_arrival_date"] == day(5)
        assert t["value_brl"] == pytest.approx(t["quantity"] * 100.0)


def open_order(expected: int) -> dict:
    return {"po_id": f"P{expected}", "item_id": "X", "warehouse_id": "W-SE",
            "order_date": day(-20), "expected_date": day(expected), "received_date": None,
            "quantity": 50.0}  # fmt: skip


def test_a_stockout_covered_by_a_far_open_order_is_bridged_by_a_transfer() -> None:
    # nothing to order (50 units on order), but nothing on hand until the order arrives
    covered = line("X", "W-SE", status="stockout", on_hand=0, on_order=50, reorder_point=12,
                   order_up_to=40, suggested=0)  # fmt: skip
    spare = line("X", "W-S", on_hand=200, reorder_point=10, order_up_to=20)
    found = transfers([covered, spare], purchase_orders=[open_order(30)])
    assert len(found) == 1
    bridge = found[0]
    assert bridge["compared_with"] == "open_order"
    assert bridge["quantity"] == 12  # up to its reorder point, until the order arrives
    assert bridge["replenish_days"] == 30 and bridge["days_saved"] == 25
    assert "open purchase order" in bridge["reason"]
    # an order arriving before a transfer could: nothing to bridge
    assert transfers([covered, spare], purchase_orders=[open_order(4)]) == []
    # a late order (expected before as_of) is not waited on here
    assert transfers([covered, spare], purchase_orders=[open_order(-3)]) == []


def test_no_transfer_when_buying_is_as_fast_or_the_value_too_small() -> None:
    short = dict(status="reorder", on_hand=5, reorder_point=10, order_up_to=30, suggested=25)
    spare = dict(on_hand=200, reorder_point=10, order_up_to=20)
    # N-S are two regions apart: 9 days, and buying takes 9
    slow = [line("X", "W-S", lead_time_days=9, **short), line("X", "W-N", **spare)]
    assert transfers(slow) == []
    # 25 units of R$ 10 = R$ 250 < the R$ 500 a transfer must move
    cheap = [line("X", "W-S", unit_cost=10, **short), line("X", "W-SE", unit_cost=10, **spare)]
    assert transfers(cheap) == []
    assert len(transfers(cheap, TransferParams(min_value_brl=100))) == 1


def test_the_region_pair_setting_decides_the_lead_time() -> None:
    lines = [
        line("X", "W-SE", status="reorder", on_hand=5, reorder_point=10, order_up_to=30,
             suggested=25, lead_time_days=4),
        line("X", "W-S", on_hand=200, reorder_point=10, order_up_to=20),
    ]  # fmt: skip
    assert transfers(lines) == []  # adjacent: 5 days, buying takes 4
    faster = transfers(lines, TransferParams.from_setting("SE-S=2"))
    assert [(t["quantity"], t["transfer_lead_time_days"]) for t in faster] == [(25, 2)]


def test_a_bad_lead_time_setting_names_the_entry() -> None:
    with pytest.raises(ValueError, match="'SE-XX=3'"):
        parse_transfer_lead_times("same=2,SE-XX=3")
    with pytest.raises(ValueError, match="'other=0'"):
        parse_transfer_lead_times("other=0")


@pytest.mark.parametrize("seed", range(5))
def test_random_networks_never_take_an_origin_below_its_reorder_point(seed: int) -> None:
    rng = random.Random(seed)
    lines = []
    for item in range(30):
        for warehouse in REGIONS:
            rop = rng.choice([0.0, 3.5, 10.0, 40.0])
            s = rop + rng.choice([0.0, 5.0, 25.5])
            on_hand = float(rng.choice([0, 2, 15, 60, 300]))
            short = on_hand <= rop
            lines.append(
                line(f"I{item}", warehouse, status="reorder" if short else "ok",
                     on_hand=on_hand, reorder_point=rop, order_up_to=s,
                     suggested=int(max(0, s - on_hand)) if short else 0,
                     lead_time_days=rng.choice([3.0, 8.0, 30.0]))
            )  # fmt: skip
    found = transfers(lines, TransferParams(min_value_brl=0))
    assert found, "the random network should need some transfers"
    before = {(r["item_id"], r["warehouse_id"]): r for r in lines}
    given: dict[tuple[str, str], int] = {}
    taken: dict[tuple[str, str], int] = {}
    for t in found:
        origin = (t["item_id"], t["from_warehouse_id"])
        given[origin] = given.get(origin, 0) + t["quantity"]
        target = (t["item_id"], t["to_warehouse_id"])
        taken[target] = taken.get(target, 0) + t["quantity"]
        assert t["days_saved"] > 0
    for origin, quantity in given.items():
        row = before[origin]
        assert row["on_hand"] - quantity >= row["reorder_point"]
        assert row["on_hand"] - quantity >= row["order_up_to"]
    for target, quantity in taken.items():
        row = before[target]
        assert row["suggested_order_qty"] > 0  # only a short warehouse receives (no open orders)
        assert quantity <= row["order_up_to"] - row["inventory_position"] + 1
