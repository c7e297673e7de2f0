"""ML exports (docs/ml-export.md): accept a folder only when its manifest and checksums hold.

``exports/ml_results/<model_version>/`` is an export only if ``manifest.json`` parses, names the
same model_version, lists every required file with its row count and sha256, and every file
matches. Anything else is reported with the reason and ignored, never half-read. Accepted
exports are copied into the lake (``bronze/ml_results/<model_version>/``) once, with a ledger
entry, so gold never reads the exchange zone directly.
"""

from __future__ import annotations

import itertools
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline import failpoints
from pipeline.bronze import ledger, local_copy
from pipeline.gold.forecasts import DEMAND_CLASSES
from pipeline.lake import LAKE_ML
from pipeline.silver import done_batches, known_keys
from storage import ObjectNotFound, Storage, sha256_file

log = logging.getLogger(__name__)

ML_RESULTS = "ml_results"
REQUIRED_FILES = ("forecasts.parquet", "backtest.parquet")
MANIFEST_FIELDS = ("model_version", "generated_at", "source", "dataset_id", "files")
FORECAST_COLUMNS = (
    "item_id",
    "warehouse_id",
    "date",
    "yhat",
    "yhat_lo80",
    "yhat_hi80",
    "yhat_lo95",
    "yhat_hi95",
    "model",
    "demand_class",
)
# The columns gold reads from each file; a file without them would fail the run, not the export.
REQUIRED_COLUMNS = {
    "forecasts.parquet": FORECAST_COLUMNS,
    "backtest.parquet": (
        "item_id", "warehouse_id", "model", "horizon_bucket", "selected", "n_points", "rmsse",
        "mase", "mae", "rmse", "wape", "bias", "coverage80", "coverage95",
    ),
    "error_scale.parquet": ("item_id", "warehouse_id", "sigma_1d"),
    "forecast_distribution.parquet": (
        "item_id", "warehouse_id", "horizon_days", "level", "quantity", "mean",
    ),
    "forecast_periods.parquet": (
        "item_id", "warehouse_id", "grain", "period_start", "period_end", "days_in_horizon",
        "mean", "q025", "q100", "q500", "q900", "q975",
    ),
}  # fmt: skip
BOUNDS = ("yhat_lo95", "yhat_lo80", "yhat_hi80", "yhat_hi95")  # must nest in this order
# yhat is a mean: on a day when zero is the likeliest outcome it may lie above the 80% band.
CHECKED = ("yhat", *BOUNDS)


@dataclass
class ExportCheck:
    model_version: str
    folder: str
    valid: bool
    problems: list[str] = field(default_factory=list)
    manifest: dict = field(default_factory=dict)


def _check_file(
    exports: Storage,
    folder: str,
    name: str,
    spec: dict,
    work_dir: Path,
    known: dict[str, set] | None,
) -> list[str]:
    key = f"{folder}/{name}"
    values: list[str] = []
    try:
        with local_copy(exports, key, work_dir) as path:
            digest = sha256_file(path)
            rows = pq.ParquetFile(path).metadata.num_rows if name.endswith(".parquet") else None
            columns = pq.ParquetFile(path).schema_arrow.names if name in REQUIRED_COLUMNS else []
            missing = [c for c in REQUIRED_COLUMNS.get(name, ()) if c not in columns]
            if name == "forecasts.parquet" and not missing and digest == spec.get("sha256"):
                values = _check_forecasts(key, path, known)
    except ObjectNotFound:
        return [f"{key}: listed in the manifest but missing"]
    except Exception as exc:  # an unreadable Parquet file is a broken export, not a crash
        return [f"{key}: unreadable ({exc})"]
    problems = []
    if digest != spec.get("sha256"):
        problems.append(f"{key}: sha256 {digest[:12]}... does not match the manifest")
    if rows is not None and spec.get("rows") is not None and rows != spec["rows"]:
        problems.append(f"{key}: {rows} rows, the manifest says {spec['rows']}")
    if missing:
        problems.append(f"{key}: missing columns {missing}")
    return problems + values


def _check_forecasts(key: str, path: Path, known: dict[str, set] | None) -> list[str]:
    """The forecast values gold relies on (docs/ml-export.md): finite, never negative, nested
    bounds, one row per item x warehouse x day, known classes; with `known`, items and
    warehouses the lake knows."""
    bounds = [f"CAST({b} AS DOUBLE)" for b in CHECKED]
    not_finite = " OR ".join(f"NOT coalesce(isfinite({b}), false)" for b in bounds)
    nested = " AND ".join(f"{lo} <= {hi}" for lo, hi in itertools.pairwise(bounds[1:]))
    classes = ", ".join(f"'{c}'" for c in DEMAND_CLASSES)
    con = duckdb.connect()
    try:
        literal = "'" + str(path).replace("'", "''") + "'"
        con.execute(f"CREATE VIEW f AS SELECT * FROM read_parquet({literal})")
        counts = con.execute(
            f"""
            SELECT
              count(*) FILTER (WHERE {not_finite}),
              count(*) FILTER (WHERE least({", ".join(bounds)}) < 0),
              count(*) FILTER (WHERE NOT ({nested})),
              count(*) FILTER (WHERE demand_class IS NULL OR demand_class NOT IN ({classes})),
              count(*) FILTER (WHERE item_id IS NULL OR warehouse_id IS NULL OR date IS NULL),
              count(*) - (SELECT count(*) FROM (SELECT DISTINCT item_id, warehouse_id, date
                                                FROM f))
            FROM f
            """
        ).fetchall()[0]
        what = (
            f"with yhat NaN, infinite or missing (in {', '.join(CHECKED)})",
            "with a negative value (yhat and its bounds are never negative)",
            "whose bounds do not nest (lo95 <= lo80 <= hi80 <= hi95)",
            f"with demand_class not in {list(DEMAND_CLASSES)}",
            "without item_id, warehouse_id or date",
        )
        *rows, duplicates = counts
        problems = [f"{key}: {n} row(s) {text}" for n, text in zip(rows, what, strict=True) if n]
        if duplicates:
            problems.append(f"{key}: {duplicates} duplicate (item_id, warehouse_id, date) row(s)")
        references = (("item_id", "items"), ("warehouse_id", "warehouses"))
        for column, source in references if known is not None else ():
            con.register("known", pa.table({"id": pa.array(sorted(known[source]), pa.string())}))
            unknown = con.execute(
                f"SELECT DISTINCT id FROM (SELECT CAST({column} AS VARCHAR) AS id FROM f) "
                "ANTI JOIN known USING (id) WHERE id IS NOT NULL ORDER BY id"
            ).fetchall()
            con.unregister("known")
            if unknown:
                shown = [u[0] for u in unknown[:5]]
                more = f" and {len(unknown) - 5} more" if len(unknown) > 5 else ""
                problems.append(f"{key}: {column} not in the lake's {source}: {shown}{more}")
        return problems
    finally:
        con.close()


def known_master_ids(lake: Storage) -> dict[str, set]:
    """Item and warehouse IDs in the lake: in silver, or landed and waiting for validation in
    this run (ML exports are checked before silver validates the new batches)."""
    done = done_batches(lake)
    known: dict[str, set] = {}
    for source, column in (("items", "item_id"), ("warehouses", "warehouse_id")):
        ids = known_keys(lake, source)
        for batch in ledger(lake).values():
            if batch.source == source and batch.batch_id not in done:
                table = lake.read_parquet(batch.bronze_key)
                if column in table.column_names:
                    ids.update(v.strip() for v in table[column].to_pylist() if v)
        known[source] = ids
    return known


def check_export(
    exports: Storage, folder: str, work_dir: Path, known: dict[str, set] | None = None
) -> ExportCheck:
    version = PurePosixPath(folder).name
    check = ExportCheck(model_version=version, folder=folder, valid=False)
    try:
        manifest = json.loads(exports.get_bytes(f"{folder}/manifest.json"))
    except ObjectNotFound:
        check.problems.append(f"{folder}: no manifest.json (incomplete or interrupted export)")
        return check
    except json.JSONDecodeError as exc:
        check.problems.append(f"{folder}/manifest.json: not valid JSON ({exc})")
        return check
    check.manifest = manifest
    missing = [f for f in MANIFEST_FIELDS if f not in manifest]
    if missing:
        check.problems.append(f"{folder}/manifest.json: missing fields {missing}")
        return check
    if manifest["model_version"] != version:
        check.problems.append(
            f"{folder}/manifest.json: model_version {manifest['model_version']!r} "
            f"does not match the folder name"
        )
    files = manifest["files"]
    for name in REQUIRED_FILES:
        if name not in files:
            check.problems.append(f"{folder}/manifest.json: does not list {name}")
    for name, spec in files.items():
        check.problems.extend(_check_file(exports, folder, name, spec, work_dir, known))
    check.valid = not check.problems
    return check


def scan_exports(
    exports: Storage, work_dir: Path, known: dict[str, set] | None = None
) -> list[ExportCheck]:
    """Check every folder under ml_results/, oldest model_version first; with `known` (IDs by
    master-data source), forecasts must name known items and warehouses."""
    folders = sorted(
        info.key.rstrip("/")
        for info in exports.list(f"{ML_RESULTS}/", recursive=False)
        if info.is_dir and not PurePosixPath(info.key.rstrip("/")).name.startswith((".", "_"))
    )
    checks = [check_export(exports, folder, work_dir, known) for folder in folders]
    for check in checks:
        if not check.valid:
            log.warning("ignoring ML export %s: %s", check.folder, "; ".join(check.problems))
    return checks


def ingest_exports(exports: Storage, lake: Storage, work_dir: Path) -> list[ExportCheck]:
    """Copy every valid export not yet in the lake; return the checks of all folders."""
    checks = scan_exports(exports, work_dir, known_master_ids(lake))
    for check in checks:
        if not check.valid:
            continue
        target = f"{LAKE_ML}/{check.model_version}"
        if lake.exists(f"{target}/manifest.json"):
            continue
        for name in check.manifest["files"]:
            with local_copy(exports, f"{check.folder}/{name}", work_dir) as path:
                lake.put_file(f"{target}/{name}", path)
        failpoints.point("exports.files_copied")
        lake.put_atomic(f"{target}/manifest.json", json.dumps(check.manifest, indent=2).encode())
        log.info("ingested ML export %s", check.model_version)
    return checks


def lake_exports(lake: Storage) -> list[dict]:
    """Manifests of the exports held in the lake, oldest first."""
    manifests = []
    for info in lake.list(f"{LAKE_ML}/", recursive=False):
        if info.is_dir:
            key = f"{info.key.rstrip('/')}/manifest.json"
            if lake.exists(key):
                manifests.append(json.loads(lake.get_bytes(key)))
    return sorted(manifests, key=lambda m: m["model_version"])
