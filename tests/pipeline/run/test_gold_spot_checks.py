"""Spot checks of the built snapshot a planner would make: holidays, and reorder points redone by
hand, from their own input columns and from the ERP files themselves."""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path
from statistics import NormalDist

import duckdb
import pytest

from storage import open_storage
from tests.factories import END, START, Built
from tests.pipeline.run import lakeview

SERVICE_LEVELS = {"A": 0.99, "B": 0.95, "C": 0.90}  # the defaults of PipelineSettings
REVIEW_DAYS = 7


@pytest.fixture(scope="module")
def gold(built: Built) -> dict[str, list[dict]]:
    lake = open_storage(str(built.workspace.lake))
    snapshot_id = lakeview.pointer(lake)["snapshot_id"]
    names = ("dim_date", "dim_item", "fct_reorder_point")
    return {n: lakeview.gold_table(lake, snapshot_id, n).to_pylist() for n in names}


def test_dim_date_names_brazilian_holidays_in_portuguese(gold) -> None:
    days = {r["date"]: r for r in gold["dim_date"]}
    assert min(days) <= date.fromisoformat(START)
    assert max(days) >= date.fromisoformat(END)
    expected = {
        date(2025, 9, 7): "Independência do Brasil",
        date(2025, 10, 12): "Nossa Senhora Aparecida",
        date(2025, 11, 2): "Finados",
        date(2025, 11, 15): "Proclamação da República",
        date(2025, 11, 20): "Dia Nacional de Zumbi e da Consciência Negra",
        date(2025, 12, 25): "Natal",
    }
    holidays = {d: r["holiday_name"] for d, r in days.items() if r["is_holiday"]}
    assert holidays == expected
    christmas = days[date(2025, 12, 25)]
    assert (christmas["day_name_pt"], christmas["month_name_pt"]) == ("quinta-feira", "dezembro")
    assert not christmas["is_business_day"] and not christmas["is_weekend"]
    assert days[date(2025, 12, 27)]["is_weekend"] and not days[date(2025, 12, 27)]["is_holiday"]
    assert days[date(2025, 12, 26)]["is_business_day"]
    assert sum(r["is_business_day"] for r in days.values()) == sum(
        1 for d, r in days.items() if d.isoweekday() < 6 and d not in expected
    )


def expected_status(row: dict) -> str:
    if row["status"] == "no_demand":  # nothing consumed: checked against the ERP files below
        return "no_demand"
    if row["on_hand"] <= 0:
        return "stockout"
    if row["on_hand"] <= row["safety_stock"]:
        return "critical"
    if row["suggested_order_qty"] > 0:  # only ever when IP <= ROP
        return "reorder"
    if (
        row["on_hand"] > row["order_up_to"]
        and row["days_of_cover"] is not None
        and row["days_of_cover"] > row["excess_cover_threshold_days"]
    ):
        return "excess"
    return "ok"


def expected_order(row: dict, ip: float) -> int:
    """An (s, S) policy: S - IP once IP <= ROP, in whole units, then moq and order_multiple."""
    if row["status"] == "no_demand" or ip > row["reorder_point"] or row["order_up_to"] <= ip:
        return 0
    quantity = max(math.ceil(round(row["order_up_to"] - ip, 6)), row["moq"] or 0)
    multiple = row["order_multiple"] or 0
    return math.ceil(quantity / multiple) * multiple if multiple > 0 else quantity


def test_every_reorder_point_follows_from_its_own_input_columns(gold) -> None:
    approx = lambda x: pytest.approx(x, rel=1e-9, abs=1e-9)  # noqa: E731
    nominal = {r["item_id"]: r["nominal_lead_time_days"] for r in gold["dim_item"]}
    statuses = set()
    for row in gold["fct_reorder_point"]:
        key = (row["item_id"], row["warehouse_id"])
        L, sigma_L = row["lead_time_days"], row["lead_time_std_days"]
        d, sigma_d, D_L = row["daily_demand"], row["demand_std"], row["lead_time_demand"]
        assert row["service_level"] == SERVICE_LEVELS[row["criticality"]], key
        assert row["z"] == approx(NormalDist().inv_cdf(row["service_level"])), key
        if row["lead_time_source"] == "nominal":
            assert (L, sigma_L) == (max(1.0, nominal[row["item_id"]]), 0.0), key
        assert d == approx(D_L / L), key
        # the reorder point covers lead time + review period (docs/gold-snapshot.md)
        review_demand = d * REVIEW_DAYS
        normal = row["z"] * math.sqrt((L + REVIEW_DAYS) * sigma_d**2 + d**2 * sigma_L**2)
        assert row["safety_stock_normal"] == approx(normal), key
        assert row["rop_method"] == "normal_fallback", key  # no ML export in this build
        if row["ss_method"] == "normal":
            assert row["safety_stock"] == approx(normal), key
        else:  # the history quantile of lead-time demand asked for more
            empirical = row["empirical_lead_time_demand"] - D_L - review_demand
            assert row["safety_stock"] == approx(empirical), key
            assert row["safety_stock"] > normal
        assert row["reorder_point"] == approx(D_L + review_demand + row["safety_stock"]), key
        ip = row["on_hand"] + row["on_order"]
        assert row["inventory_position"] == approx(ip), key
        assert row["days_of_cover"] == (approx(row["on_hand"] / d) if d > 0 else None), key
        assert row["order_up_to"] == approx(row["reorder_point"] + d * REVIEW_DAYS), key
        assert row["suggested_order_qty"] == expected_order(row, ip), key
        assert row["status"] == expected_status(row), key
        statuses.add(row["status"])
    assert {"stockout", "critical", "ok"} <= statuses  # the sample is varied enough to matter


def landing_history(landing: Path) -> dict:
    """Per item x warehouse: daily demand (zero-filled) on the days the shelf was not empty."""
    con = duckdb.connect()
    read = "read_csv('{}', all_varchar = true, header = true)"
    con.execute(f"CREATE VIEW sites AS SELECT * FROM {read.format(landing / 'sites' / '*.csv')}")
    con.execute(
        f"CREATE VIEW consumption AS SELECT * FROM {read.format(landing / 'consumption' / '*.csv')}"
    )
    con.execute(
        f"CREATE VIEW inventory AS SELECT * FROM {read.format(landing / 'inventory' / '*.csv')}"
    )
    demand = defaultdict(float)
    for item, warehouse, day, quantity in con.execute(
        "SELECT c.item_id, s.warehouse_id, c.txn_date, sum(CAST(c.quantity AS DOUBLE)) "
        "FROM consumption c JOIN sites s USING (site_id) GROUP BY ALL"
    ).fetchall():
        demand[(item, warehouse, day)] = quantity
    history: dict[tuple[str, str], list[float]] = defaultdict(list)
    for item, warehouse, day, on_hand in con.execute(
        "SELECT item_id, warehouse_id, snapshot_date, CAST(on_hand AS DOUBLE) FROM inventory "
        "ORDER BY ALL"
    ).fetchall():
        if on_hand > 0:  # a censored day says nothing about demand
            history[(item, warehouse)].append(demand[(item, warehouse, day)])
    return history


def landing_lead_times(landing: Path) -> dict[str, list[int]]:
    """Order-to-receipt days of received orders, per item, from the item's supplier."""
    con = duckdb.connect()
    items = f"read_csv('{landing / 'items' / '*.csv'}', all_varchar = true, header = true)"
    orders = (
        f"read_csv('{landing / 'purchase_orders' / '*.csv'}', all_varchar = true, header = true)"
    )
    lead_times: dict[str, list[int]] = defaultdict(list)
    for item, days in con.execute(
        f"""
        SELECT o.item_id, CAST(o.received_date AS DATE) - CAST(o.order_date AS DATE)
        FROM {orders} o JOIN {items} i ON i.item_id = o.item_id AND i.supplier_id = o.supplier_id
        WHERE o.received_date IS NOT NULL AND CAST(o.received_date AS DATE) <= DATE '{END}'
        """
    ).fetchall():
        lead_times[item].append(days)
    return lead_times


def test_a_history_based_reorder_point_matches_a_hand_computation_from_the_erp_files(
    gold, built: Built
) -> None:
    history = landing_history(built.workspace.landing)
    lead_times = landing_lead_times(built.workspace.landing)
    checked = 0
    for row in gold["fct_reorder_point"]:
        key = (row["item_id"], row["warehouse_id"])
        observed = history[key]
        if row["status"] == "no_demand":
            assert sum(observed) == 0 and row["suggested_order_qty"] == 0, key
            assert row["projected_stockout_date"] is None, key
            continue
        assert row["demand_source"] == "history", key  # no ML export in this build
        # d: mean demand over the observed (uncensored) days of the history there is
        assert row["history_observed_days"] == len(observed), key
        assert row["daily_demand"] == pytest.approx(sum(observed) / len(observed)), key
        assert row["demand_std"] == pytest.approx(statistics.pstdev(observed)), key
        if row["lead_time_source"] == "history":
            days = lead_times[row["item_id"]]
            assert row["lead_time_observations"] == len(days), key
            assert row["lead_time_days"] == pytest.approx(max(1.0, statistics.mean(days))), key
            assert row["lead_time_std_days"] == pytest.approx(statistics.stdev(days)), key
            assert row["lead_time_demand"] == pytest.approx(
                row["lead_time_days"] * sum(observed) / len(observed)
            ), key
        checked += 1
    assert checked > 50
    assert date.fromisoformat(END) - date.fromisoformat(START) == timedelta(days=119)
