"""Bad ML exports: each a folder under exports/ml_results/ with exactly one defect.

An export is written as ml_env writes it (forecasts, backtest, error scale, then manifest.json
last, with every file's rows and sha256), then broken in one way. Every broken export is newer
than the valid one (``VALID``): had the pipeline read it, it would have become the current model.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from tests.corpus.baseline import ITEMS, WAREHOUSES
from tests.corpus.expect import Ignored

VALID = "mv_20261015T030000Z_00000000"
HORIZON = 14
FIRST_FORECAST_DAY = date(2026, 10, 15)

Tables = dict[str, list[dict]]


def valid_tables() -> Tables:
    forecasts, backtest, scale = [], [], []
    for i, (item, warehouse) in enumerate((i, w) for i in ITEMS for w in WAREHOUSES):
        rate = 0.5 + 0.25 * i
        for day in range(HORIZON):
            forecasts.append(
                {
                    "item_id": item, "warehouse_id": warehouse,
                    "date": FIRST_FORECAST_DAY + timedelta(days=day), "yhat": rate,
                    "yhat_lo80": 0.5 * rate, "yhat_hi80": 1.5 * rate, "yhat_lo95": 0.0,
                    "yhat_hi95": 2.0 * rate, "model": "tsb", "demand_class": "intermittent",
                }
            )  # fmt: skip
        for model, selected in (("tsb", True), ("snaive", False)):
            backtest.append(
                {
                    "item_id": item, "warehouse_id": warehouse, "model": model,
                    "horizon_bucket": "all", "rmsse": 0.8 if selected else 1.1, "mase": 0.9,
                    "mae": 0.4, "rmse": 0.6, "wape": 0.7, "bias": 0.01, "coverage80": 0.8,
                    "coverage95": 0.95, "n_points": 84, "selected": selected,
                }
            )  # fmt: skip
        scale.append({"item_id": item, "warehouse_id": warehouse, "model": "tsb", "sigma_1d": 0.6})
    return {"forecasts": forecasts, "backtest": backtest, "error_scale": scale}


def manifest(folder: Path, version: str) -> dict:
    files = {
        path.name: {
            "rows": pq.ParquetFile(path).metadata.num_rows,
            "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        }
        for path in sorted(folder.glob("*.parquet"))
    }
    return {
        "model_version": version,
        "generated_at": "2026-10-15T03:00:00Z",
        "source": "ml_env",
        "dataset_id": "ds_20261015T020000Z_00000000",
        "code_version": "tests",
        "horizon_days": HORIZON,
        "params": {},
        "files": files,
    }


def write_export(
    exports: Path,
    version: str,
    *,
    tables: Callable[[Tables], None] = lambda t: None,
    manifest_edit: Callable[[dict], None] | None = lambda m: None,
    after: Callable[[Path], None] = lambda folder: None,
) -> Path:
    """Write an export; `tables` edits the rows, `manifest_edit` the manifest (None: no
    manifest), `after` breaks the folder once the manifest is written."""
    folder = exports / "ml_results" / version
    folder.mkdir(parents=True)
    rows = valid_tables()
    tables(rows)
    for name, records in rows.items():
        pq.write_table(pa.Table.from_pylist(records), folder / f"{name}.parquet")
    if manifest_edit is not None:
        record = manifest(folder, version)
        manifest_edit(record)
        (folder / "manifest.json").write_text(json.dumps(record, indent=2))
    after(folder)
    return folder


@dataclass(frozen=True)
class MLCase:
    id: str
    defect: str
    expect: Ignored
    tables: Callable[[Tables], None] = lambda t: None
    manifest_edit: Callable[[dict], None] | None = lambda m: None
    after: Callable[[Path], None] = lambda folder: None
    source: str = "ml_exports"
    run: int = 2

    @property
    def version(self) -> str:
        return f"mv_20261016T03{int(self.id[1:]):02d}00Z_{self.id.lower():0>8}"

    @property
    def file(self) -> str:
        return f"ml_results/{self.version}"

    def write(self, exports: Path) -> Path:
        return write_export(
            exports, self.version, tables=self.tables, manifest_edit=self.manifest_edit,
            after=self.after,
        )  # fmt: skip


def _first(table: str, **changes: object) -> Callable[[Tables], None]:
    def edit(rows: Tables) -> None:
        rows[table][0].update(changes)

    return edit


def _drop_column(table: str, column: str) -> Callable[[Tables], None]:
    def edit(rows: Tables) -> None:
        for row in rows[table]:
            del row[column]

    return edit


def _duplicate_first_forecast(rows: Tables) -> None:
    rows["forecasts"].append(dict(rows["forecasts"][0]))


def _rewrite_after_manifest(folder: Path) -> None:
    table = pq.read_table(folder / "forecasts.parquet")
    doubled = pa.compute.multiply(table["yhat"], 2.0)
    pq.write_table(table.set_column(table.schema.get_field_index("yhat"), "yhat", doubled),
                   folder / "forecasts.parquet")  # fmt: skip


def _truncate_then_manifest(folder: Path) -> None:
    path = folder / "forecasts.parquet"
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    record = json.loads((folder / "manifest.json").read_text())
    record["files"]["forecasts.parquet"]["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
    (folder / "manifest.json").write_text(json.dumps(record))


def _cut_manifest(folder: Path) -> None:
    path = folder / "manifest.json"
    path.write_bytes(path.read_bytes()[:-25])


def _set(**changes: object) -> Callable[[dict], None]:
    return lambda record: record.update(changes)


def _rows_off_by_one(record: dict) -> None:
    record["files"]["forecasts.parquet"]["rows"] += 1


def _unlist_backtest(record: dict) -> None:
    del record["files"]["backtest.parquet"]


def _without(key: str) -> Callable[[dict], None]:
    return lambda record: record.pop(key)


def _remove_backtest_file(folder: Path) -> None:
    (folder / "backtest.parquet").unlink()


# fmt: off
ML_CASES: tuple[MLCase, ...] = (
    MLCase("M01", "no manifest.json (export still being written)",
           Ignored("no manifest.json"), manifest_edit=None),
    MLCase("M02", "forecasts.parquet changed after the manifest: wrong sha256",
           Ignored("forecasts.parquet: sha256"), after=_rewrite_after_manifest),
    MLCase("M03", "manifest row count of forecasts.parquet off by one",
           Ignored("the manifest says"), manifest_edit=_rows_off_by_one),
    MLCase("M04", "manifest.json cut short: not valid JSON",
           Ignored("not valid JSON"), after=_cut_manifest),
    MLCase("M05", "manifest names another model_version than its folder",
           Ignored("does not match the folder name"),
           manifest_edit=_set(model_version="mv_20990101T000000Z_ffffffff")),
    MLCase("M06", "manifest without dataset_id",
           Ignored("missing fields ['dataset_id']"), manifest_edit=_without("dataset_id")),
    MLCase("M07", "backtest.parquet neither listed nor present",
           Ignored("does not list backtest.parquet"), manifest_edit=_unlist_backtest,
           after=_remove_backtest_file),
    MLCase("M08", "forecasts.parquet truncated (manifest written for the truncated bytes)",
           Ignored("forecasts.parquet: unreadable"), after=_truncate_then_manifest),
    MLCase("M09", "forecasts.parquet without the yhat_hi95 column",
           Ignored("missing columns ['yhat_hi95']"),
           tables=_drop_column("forecasts", "yhat_hi95")),
    MLCase("M10", "backtest.parquet without the rmsse column",
           Ignored("backtest.parquet: missing columns ['rmsse']"),
           tables=_drop_column("backtest", "rmsse")),
    MLCase("M11", "forecast yhat is NaN",
           Ignored("forecasts.parquet: 1 row(s) with yhat NaN"),
           tables=_first("forecasts", yhat=math.nan)),
    MLCase("M12", "negative forecast yhat",
           Ignored("forecasts.parquet: 1 row(s) with a negative"),
           tables=_first("forecasts", yhat=-1.0, yhat_lo80=-1.5, yhat_lo95=-2.0)),
    MLCase("M13", "inverted 80% interval (lo80 > hi80)",
           Ignored("forecasts.parquet: 1 row(s) whose bounds do not nest"),
           tables=_first("forecasts", yhat_lo80=2.0, yhat_hi80=0.1)),
    MLCase("M14", "95% interval inside the 80% one (lo95 > lo80)",
           Ignored("forecasts.parquet: 1 row(s) whose bounds do not nest"),
           tables=_first("forecasts", yhat_lo95=0.4, yhat_lo80=0.1)),
    MLCase("M15", "forecast for an item unknown to the lake",
           Ignored("forecasts.parquet: item_id not in the lake's items: ['ZZ-404']"),
           tables=_first("forecasts", item_id="ZZ-404")),
    MLCase("M16", "forecast for a warehouse unknown to the lake",
           Ignored("forecasts.parquet: warehouse_id not in the lake's warehouses: ['CD-ZZ99']"),
           tables=_first("forecasts", warehouse_id="CD-ZZ99")),
    MLCase("M17", "the same item x warehouse x day forecast twice",
           Ignored("forecasts.parquet: 1 duplicate (item_id, warehouse_id, date)"),
           tables=_duplicate_first_forecast),
    MLCase("M18", "demand_class outside the documented classes",
           Ignored("forecasts.parquet: 1 row(s) with demand_class not in"),
           tables=_first("forecasts", demand_class="sporadic")),
)
# fmt: on
