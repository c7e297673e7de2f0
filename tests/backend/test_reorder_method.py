"""The reorder point's method reaches the client: every column that says how the reorder point
was reached (rop_method, its reasons, the lead-time mixture, the slider's grid) is in the series
and reorder answers, as gold has it.

The session lake's ML export has no forecast distribution, so its rows are normal_fallback (or
insurance for dormant critical parts) and reorder_point_by_level is null; the distribution rows'
numbers are tested in tests/pipeline and, in the browser's arithmetic, in the frontend's Vitest.
"""

from __future__ import annotations

import math

from backend import schemas
from pipeline.gold.lead_time_quantiles import SLIDER_LEVELS

METHOD_FIELDS = (
    "rop_method", "rop_reason", "status_reason", "lead_time_point_count", "lead_time_min_days",
    "lead_time_max_days", "distribution_horizon_days", "distribution_extrapolated", "lump_size",
    "moq", "order_multiple", "open_orders_expected_by", "lookback_demand_units",
    "long_run_daily_demand", "reorder_point_by_level", "safety_stock_normal",
)  # fmt: skip


def _same(answer: object, gold: object) -> bool:
    if isinstance(answer, float) and isinstance(gold, float):
        return math.isclose(answer, gold, rel_tol=1e-9, abs_tol=1e-9)
    if hasattr(gold, "isoformat"):
        return answer == gold.isoformat()
    return answer == gold


def test_the_slider_levels_are_the_pipelines() -> None:
    assert schemas.REORDER_POINT_LEVELS == SLIDER_LEVELS
    documented = schemas.PlannedSeries.model_fields
    assert set(METHOD_FIELDS) <= set(documented)


def test_the_series_answer_carries_the_method_and_the_slider_levels(client, lake) -> None:
    rows = lake.second.sql(
        "select * from fct_reorder_point order by rop_method, item_id, warehouse_id"
    )
    by_method = {row["rop_method"]: row for row in rows}  # one series of each method present
    assert set(by_method) <= {"distribution", "insurance", "normal_fallback"}
    assert "normal_fallback" in by_method
    for method, gold in by_method.items():
        url = f"/api/v1/series/{gold['item_id']}/{gold['warehouse_id']}"
        reorder = client.get(url).json()["data"]["reorder"]
        for field in METHOD_FIELDS:
            assert _same(reorder[field], gold[field]), (method, field, reorder[field])
        assert reorder["reorder_point_levels"] == list(SLIDER_LEVELS)
        assert reorder["rop_reason"] and reorder["status_reason"]
        if method != "distribution":
            assert reorder["reorder_point_by_level"] is None


def test_the_reorder_list_rows_carry_the_method(client, lake) -> None:
    answer = client.get("/api/v1/reorder", params={"limit": 1000}).json()
    gold = {
        (row["item_id"], row["warehouse_id"]): row
        for row in lake.second.sql("select * from fct_reorder_point")
    }
    assert answer["count"] == len(gold)
    for row in answer["data"]:
        expected = gold[(row["item_id"], row["warehouse_id"])]
        for field in METHOD_FIELDS:
            assert _same(row[field], expected[field]), field
        assert "reorder_point_levels" not in row  # the series answer's, not every row's
    schemas.ReorderPage.model_validate(answer)
