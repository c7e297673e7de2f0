"""ML exports (docs/ml-export.md): a valid one drives forecasts and reorder points; a broken one
is reported with its reason and never read.

The exports are written here as ml_env would (forecasts, backtest, error scale, then
manifest.json last), so this test does not need ml_env.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from storage import open_storage
from tests.factories import EXPORT_HORIZON as HORIZON
from tests.factories import Workspace, daily_rate, sigma, write_export
from tests.factories import export_manifest as manifest_for
from tests.pipeline.run import lakeview

VALID = "mv_20260105T030000Z_0a0a0a0a"
# Broken exports are newer than the valid one: were they read, they would become current.
BAD_CHECKSUM = "mv_20260106T030000Z_1b1b1b1b"
NO_MANIFEST = "mv_20260107T030000Z_2c2c2c2c"
BAD_JSON = "mv_20260108T030000Z_3d3d3d3d"


@pytest.fixture
def exports_case(built_copy: Workspace) -> tuple[Workspace, list[tuple[str, str]]]:
    """The clean build plus one valid export for half of the series and three broken ones."""
    lake = open_storage(str(built_copy.lake))
    snapshot_id = lakeview.pointer(lake)["snapshot_id"]
    reorder = lakeview.gold_table(lake, snapshot_id, "fct_reorder_point")
    series = sorted(
        zip(reorder["item_id"].to_pylist(), reorder["warehouse_id"].to_pylist(), strict=True)
    )
    with_forecast = series[::2]
    write_export(built_copy.exports, VALID, with_forecast)
    # a file changed after its manifest was written: sha256 no longer matches
    folder = write_export(built_copy.exports, BAD_CHECKSUM, with_forecast)
    doubled = pq.read_table(folder / "forecasts.parquet")
    doubled = doubled.set_column(3, "yhat", pa.compute.multiply(doubled["yhat"], 2.0))
    pq.write_table(doubled, folder / "forecasts.parquet")
    # an export still being written: no manifest yet
    write_export(built_copy.exports, NO_MANIFEST, with_forecast, manifest=False)
    # a truncated manifest
    folder = write_export(built_copy.exports, BAD_JSON, with_forecast, manifest=False)
    (folder / "manifest.json").write_bytes(manifest_for(folder, BAD_JSON)[:-20])
    return built_copy, with_forecast


def test_a_valid_export_drives_forecasts_and_reorder_points_and_broken_ones_are_ignored(
    exports_case,
) -> None:
    workspace, with_forecast = exports_case
    lake = open_storage(str(workspace.lake))

    record = workspace.run()

    assert record.status == "succeeded"
    # The run record and the data quality report say which folders were ignored, and why.
    counts = next(s for s in record.steps if s.name == "ml_exports").counts
    assert counts["valid"] == 1
    ignored = {line.split(":", 1)[0]: line for line in counts["ignored"]}
    reasons = {
        BAD_CHECKSUM: "forecasts.parquet: sha256",
        NO_MANIFEST: "no manifest.json",
        BAD_JSON: "not valid JSON",
    }
    assert set(ignored) == {f"ml_results/{v}" for v in reasons}
    for version, reason in reasons.items():
        assert reason in ignored[f"ml_results/{version}"]
    current = lakeview.pointer(lake)
    quality = {
        r["check_name"]: r
        for r in lakeview.gold_table(lake, current["snapshot_id"], "data_quality").to_pylist()
    }
    assert quality["ml_exports_ignored"]["status"] == "warn"
    assert quality["ml_exports_ignored"]["value"] == 3
    for version, reason in reasons.items():
        assert version in quality["ml_exports_ignored"]["message"]
        assert reason in quality["ml_exports_ignored"]["message"]
    # Broken exports never reach the lake; the valid one is the current model.
    assert lakeview.snapshot_folders(lake)  # (sanity)
    in_lake = [i.key for i in lake.list("bronze/ml_results/", recursive=False)]
    assert in_lake == [f"bronze/ml_results/{VALID}/"]
    assert current["model_version"] == VALID
    manifest = lakeview.assert_current_complete(lake, workspace.work)
    assert manifest["lineage"]["model_version"] == VALID
    # fct_forecast holds exactly the valid export's rows.
    forecast = lakeview.gold_table(lake, current["snapshot_id"], "fct_forecast")
    assert forecast.num_rows == len(with_forecast) * HORIZON
    assert set(forecast["model_version"].to_pylist()) == {VALID}
    rate = {s: daily_rate(i) for i, s in enumerate(with_forecast)}
    for row in forecast.to_pylist():
        assert row["yhat"] == pytest.approx(rate[(row["item_id"], row["warehouse_id"])])
    accuracy = lakeview.gold_table(lake, current["snapshot_id"], "fct_forecast_accuracy")
    backtest = [r for r in accuracy.to_pylist() if r["source"] == "backtest"]
    assert sorted((r["item_id"], r["warehouse_id"]) for r in backtest) == with_forecast
    assert {(r["model"], r["rmsse"], r["rmsse_snaive"]) for r in backtest} == {("tsb", 0.8, 1.1)}
    # Reorder points: forecast demand and forecast error where there is a forecast.
    reorder = lakeview.gold_table(lake, current["snapshot_id"], "fct_reorder_point").to_pylist()
    scale = {s: sigma(i) for i, s in enumerate(with_forecast)}
    assert len(reorder) == 2 * len(with_forecast)
    for row in reorder:
        key = (row["item_id"], row["warehouse_id"])
        if key in rate:
            assert (row["demand_source"], row["demand_std_source"]) == (
                "forecast",
                "forecast_error",
            )
            assert (row["model"], row["demand_class"]) == ("tsb", "intermittent")
            # a flat forecast of r units/day: D_L = r * L, also past the 28 forecast days
            assert row["lead_time_demand"] == pytest.approx(rate[key] * row["lead_time_days"])
            assert row["daily_demand"] == pytest.approx(rate[key])
            assert row["demand_std"] == pytest.approx(scale[key])
        else:
            assert (row["demand_source"], row["demand_std_source"]) == ("history", "history")
            assert row["model"] is None


def test_an_export_completed_later_becomes_current_and_the_earlier_is_kept(exports_case) -> None:
    workspace, with_forecast = exports_case
    lake = open_storage(str(workspace.lake))
    workspace.run()
    # The writer finishes the export that had no manifest yet.
    folder = workspace.exports / "ml_results" / NO_MANIFEST
    (folder / "manifest.json").write_bytes(manifest_for(folder, NO_MANIFEST))

    record = workspace.run()

    counts = next(s for s in record.steps if s.name == "ml_exports").counts
    assert counts["valid"] == 2 and len(counts["ignored"]) == 2
    current = lakeview.pointer(lake)
    assert current["model_version"] == NO_MANIFEST
    forecast = lakeview.gold_table(lake, current["snapshot_id"], "fct_forecast").to_pylist()
    versions = {(r["model_version"], r["is_current"]) for r in forecast}
    assert versions == {(VALID, False), (NO_MANIFEST, True)}
    assert len(forecast) == 2 * len(with_forecast) * HORIZON
    # every kept version is described in the snapshot manifest, not only the current one
    described = lakeview.manifest(lake, current["snapshot_id"])["lineage"]["model_exports"]
    assert [(e["model_version"], e["source"], e["horizon_days"]) for e in described] == [
        (VALID, "ml_env", HORIZON),
        (NO_MANIFEST, "ml_env", HORIZON),
    ]
    assert all(e["generated_at"] and e["dataset_id"] for e in described)
