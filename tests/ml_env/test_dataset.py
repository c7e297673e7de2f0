from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from ml_env.dataset import DatasetError, check_demand, load_dataset, to_series
from tests.ml_env.factories import demand_frame, small_dataset


def test_censored_days_become_missing_and_ids_keep_leading_zeros() -> None:
    censored = np.array([False, True, True, False])
    frame = demand_frame(
        {("000042", "CD-01"): np.array([3.0, 0, 0, 2])}, {("000042", "CD-01"): censored}
    )
    (series,) = to_series(frame)
    assert series.item_id == "000042"
    assert np.array_equal(series.y, [3.0, np.nan, np.nan, 2.0], equal_nan=True)


def test_series_run_to_the_end_date_and_gaps_are_missing_not_zero() -> None:
    frame = demand_frame({("1", "W"): np.array([1.0, 2, 3, 4])})
    frame = frame.drop(index=2)  # a day absent from the extract
    end = pd.Timestamp(frame.date.max()) + pd.Timedelta(days=2)
    (series,) = to_series(check_demand(pa.Table.from_pandas(frame)), end_date=end.date())
    assert np.array_equal(series.y, [1.0, 2, np.nan, 4, np.nan, np.nan], equal_nan=True)


def test_duplicates_and_negative_quantities_are_rejected() -> None:
    frame = demand_frame({("1", "W"): np.array([1.0, 2])})
    with pytest.raises(DatasetError, match="duplicate"):
        check_demand(pa.Table.from_pandas(pd.concat([frame, frame.iloc[:1]])))
    frame.loc[0, "quantity"] = -1.0
    with pytest.raises(DatasetError, match=">= 0"):
        check_demand(pa.Table.from_pandas(frame))


def test_the_newest_dataset_under_a_folder_is_used(tmp_path: Path) -> None:
    first = small_dataset(tmp_path)
    dataset = load_dataset(str(tmp_path))
    assert dataset.dataset_id == first.name
    assert dataset.demand.groupby(["item_id", "warehouse_id"]).ngroups == 4
    assert load_dataset(str(first)).dataset_id == first.name


def test_reads_a_dataset_from_s3(
    tmp_path: Path, s3_endpoint, s3_bucket: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A real S3 HTTP endpoint (moto server from tests/conftest.py), through storage/."""
    from storage import open_storage

    local = small_dataset(tmp_path)
    with open_storage(f"s3://{s3_bucket}/training", s3_endpoint.settings) as store:
        for path in local.iterdir():
            store.put_file(f"{local.name}/{path.name}", path)
    monkeypatch.setenv("S3_ENDPOINT", s3_endpoint.endpoint)
    monkeypatch.setenv("S3_ACCESS_KEY", s3_endpoint.access_key)
    monkeypatch.setenv("S3_SECRET_KEY", s3_endpoint.secret_key)
    dataset = load_dataset(f"s3://{s3_bucket}/training")
    assert dataset.dataset_id == local.name
    assert len(to_series(dataset.demand, dataset.end_date)) == 4
    expected = load_dataset(str(local)).demand
    pd.testing.assert_frame_equal(dataset.demand, expected)


def test_sparse_extract_absent_days_are_zero_and_censored_days_missing() -> None:
    from ml_env.dataset import to_series_sparse

    start = pd.Timestamp("2026-01-01")
    demand = pd.DataFrame(
        {
            "item_id": ["000001", "000001"],
            "warehouse_id": ["W1", "W1"],
            "date": [start + pd.Timedelta(days=1), start + pd.Timedelta(days=3)],
            "quantity": [2.0, 0.0],
            "censored": [False, True],
        }
    )
    series = pd.DataFrame(
        {
            "item_id": ["000001", "000002"],
            "warehouse_id": ["W1", "W1"],
            "first_date": [start.date(), (start + pd.Timedelta(days=2)).date()],
        }
    )
    end = (start + pd.Timedelta(days=4)).date()
    by_item = {s.item_id: s for s in to_series_sparse(demand, series, end)}
    assert np.array_equal(by_item["000001"].y, [0.0, 2.0, 0.0, np.nan, 0.0], equal_nan=True)
    # a series with no demand row at all is still trained: all zeros from its first day
    assert np.array_equal(by_item["000002"].y, [0.0, 0.0, 0.0])
    assert by_item["000002"].start == start + pd.Timedelta(days=2)
