"""A gold table that fails its tests fails the run, and the previous snapshot stays current."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.gold import assemble
from pipeline.gold.checks import TableSpec
from pipeline.gold.tables import GOLD_TABLES
from storage import open_storage
from tests.factories import Samples, Workspace, copy_landing
from tests.pipeline.run import lakeview


def test_failed_gold_check_keeps_the_previous_snapshot(
    built_copy: Workspace, samples: Samples, monkeypatch: pytest.MonkeyPatch
) -> None:
    lake = open_storage(str(built_copy.lake))
    before = lakeview.pointer(lake)
    copy_landing(samples.increment, built_copy.landing)
    # A planner-facing rule the new data "breaks": no status may be reorder.
    strict = [
        TableSpec(s.name, s.description, s.key, s.not_null, s.relationships,
                  {**s.accepted, "status": ("ok",)} if s.name == "fct_reorder_point" else s.accepted)
        for s in GOLD_TABLES
    ]  # fmt: skip
    monkeypatch.setattr(assemble, "GOLD_TABLES", strict)

    with pytest.raises(Exception, match=r"gold checks failed: fct_reorder_point\.status"):
        built_copy.run()

    assert lakeview.pointer(lake) == before  # still the previous snapshot, byte for byte
    record = lakeview.run_records(lake)[-1]
    assert record["status"] == "failed" and "fct_reorder_point.status" in record["error"]
    # the failed run's files are no snapshot: the next good run removes them and succeeds
    monkeypatch.setattr(assemble, "GOLD_TABLES", GOLD_TABLES)
    assert built_copy.run().status == "succeeded"
    after = lakeview.pointer(lake)
    assert after["snapshot_id"] != before["snapshot_id"]
    lakeview.assert_current_complete(lake, Path(built_copy.work))
