"""Write a training extract in the layout the pipeline will produce (``exports/training/``).

Used by ``benchmarks/bootstrap_extract.py`` and by the benchmark's synthetic sample; both mark
the extract's ``source`` so it is never mistaken for the pipeline's.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import secrets
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ml_env.dataset import DEMAND_FILE, MANIFEST, SERIES_FILE

logger = logging.getLogger(__name__)

DEMAND_SCHEMA = pa.schema(
    [
        ("item_id", pa.string()),
        ("warehouse_id", pa.string()),
        ("date", pa.date32()),
        ("quantity", pa.float64()),
        ("censored", pa.bool_()),
    ]
)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def write_extract(
    demand: pd.DataFrame,
    out_root: str | Path,
    source: str,
    series: pd.DataFrame | None = None,
    now: datetime | None = None,
) -> Path:
    """Write ``demand`` (+ ``series``) as ``<out_root>/<dataset_id>/``; return that folder.

    Files go to a hidden temporary folder, the manifest last, then one rename publishes it.
    """
    now = now or datetime.now(UTC)
    out_root = Path(out_root)
    out_root.mkdir(parents=True, exist_ok=True)
    tmp = out_root / f".tmp-extract-{secrets.token_hex(6)}"
    tmp.mkdir()
    try:
        demand = demand.sort_values(["item_id", "warehouse_id", "date"], ignore_index=True)
        table = pa.Table.from_pandas(
            demand.assign(date=pd.to_datetime(demand["date"]).dt.date)[list(DEMAND_SCHEMA.names)],
            schema=DEMAND_SCHEMA,
            preserve_index=False,
        )
        pq.write_table(table, tmp / DEMAND_FILE)
        files = {DEMAND_FILE: {"rows": table.num_rows, "sha256": sha256_file(tmp / DEMAND_FILE)}}
        if series is not None:
            pq.write_table(pa.Table.from_pandas(series, preserve_index=False), tmp / SERIES_FILE)
            files[SERIES_FILE] = {"rows": len(series), "sha256": sha256_file(tmp / SERIES_FILE)}
        dataset_id = f"ds_{now:%Y%m%dT%H%M%SZ}_{files[DEMAND_FILE]['sha256'][:8]}"
        manifest = {
            "dataset_id": dataset_id,
            "created_at": now.isoformat().replace("+00:00", "Z"),
            "source": source,
            "start_date": str(table["date"].combine_chunks().to_pandas().min()),
            "end_date": str(table["date"].combine_chunks().to_pandas().max()),
            "n_series": int(demand.groupby(["item_id", "warehouse_id"]).ngroups),
            "files": files,
        }
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        target = out_root / dataset_id
        if target.exists():
            raise FileExistsError(f"{target} already exists")
        os.rename(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    logger.info("wrote training extract %s (%d rows)", target, table.num_rows)
    return target
