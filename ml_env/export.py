"""The ML export (docs/ml-export.md): ``<out>/<model_version>/`` with a manifest written last.

Local output is written into a hidden temporary folder and renamed into place in one step, so an
interrupted run leaves nothing that looks like an export. S3 output uploads the data files first
and ``manifest.json`` last: without a manifest whose checksums match, a folder is not an export.
See docs/ml-export.md for every column.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import shutil
import subprocess
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ml_env import __version__
from ml_env.distribution import Dispersion
from ml_env.engine import SeriesResult
from ml_env.extract import sha256_file
from ml_env.predictive import distribution_table, periods_table

logger = logging.getLogger(__name__)

SOURCE = "ml_env"
MANIFEST = "manifest.json"
FORECASTS, BACKTEST, ERROR_SCALE = "forecasts.parquet", "backtest.parquet", "error_scale.parquet"
DISTRIBUTION, PERIODS = "forecast_distribution.parquet", "forecast_periods.parquet"
EXPORT_FILES = (FORECASTS, BACKTEST, ERROR_SCALE, DISTRIBUTION, PERIODS)
MANIFEST_KEYS = (
    "model_version",
    "generated_at",
    "source",
    "dataset_id",
    "code_version",
    "horizon_days",
    "params",
    "files",
)


class ExportError(Exception):
    """A folder is not a valid export (missing or bad manifest, checksum mismatch...)."""


def new_model_version(now: datetime | None = None) -> str:
    """``mv_<UTC time>_<8 hex>``: sorts by generation time (to the second), unique by the suffix."""
    now = now or datetime.now(UTC)
    return f"mv_{now:%Y%m%dT%H%M%SZ}_{secrets.token_hex(4)}"


def code_version() -> str:
    """``git describe`` of the checkout ml_env runs from, else the package version."""
    here = Path(__file__).resolve().parent
    try:
        out = subprocess.run(
            ["git", "describe", "--always", "--dirty", "--tags"],
            cwd=here,
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        )
        described = out.stdout.strip()
        if described:
            return f"git:{described}"
    except (OSError, subprocess.SubprocessError):
        pass
    return f"ml_env {__version__}"


def forecast_table(
    results: Sequence[SeriesResult], end_date: date, horizon: int, levels: Sequence[int]
) -> pa.Table:
    n = len(results)
    dates = pd.date_range(pd.Timestamp(end_date) + pd.Timedelta(days=1), periods=horizon)
    columns: dict[str, object] = {
        "item_id": np.repeat([r.item_id for r in results], horizon),
        "warehouse_id": np.repeat([r.warehouse_id for r in results], horizon),
        "date": np.tile(dates.date, n),
        "yhat": np.concatenate([r.forecast["yhat"] for r in results]),
    }
    for level in levels:
        for side in ("lo", "hi"):
            name = f"yhat_{side}{level}"
            columns[name] = np.concatenate([r.forecast[name] for r in results])
    columns["model"] = np.repeat([r.model for r in results], horizon)
    columns["demand_class"] = np.repeat([r.demand_class for r in results], horizon)
    schema = [
        ("item_id", pa.string()),
        ("warehouse_id", pa.string()),
        ("date", pa.date32()),
        ("yhat", pa.float64()),
        *[(f"yhat_{s}{lv}", pa.float64()) for lv in levels for s in ("lo", "hi")],
        ("model", pa.string()),
        ("demand_class", pa.string()),
    ]
    return pa.table({k: pa.array(columns[k], type=t) for k, t in schema})


def _keyed_table(
    results: Sequence[SeriesResult], rows_of: Callable[[SeriesResult], list[dict]]
) -> pa.Table:
    records = []
    for r in results:
        for row in rows_of(r):
            records.append({"item_id": r.item_id, "warehouse_id": r.warehouse_id, **row})
    frame = pd.DataFrame.from_records(records)
    for col in ("item_id", "warehouse_id"):
        frame[col] = frame[col].astype(str)
    table = pa.Table.from_pandas(frame, preserve_index=False)
    schema = pa.schema(  # plain (not large) strings, like forecasts.parquet
        [f.with_type(pa.string()) if pa.types.is_large_string(f.type) else f for f in table.schema]
    )
    return table.cast(schema).replace_schema_metadata(None)


def backtest_table(results: Sequence[SeriesResult]) -> pa.Table:
    return _keyed_table(results, lambda r: r.backtest_rows)


def error_scale_table(results: Sequence[SeriesResult]) -> pa.Table:
    return _keyed_table(results, lambda r: [r.scale])


def build_tables(
    results: Sequence[SeriesResult],
    end_date: date,
    horizon: int,
    levels: Sequence[int],
    dispersion: Dispersion | None = None,
    distribution_horizon: int | None = None,
) -> dict[str, pa.Table]:
    """The export's tables; the distribution files need ``finalize``'s ``dispersion``."""
    tables = {
        FORECASTS: forecast_table(results, end_date, horizon, levels),
        BACKTEST: backtest_table(results),
        ERROR_SCALE: error_scale_table(results),
    }
    if dispersion is not None:
        max_days = max(distribution_horizon or horizon, horizon)
        tables[DISTRIBUTION] = distribution_table(results, dispersion, max_days)
        tables[PERIODS] = periods_table(results, dispersion, end_date, horizon)
    return tables


def write_export(
    tables: dict[str, pa.Table],
    out: str,
    dataset_id: str,
    horizon: int,
    params: dict,
    extra: dict | None = None,
    model_version: str | None = None,
) -> str:
    """Write the export under ``out`` (a folder or ``s3://bucket/prefix``); return its location."""
    model_version = model_version or new_model_version()
    base: dict[str, object] = {
        "model_version": model_version,
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "source": SOURCE,
        "dataset_id": dataset_id,
        "code_version": code_version(),
        "horizon_days": horizon,
        "params": params,
    }
    if out.startswith("s3://"):
        return _write_s3(tables, out, base, extra or {})
    root = Path(out)
    root.mkdir(parents=True, exist_ok=True)
    target = root / model_version
    if target.exists():
        raise ExportError(f"{target} already exists")
    tmp = root / f".tmp-{model_version}-{os.getpid()}"
    try:
        _write_folder(tmp, tables, base, extra or {})
        os.rename(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    logger.info("export written: %s", target)
    return str(target)


def _write_folder(folder: Path, tables: dict[str, pa.Table], base: dict, extra: dict) -> dict:
    folder.mkdir(parents=True)
    files = {}
    for name, table in tables.items():
        pq.write_table(table, folder / name)
        files[name] = {"rows": table.num_rows, "sha256": sha256_file(folder / name)}
    manifest = base | extra | {"files": files}
    with open(folder / MANIFEST, "w", encoding="utf-8") as handle:  # last: the export is whole
        json.dump(manifest, handle, indent=2, default=str)
        handle.write("\n")
        handle.flush()
        os.fsync(handle.fileno())
    return manifest


def _write_s3(tables: dict[str, pa.Table], out: str, base: dict, extra: dict) -> str:
    import tempfile

    from storage import S3Settings, open_storage

    version = str(base["model_version"])
    with tempfile.TemporaryDirectory() as scratch:
        local = Path(scratch) / version
        _write_folder(local, tables, base, extra)
        verify_export(local)
        with open_storage(out, S3Settings()) as store:
            if store.exists(f"{version}/{MANIFEST}"):
                raise ExportError(f"{out}/{version} already exists")
            for name in tables:
                store.put_file(f"{version}/{name}", local / name)
            store.put_file(f"{version}/{MANIFEST}", local / MANIFEST)  # last
    location = f"{out.rstrip('/')}/{version}"
    logger.info("export written: %s", location)
    return location


def verify_export(folder: str | Path) -> dict:
    """Check a local export folder; return its manifest or raise ExportError saying why not."""
    folder = Path(folder)
    path = folder / MANIFEST
    if not path.is_file():
        raise ExportError(f"{folder}: no {MANIFEST}; not an export (interrupted run?)")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ExportError(f"{path}: not readable JSON: {exc}") from exc
    missing = [k for k in MANIFEST_KEYS if k not in manifest]
    if missing:
        raise ExportError(f"{path}: lacks {', '.join(missing)}")
    if manifest["model_version"] != folder.name:
        raise ExportError(
            f"{path}: model_version {manifest['model_version']!r} is not the folder's name"
        )
    for name in EXPORT_FILES:
        if name not in manifest["files"]:
            raise ExportError(f"{path}: does not list {name}")
    for name, meta in manifest["files"].items():
        file = folder / name
        if not file.is_file():
            raise ExportError(f"{folder}: {name} is listed in the manifest but missing")
        if sha256_file(file) != meta.get("sha256"):
            raise ExportError(f"{folder}: {name} does not match its sha256 (corrupted?)")
        rows = pq.read_metadata(file).num_rows
        if rows != meta.get("rows"):
            raise ExportError(f"{folder}: {name} has {rows} rows, the manifest says {meta['rows']}")
    return manifest
