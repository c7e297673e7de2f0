"""ML exports (DESIGN.md section 4): accept a folder only when its manifest and checksums hold.

``exports/ml_results/<model_version>/`` is an export only if ``manifest.json`` parses, names the
same model_version, lists every required file with its row count and sha256, and every file
matches. Anything else is reported with the reason and ignored, never half-read. Accepted
exports are copied into the lake (``bronze/ml_results/<model_version>/``) once, with a ledger
entry, so gold never reads the exchange zone directly.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import pyarrow.parquet as pq

from pipeline.bronze import local_copy
from storage import ObjectNotFound, Storage, sha256_file

log = logging.getLogger(__name__)

ML_RESULTS = "ml_results"
LAKE_ML = "bronze/ml_results"
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


@dataclass
class ExportCheck:
    model_version: str
    folder: str
    valid: bool
    problems: list[str] = field(default_factory=list)
    manifest: dict = field(default_factory=dict)


def _check_file(exports: Storage, folder: str, name: str, spec: dict, work_dir: Path) -> list[str]:
    key = f"{folder}/{name}"
    try:
        with local_copy(exports, key, work_dir) as path:
            digest = sha256_file(path)
            rows = pq.ParquetFile(path).metadata.num_rows if name.endswith(".parquet") else None
            columns = pq.ParquetFile(path).schema_arrow.names if name == "forecasts.parquet" else []
    except ObjectNotFound:
        return [f"{key}: listed in the manifest but missing"]
    except Exception as exc:  # an unreadable Parquet file is a broken export, not a crash
        return [f"{key}: unreadable ({exc})"]
    problems = []
    if digest != spec.get("sha256"):
        problems.append(f"{key}: sha256 {digest[:12]}... does not match the manifest")
    if rows is not None and spec.get("rows") is not None and rows != spec["rows"]:
        problems.append(f"{key}: {rows} rows, the manifest says {spec['rows']}")
    missing = [c for c in FORECAST_COLUMNS if columns and c not in columns]
    if missing:
        problems.append(f"{key}: missing columns {missing}")
    return problems


def check_export(exports: Storage, folder: str, work_dir: Path) -> ExportCheck:
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
        check.problems.extend(_check_file(exports, folder, name, spec, work_dir))
    check.valid = not check.problems
    return check


def scan_exports(exports: Storage, work_dir: Path) -> list[ExportCheck]:
    """Check every folder under ml_results/, oldest model_version first."""
    folders = sorted(
        info.key.rstrip("/")
        for info in exports.list(f"{ML_RESULTS}/", recursive=False)
        if info.is_dir and not PurePosixPath(info.key.rstrip("/")).name.startswith((".", "_"))
    )
    checks = [check_export(exports, folder, work_dir) for folder in folders]
    for check in checks:
        if not check.valid:
            log.warning("ignoring ML export %s: %s", check.folder, "; ".join(check.problems))
    return checks


def ingest_exports(exports: Storage, lake: Storage, work_dir: Path) -> list[ExportCheck]:
    """Copy every valid export not yet in the lake; return the checks of all folders."""
    checks = scan_exports(exports, work_dir)
    for check in checks:
        if not check.valid:
            continue
        target = f"{LAKE_ML}/{check.model_version}"
        if lake.exists(f"{target}/manifest.json"):
            continue
        for name in check.manifest["files"]:
            with local_copy(exports, f"{check.folder}/{name}", work_dir) as path:
                lake.put_file(f"{target}/{name}", path)
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
