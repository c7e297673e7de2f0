"""A training extract built from landing files with pandas, for the ml_env benchmark.

``.venv-ml/bin/python benchmarks/bootstrap_extract.py --landing landing --out exports/training``

The product's extract is the pipeline's (``python -m pipeline run`` writes
``exports/training/<dataset_id>/``). This builder lets ``bench_ml.py`` train on a sample's landing
files from ml_env's environment alone, without running the pipeline.

Consumption per tower is summed per item x tower's warehouse (landing/sites) and day; a day whose
end-of-day on_hand (landing/inventory, a position holding until the next one) is 0 is censored.
Each series runs daily from its first consumption or stock position to the last day seen in
either, zero-filled. The extract's ``source`` is ``benchmarks/bootstrap_extract.py`` so nobody
mistakes it for the pipeline's. Reads CSV (UTF-8 or Latin-1, ``,`` or ``;``, decimal comma) or
Parquet.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from ml_env.dataset import DatasetError
from ml_env.extract import write_extract

logger = logging.getLogger(__name__)

SOURCE = "benchmarks/bootstrap_extract.py"


def read_source(landing: Path, name: str, columns: Sequence[str]) -> pd.DataFrame:
    """Every file of ``landing/<name>/`` as text columns (IDs keep their leading zeros)."""
    folder = landing / name
    files = sorted(
        p
        for p in folder.glob("**/*")
        if p.is_file() and p.suffix.lower() in (".csv", ".txt", ".parquet")
    )
    if not files:
        raise DatasetError(f"no files in {folder}")
    frames = []
    for path in files:
        if path.suffix.lower() == ".parquet":
            frame = pd.read_parquet(path).astype(str)
        else:
            raw = path.read_bytes()
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = raw.decode("latin-1")
            header = text.split("\n", 1)[0]
            delimiter = ";" if header.count(";") > header.count(",") else ","
            from io import StringIO

            frame = pd.read_csv(StringIO(text), sep=delimiter, dtype=str, keep_default_na=False)
        frame.columns = [c.strip().lower() for c in frame.columns]
        missing = [c for c in columns if c not in frame.columns]
        if missing:
            raise DatasetError(f"{path} lacks column(s) {', '.join(missing)}")
        frames.append(frame[list(columns)])
    return pd.concat(frames, ignore_index=True)


def parse_number(values: pd.Series) -> pd.Series:
    text = values.astype(str).str.strip()
    comma = text.str.contains(",", regex=False)
    text = text.where(~comma, text.str.replace(".", "", regex=False).str.replace(",", "."))
    return pd.to_numeric(text, errors="coerce")


def parse_date(values: pd.Series) -> pd.Series:
    text = values.astype(str).str.strip().str[:10]
    iso = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    br = pd.to_datetime(text, format="%d/%m/%Y", errors="coerce")
    return iso.fillna(br)


def build_demand(landing: Path) -> pd.DataFrame:
    sites = read_source(landing, "sites", ["site_id", "warehouse_id"]).drop_duplicates("site_id")
    consumption = read_source(
        landing, "consumption", ["txn_id", "txn_date", "site_id", "item_id", "quantity"]
    )
    consumption = consumption.drop_duplicates("txn_id")
    consumption["date"] = parse_date(consumption["txn_date"])
    consumption["quantity"] = parse_number(consumption["quantity"])
    bad = consumption["date"].isna() | ~(consumption["quantity"] > 0)
    if bad.any():
        logger.warning("skipping %d consumption rows with a bad date or quantity", int(bad.sum()))
    consumption = consumption[~bad].merge(sites, on="site_id", how="inner")
    daily = consumption.groupby(["item_id", "warehouse_id", "date"], as_index=False)[
        "quantity"
    ].sum()

    inventory = read_source(
        landing, "inventory", ["snapshot_date", "warehouse_id", "item_id", "on_hand"]
    )
    inventory["date"] = parse_date(inventory["snapshot_date"])
    inventory["on_hand"] = parse_number(inventory["on_hand"])
    inventory = inventory.dropna(subset=["date", "on_hand"])
    inventory = inventory.drop_duplicates(["item_id", "warehouse_id", "date"], keep="last")

    end = max(daily["date"].max(), inventory["date"].max())
    firsts = (
        pd.concat(
            [
                daily[["item_id", "warehouse_id", "date"]],
                inventory[["item_id", "warehouse_id", "date"]],
            ]
        )
        .groupby(["item_id", "warehouse_id"])["date"]
        .min()
    )
    firsts = firsts[firsts.index.isin(daily.set_index(["item_id", "warehouse_id"]).index.unique())]
    frames = []
    for (item, warehouse), first in firsts.items():
        dates = pd.date_range(first, end, freq="D")
        frames.append(pd.DataFrame({"item_id": item, "warehouse_id": warehouse, "date": dates}))
    grid = pd.concat(frames, ignore_index=True)
    grid = grid.merge(daily, on=["item_id", "warehouse_id", "date"], how="left")
    grid["quantity"] = grid["quantity"].fillna(0.0)
    # end-of-day stock: the last position on or before each day (unknown before the first)
    grid = grid.sort_values("date")
    stock = inventory[["item_id", "warehouse_id", "date", "on_hand"]].sort_values("date")
    grid = pd.merge_asof(grid, stock, on="date", by=["item_id", "warehouse_id"])
    grid["censored"] = np.asarray(grid["on_hand"] == 0, dtype=bool)
    return grid.drop(columns="on_hand").sort_values(["item_id", "warehouse_id", "date"])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="benchmarks/bootstrap_extract.py",
        description="Build exports/training/<dataset_id>/ from landing/ files (benchmark only).",
    )
    parser.add_argument("--landing", default="landing")
    parser.add_argument("--out", default="exports/training")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    try:
        demand = build_demand(Path(args.landing))
    except DatasetError as exc:
        logger.error("cannot build the extract: %s", exc)
        return 2
    target = write_extract(demand, args.out, SOURCE)
    logger.info(
        "benchmark training extract: %s (%d series)",
        target,
        demand.groupby(["item_id", "warehouse_id"]).ngroups,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
