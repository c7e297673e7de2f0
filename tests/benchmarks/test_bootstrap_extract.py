"""The ml_env benchmark's extract builder (benchmarks/bootstrap_extract.py), read back by ml_env.

It needs ml_env's environment (pandas): `make test` runs this file with .venv-ml.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pd = pytest.importorskip("pandas", reason="runs in .venv-ml (make test runs it there)")

import numpy as np  # noqa: E402
from bootstrap_extract import main  # noqa: E402

from ml_env.dataset import load_dataset, to_series  # noqa: E402


def write(path: Path, text: str, encoding: str = "utf-8") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))


def test_builds_the_training_layout_from_landing_files(tmp_path: Path) -> None:
    landing = tmp_path / "landing"
    write(
        landing / "sites/sites.csv",
        "site_id;name;warehouse_id\nT1;Torre São João;CD-01\nT2;B;CD-01\nT3;C;CD-02\n",
        "latin-1",
    )
    write(
        landing / "consumption/2026-03.csv",
        "txn_id;txn_date;site_id;item_id;quantity\n"
        "X1;02/03/2026;T1;000123;2\n"  # two towers of CD-01 on the same day: summed
        "X2;02/03/2026;T2;000123;1,5\n"
        "X3;2026-03-04;T3;000123;4\n"
        "X3;2026-03-04;T3;000123;4\n",  # a re-sent transaction counts once
    )
    write(
        landing / "inventory/inv.csv",
        "snapshot_date,warehouse_id,item_id,on_hand,on_order\n"
        "2026-03-01,CD-01,000123,5,0\n"
        "2026-03-03,CD-01,000123,0,10\n"  # empty shelf from the 3rd (holds until the next)
        "2026-03-05,CD-01,000123,8,0\n",
    )
    out = tmp_path / "training"
    assert main(["--landing", str(landing), "--out", str(out)]) == 0
    dataset = load_dataset(str(out))
    assert dataset.manifest["source"] == "benchmarks/bootstrap_extract.py"
    assert dataset.dataset_id.startswith("ds_") and dataset.dataset_id.endswith(
        dataset.manifest["files"]["demand_daily.parquet"]["sha256"][:8]
    )
    demand = dataset.demand.set_index(["warehouse_id", "date"])
    cd01 = demand.loc["CD-01"]
    assert list(cd01.index.strftime("%d")) == ["01", "02", "03", "04", "05"]
    assert cd01["quantity"].tolist() == [0.0, 3.5, 0.0, 0.0, 0.0]
    assert cd01["censored"].tolist() == [False, False, True, True, False]
    cd02 = demand.loc["CD-02"]
    assert cd02["quantity"].tolist() == [4.0, 0.0]  # from its first consumption to the end
    assert set(dataset.demand.item_id) == {"000123"}
    series = {s.warehouse_id: s.y for s in to_series(dataset.demand, dataset.end_date)}
    assert np.array_equal(series["CD-01"], [0.0, 3.5, np.nan, np.nan, 0.0], equal_nan=True)
    assert pd.Timestamp(dataset.manifest["end_date"]) == pd.Timestamp("2026-03-05")


def test_missing_landing_folder_fails_clearly(tmp_path: Path, caplog) -> None:
    assert main(["--landing", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out")]) == 2
    assert "no files in" in caplog.text
