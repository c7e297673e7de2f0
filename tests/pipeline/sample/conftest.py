"""Fixtures: sample landing folders generated once per test session into temporary folders.

Helpers are fixtures (``make_sample``, ``sample_db``, ``only_file``) rather than imports, so the
tests work under any pytest import mode."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import duckdb
import pytest

from pipeline.sample import SampleConfig, SampleResult, Scale, generate

# Two full years at S, fixed dates so that the tests do not depend on the day they run.
START = date(2023, 1, 1)
END = date(2024, 12, 31)


def _make_sample(out: Path, **overrides: object) -> SampleResult:
    settings: dict[str, object] = {
        "out": out, "scale": Scale.S, "seed": 7, "start": START, "end": END,
    }  # fmt: skip
    settings.update(overrides)
    return generate(SampleConfig(**settings))  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def clean_sample(tmp_path_factory: pytest.TempPathFactory) -> SampleResult:
    return _make_sample(tmp_path_factory.mktemp("clean") / "landing")


@pytest.fixture(scope="session")
def dirty_sample(tmp_path_factory: pytest.TempPathFactory) -> SampleResult:
    return _make_sample(tmp_path_factory.mktemp("dirty") / "landing", dirty=True)


def _only_file(folder: Path, pattern: str) -> Path:
    found = sorted(folder.glob(pattern))
    assert len(found) == 1, f"expected one {pattern} in {folder}, found {found}"
    return found[0]


def _sample_db(out: Path) -> duckdb.DuckDBPyConnection:
    """DuckDB views over a clean sample's files, every column read as text first."""
    con = duckdb.connect()
    csv = "read_csv({path}, all_varchar=true, header=true, delim={delim}, quote='\"')"
    files = {
        "items": (_only_file(out / "items", "items.csv"), ";"),
        "warehouses": (_only_file(out / "warehouses", "warehouses.csv"), ","),
        "sites": (_only_file(out / "sites", "sites.csv"), ","),
        "suppliers": (_only_file(out / "suppliers", "suppliers.csv"), ","),
    }
    for name, (path, delim) in files.items():
        con.execute(
            f"create view {name} as select * from "
            + csv.format(path=f"'{path}'", delim=f"'{delim}'")
        )
    for name in ("consumption", "inventory", "purchase_orders"):
        path = _only_file(out / name, f"{name}_2*")
        reader = (
            f"read_parquet('{path}')"
            if path.suffix == ".parquet"
            else csv.format(path=f"'{path}'", delim="','")
        )
        con.execute(f"create view raw_{name} as select * from {reader}")
    con.execute(
        """
        create view consumption as
        select txn_id, cast(txn_date as date) as txn_date, site_id, item_id,
               cast(quantity as double) as quantity, work_order_id
        from raw_consumption;
        create view inventory as
        select cast(snapshot_date as date) as snapshot_date, warehouse_id, item_id,
               cast(on_hand as double) as on_hand, cast(on_order as double) as on_order
        from raw_inventory;
        create view purchase_orders as
        select po_id, item_id, warehouse_id, supplier_id,
               cast(order_date as date) as order_date, cast(expected_date as date) as expected_date,
               cast(received_date as date) as received_date, cast(quantity as double) as quantity
        from raw_purchase_orders;
        create view demand as  -- recorded consumption per item x warehouse x day
        select c.item_id, s.warehouse_id, c.txn_date as day, sum(c.quantity) as quantity,
               count(*) as n_transactions
        from consumption c join sites s using (site_id)
        group by all;
        """
    )
    return con


MakeSample = Callable[..., SampleResult]


@pytest.fixture(scope="session")
def make_sample() -> MakeSample:
    """``make_sample(out, **config overrides)``: S, seed 7, 2023-01-01..2024-12-31 by default."""
    return _make_sample


@pytest.fixture(scope="session")
def sample_db() -> Callable[[Path], duckdb.DuckDBPyConnection]:
    return _sample_db


@pytest.fixture(scope="session")
def only_file() -> Callable[[Path, str], Path]:
    return _only_file
