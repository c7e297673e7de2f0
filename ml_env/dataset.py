"""Read and check a training extract (``exports/training/<dataset_id>/``), local or on S3.

Layout (written by the pipeline, ``pipeline/training.py``; ``benchmarks/bootstrap_extract.py``
builds one from landing files for benchmarks):
``demand_daily.parquet`` (item_id, warehouse_id, date, quantity, censored), optional
``series.parquet`` and ``manifest.json`` with each file's rows and sha256. The manifest is checked
before anything is used: a folder whose checksums do not match is not a dataset.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ml_env.engine import SeriesInput
from storage import S3Settings, Storage, open_storage

logger = logging.getLogger(__name__)

MANIFEST = "manifest.json"
DEMAND_FILE = "demand_daily.parquet"
SERIES_FILE = "series.parquet"
DEMAND_COLUMNS = ("item_id", "warehouse_id", "date", "quantity", "censored")
MANIFEST_KEYS = ("dataset_id", "created_at", "start_date", "end_date", "files")


class DatasetError(Exception):
    """The training extract is missing, empty or malformed; the message says what to fix."""


@dataclass
class TrainingDataset:
    dataset_id: str
    location: str
    manifest: dict
    demand: pd.DataFrame
    series_attributes: pd.DataFrame | None

    @property
    def end_date(self) -> date:
        return date.fromisoformat(self.manifest["end_date"])

    @property
    def layout(self) -> str:
        """``dense``: every day of every series is a row; ``sparse``: only days with demand or
        censoring are rows, an absent day is zero demand, and ``series.parquet`` gives each
        series' ``first_date`` (the pipeline writes sparse extracts)."""
        return str(self.manifest.get("layout", "dense"))

    def series(self) -> list[SeriesInput]:
        if self.layout == "sparse":
            return to_series_sparse(self.demand, self.series_attributes, self.end_date)
        return to_series(self.demand, self.end_date)


def _open(location: str) -> Storage:

    try:
        if location.startswith("s3://"):
            return open_storage(location, S3Settings())
        return open_storage(location)
    except Exception as exc:
        raise DatasetError(f"cannot open dataset location {location!r}: {exc}") from exc


def resolve_prefix(store: Storage, location: str) -> str:
    """``""`` when ``location`` is a dataset, else the newest dataset folder under it."""
    if store.exists(MANIFEST):
        return ""
    try:
        entries = store.list("", recursive=False)
    except Exception as exc:
        raise DatasetError(f"cannot list {location!r}: {exc}") from exc
    folders = sorted(e.key for e in entries if e.is_dir and not e.key.startswith("."))
    datasets = [f for f in folders if store.exists(f"{f}{MANIFEST}")]
    if not datasets:
        raise DatasetError(
            f"no training extract at {location!r}: expected {MANIFEST} there or in a "
            "<dataset_id>/ folder under it (the pipeline writes one: `python -m pipeline run`)"
        )
    logger.info("using the newest dataset under %s: %s", location, datasets[-1].rstrip("/"))
    return datasets[-1]


def load_dataset(location: str) -> TrainingDataset:
    """Load and verify the extract at ``location`` (a dataset folder or the folder above)."""
    with _open(location) as store:
        prefix = resolve_prefix(store, location)
        where = f"{location.rstrip('/')}/{prefix}".rstrip("/")
        try:
            manifest = json.loads(store.get_bytes(f"{prefix}{MANIFEST}"))
        except Exception as exc:
            raise DatasetError(f"{where}/{MANIFEST} is not readable JSON: {exc}") from exc
        missing = [k for k in MANIFEST_KEYS if k not in manifest]
        if missing:
            raise DatasetError(f"{where}/{MANIFEST} lacks {', '.join(missing)}")
        files = manifest["files"]
        if DEMAND_FILE not in files:
            raise DatasetError(f"{where}/{MANIFEST} does not list {DEMAND_FILE}")
        tables = {}
        for name, meta in files.items():
            key = f"{prefix}{name}"
            if not store.exists(key):
                raise DatasetError(f"{where}: {name} is listed in the manifest but missing")
            data = store.get_bytes(key)
            digest = hashlib.sha256(data).hexdigest()
            if digest != meta.get("sha256"):
                raise DatasetError(f"{where}: {name} does not match its sha256 in the manifest")
            table = pq.read_table(io.BytesIO(data))
            if table.num_rows != meta.get("rows"):
                raise DatasetError(
                    f"{where}: {name} has {table.num_rows} rows, the manifest says "
                    f"{meta.get('rows')}"
                )
            tables[name] = table
    sparse = manifest.get("layout") == "sparse"
    if sparse and SERIES_FILE not in tables:
        raise DatasetError(f"{where}: a sparse extract needs {SERIES_FILE} (first_date per series)")
    demand = check_demand(tables[DEMAND_FILE], where, allow_empty=sparse)
    attributes = tables.get(SERIES_FILE)
    if sparse and attributes is not None and attributes.num_rows == 0:
        raise DatasetError(f"{where}/{SERIES_FILE} has no rows: nothing to train on")
    return TrainingDataset(
        dataset_id=str(manifest["dataset_id"]),
        location=where,
        manifest=manifest,
        demand=demand,
        series_attributes=attributes.to_pandas() if attributes is not None else None,
    )


def check_demand(
    table: pa.Table, where: str = "dataset", *, allow_empty: bool = False
) -> pd.DataFrame:
    """Check the demand table's columns, types and values; return it as a DataFrame."""
    missing = [c for c in DEMAND_COLUMNS if c not in table.column_names]
    if missing:
        raise DatasetError(f"{where}/{DEMAND_FILE} lacks column(s) {', '.join(missing)}")
    if table.num_rows == 0 and not allow_empty:
        raise DatasetError(f"{where}/{DEMAND_FILE} has no rows: nothing to train on")
    for col in ("item_id", "warehouse_id"):
        kind = table.schema.field(col).type
        if not (pa.types.is_string(kind) or pa.types.is_large_string(kind)):
            raise DatasetError(
                f"{where}/{DEMAND_FILE}: {col} must be a string column (IDs keep leading "
                f"zeros), found {kind}"
            )
    frame = table.select(list(DEMAND_COLUMNS)).to_pandas()
    frame["date"] = pd.to_datetime(frame["date"]).dt.normalize()
    quantity = pd.to_numeric(frame["quantity"], errors="coerce")
    if quantity.isna().any() or not np.isfinite(quantity.to_numpy(dtype=float)).all():
        raise DatasetError(f"{where}/{DEMAND_FILE}: quantity has missing or non-numeric values")
    if (quantity < 0).any():
        raise DatasetError(f"{where}/{DEMAND_FILE}: quantity must be >= 0")
    frame["quantity"] = quantity.astype(float)
    if frame["censored"].isna().any():
        raise DatasetError(f"{where}/{DEMAND_FILE}: censored must be true or false on every row")
    frame["censored"] = frame["censored"].astype(bool)
    if frame[["item_id", "warehouse_id"]].isna().any().any():
        raise DatasetError(f"{where}/{DEMAND_FILE}: item_id and warehouse_id must not be empty")
    dupes = frame.duplicated(["item_id", "warehouse_id", "date"])
    if dupes.any():
        first = frame[dupes].iloc[0]
        raise DatasetError(
            f"{where}/{DEMAND_FILE}: {int(dupes.sum())} duplicate item x warehouse x day rows "
            f"(first: {first.item_id}/{first.warehouse_id} on {first.date.date()})"
        )
    return frame


def to_series(demand: pd.DataFrame, end_date: date | None = None) -> list[SeriesInput]:
    """One SeriesInput per item x warehouse, daily from its first day to ``end_date``.

    Censored days become NaN (missing). A day absent from the extract (the contract says none
    is) is missing too, never zero demand, and is logged.
    """
    frame = demand.assign(date=pd.to_datetime(demand["date"]).dt.normalize())
    frame = frame.sort_values(["item_id", "warehouse_id", "date"], ignore_index=True)
    end = pd.Timestamp(end_date) if end_date is not None else frame["date"].max()
    if frame["date"].max() > end:
        raise DatasetError(f"demand rows after the dataset's end_date {end.date()}")
    keys = frame["item_id"].astype(str) + "\x1f" + frame["warehouse_id"].astype(str)
    codes, _ = pd.factorize(keys, sort=False)
    bounds = np.flatnonzero(np.diff(codes)) + 1
    starts = np.concatenate(([0], bounds))
    stops = np.concatenate((bounds, [len(frame)]))
    dates = frame["date"].to_numpy(dtype="datetime64[D]")
    qty = frame["quantity"].to_numpy(dtype=float)
    censored = frame["censored"].to_numpy(dtype=bool)
    values = censored_as_missing(qty, censored)
    items, warehouses = frame["item_id"].to_numpy(), frame["warehouse_id"].to_numpy()
    end_day = np.datetime64(end.date(), "D")
    out, n_gaps = [], 0
    for lo, hi in zip(starts, stops, strict=True):
        first = dates[lo]
        n_days = int((end_day - first).astype(int)) + 1
        y = np.full(n_days, np.nan)
        y[(dates[lo:hi] - first).astype(int)] = values[lo:hi]
        n_gaps += n_days - (hi - lo)
        out.append(
            SeriesInput(
                item_id=str(items[lo]),
                warehouse_id=str(warehouses[lo]),
                start=pd.Timestamp(first),
                y=y,
            )
        )
    if n_gaps:
        logger.warning("%d item x warehouse x day rows absent from the extract: missing", n_gaps)
    return out


def to_series_sparse(
    demand: pd.DataFrame, series: pd.DataFrame | None, end_date: date
) -> list[SeriesInput]:
    """Series from a sparse extract: every series of ``series`` (item_id, warehouse_id,
    first_date), daily from its first_date to ``end_date``; an absent day is zero demand, a
    censored day is missing (NaN)."""
    if series is None or "first_date" not in series.columns:
        raise DatasetError(f"a sparse extract needs {SERIES_FILE} with a first_date column")
    end_day = np.datetime64(end_date, "D")
    rows = demand.assign(date=pd.to_datetime(demand["date"]).dt.normalize())
    rows = rows.sort_values(["item_id", "warehouse_id", "date"], ignore_index=True)
    grouped = {key: group for key, group in rows.groupby(["item_id", "warehouse_id"], sort=False)}
    out = []
    categories = (
        series["category"].astype(str).to_numpy()
        if "category" in series.columns
        else np.full(len(series), "")
    )
    for (item_id, warehouse_id, first_date), category in zip(
        series[["item_id", "warehouse_id", "first_date"]].itertuples(index=False),
        categories,
        strict=True,
    ):
        first = np.datetime64(pd.Timestamp(first_date).date(), "D")
        n_days = int((end_day - first).astype(int)) + 1
        y = np.zeros(max(n_days, 0))
        group = grouped.get((item_id, warehouse_id))
        if group is not None and len(y):
            days = (group["date"].to_numpy(dtype="datetime64[D]") - first).astype(int)
            inside = (days >= 0) & (days < len(y))
            values = censored_as_missing(
                group["quantity"].to_numpy(float), group["censored"].to_numpy(bool)
            )
            y[days[inside]] = values[inside]
        out.append(
            SeriesInput(
                item_id=str(item_id),
                warehouse_id=str(warehouse_id),
                start=pd.Timestamp(first),
                y=y,
                category=str(category),
            )
        )
    return out


def censored_as_missing(quantity: np.ndarray, censored: np.ndarray) -> np.ndarray:
    """A censored day (stock ran out) is missing, except for what it did record: a day that
    consumed the last units and then found the shelf empty keeps its quantity as a lower bound
    (dropping it would drop the high-demand days and bias every estimate low)."""
    return np.where(censored & ~(quantity > 0), np.nan, quantity)
