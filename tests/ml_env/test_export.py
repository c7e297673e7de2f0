from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from ml_env import export
from ml_env.cli import main
from ml_env.export import ExportError, verify_export
from tests.ml_env.factories import small_dataset

FORECAST_COLUMNS = [
    "item_id", "warehouse_id", "date", "yhat", "yhat_lo80", "yhat_hi80", "yhat_lo95",
    "yhat_hi95", "model", "demand_class",
]  # fmt: skip


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """One small end-to-end run through the CLI (inline, no progress bar)."""
    root = tmp_path_factory.mktemp("ml")
    dataset = small_dataset(root / "training")
    out = root / "ml_results"
    code = main(
        ["train", "--dataset", str(root / "training"), "--horizon", "14", "--out", str(out),
         "--workers", "1", "--no-progress"]
    )  # fmt: skip
    assert code == 0
    (folder,) = [p for p in out.iterdir()]
    return dataset, folder


def test_export_layout_and_manifest(trained: tuple[Path, Path]) -> None:
    dataset, folder = trained
    assert folder.name.startswith("mv_")
    assert sorted(p.name for p in folder.iterdir()) == [
        "backtest.parquet", "error_scale.parquet", "forecast_distribution.parquet",
        "forecast_periods.parquet", "forecasts.parquet", "manifest.json",
    ]  # fmt: skip
    manifest = verify_export(folder)
    assert manifest["model_version"] == folder.name
    assert manifest["source"] == "ml_env"
    assert manifest["dataset_id"] == dataset.name
    assert manifest["horizon_days"] == 14
    assert manifest["generated_at"].endswith("Z")
    assert manifest["code_version"]
    assert manifest["params"]["n_origins"] == 3
    for name, meta in manifest["files"].items():
        assert pq.read_metadata(folder / name).num_rows == meta["rows"]
        assert len(meta["sha256"]) == 64


def test_forecasts_cover_every_series_and_day(trained: tuple[Path, Path]) -> None:
    _, folder = trained
    forecasts = pq.read_table(folder / "forecasts.parquet")
    assert forecasts.column_names == FORECAST_COLUMNS
    assert forecasts.schema.field("item_id").type == pa.string()
    assert forecasts.schema.field("date").type == pa.date32()
    frame = forecasts.to_pandas()
    assert frame.groupby(["item_id", "warehouse_id"]).size().to_dict() == {
        ("000123", "CD-01"): 14, ("000123", "CD-02"): 14, ("004512", "CD-01"): 14,
        ("009999", "CD-01"): 14,
    }  # fmt: skip
    assert (frame[FORECAST_COLUMNS[3:8]] >= 0).all().all()
    assert set(frame.demand_class) <= {
        "smooth",
        "erratic",
        "intermittent",
        "lumpy",
        "short_history",
        "no_recent_demand",
    }
    assert frame.loc[frame.item_id == "009999", "demand_class"].iloc[0] == "short_history"
    scale = pq.read_table(folder / "error_scale.parquet").to_pandas()
    assert len(scale) == 4 and (scale["sigma_1d"] >= 0).all()
    for name in ("backtest.parquet", "error_scale.parquet"):
        assert pq.read_schema(folder / name).field("item_id").type == pa.string()
    backtest = pq.read_table(folder / "backtest.parquet").to_pandas()
    assert backtest.groupby(["item_id", "warehouse_id"])["selected"].any().all()


def test_a_corrupted_export_is_detected(trained: tuple[Path, Path], tmp_path: Path) -> None:
    _, folder = trained
    copy = tmp_path / folder.name
    copy.mkdir()
    for path in folder.iterdir():
        (copy / path.name).write_bytes(path.read_bytes())
    data = bytearray((copy / "forecasts.parquet").read_bytes())
    data[len(data) // 2] ^= 0xFF
    (copy / "forecasts.parquet").write_bytes(bytes(data))
    with pytest.raises(ExportError, match=r"forecasts\.parquet does not match its sha256"):
        verify_export(copy)
    assert main(["verify", str(copy)]) == 2
    assert main(["verify", str(folder)]) == 0


def test_missing_manifest_or_file_is_not_an_export(
    trained: tuple[Path, Path], tmp_path: Path
) -> None:
    _, folder = trained
    copy = tmp_path / folder.name
    copy.mkdir()
    for path in folder.iterdir():
        if path.name != "manifest.json":
            (copy / path.name).write_bytes(path.read_bytes())
    with pytest.raises(ExportError, match=r"no manifest\.json"):
        verify_export(copy)
    manifest = json.loads((folder / "manifest.json").read_text())
    (copy / "manifest.json").write_text(json.dumps(manifest))
    (copy / "backtest.parquet").unlink()
    with pytest.raises(
        ExportError, match=r"backtest\.parquet is listed in the manifest but missing"
    ):
        verify_export(copy)


def test_an_interrupted_run_leaves_no_export(
    trained: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dataset, _ = trained
    calls = {"n": 0}
    real_write = pq.write_table

    def dies_on_second_file(table: pa.Table, where: object, **kw: object) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt  # killed while writing
        real_write(table, where, **kw)

    monkeypatch.setattr(export.pq, "write_table", dies_on_second_file)
    out = tmp_path / "ml_results"
    with pytest.raises(KeyboardInterrupt):
        main(
            [
                "train",
                "--dataset",
                str(dataset),
                "--horizon",
                "7",
                "--out",
                str(out),
                "--workers",
                "1",
                "--no-progress",
            ]
        )
    assert list(out.iterdir()) == []


def test_model_versions_sort_by_time_and_are_unique() -> None:
    from datetime import UTC, datetime

    early = export.new_model_version(datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC))
    late = export.new_model_version(datetime(2026, 1, 2, 3, 4, 6, tzinfo=UTC))
    assert early.startswith("mv_20260102T030405Z_") and early < late
    assert len({export.new_model_version() for _ in range(50)}) == 50


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("missing", "no training extract"),
        ("empty", "has no rows"),
        ("int_ids", "item_id must be a string column"),
        ("bad_sha", "does not match its sha256"),
    ],
)
def test_a_bad_dataset_fails_with_a_clear_message(
    setup: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from ml_env.extract import write_extract
    from tests.ml_env.factories import demand_frame

    root = tmp_path / "training"
    root.mkdir()
    if setup == "empty":
        write_extract(demand_frame({("1", "W"): [1.0]}).iloc[:0], root, "tests")
    elif setup in ("int_ids", "bad_sha"):
        folder = write_extract(demand_frame({("000001", "W"): [1.0, 2.0]}), root, "tests")
        table = pq.read_table(folder / "demand_daily.parquet")
        if setup == "int_ids":
            table = table.set_column(0, "item_id", pa.array([1, 1]))
        else:  # an edited quantity: the file no longer matches the manifest
            table = table.set_column(3, "quantity", pa.array([1.0, 5.0]))
        pq.write_table(table, folder / "demand_daily.parquet")
        if setup == "int_ids":  # a consistent manifest, so the type check is what fails
            manifest = json.loads((folder / "manifest.json").read_text())
            manifest["files"]["demand_daily.parquet"]["sha256"] = export.sha256_file(
                folder / "demand_daily.parquet"
            )
            (folder / "manifest.json").write_text(json.dumps(manifest))
    code = main(
        [
            "train",
            "--dataset",
            str(root),
            "--out",
            str(tmp_path / "out"),
            "--workers",
            "1",
            "--no-progress",
        ]
    )
    assert code == 2
    assert message in " ".join(capsys.readouterr().err.split())
    assert not (tmp_path / "out").exists()


def test_export_to_s3_puts_the_manifest_last_and_verifies(
    trained: tuple[Path, Path],
    tmp_path: Path,
    s3_endpoint,
    s3_bucket: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A real S3 HTTP endpoint (moto server from tests/conftest.py), through storage/."""
    from storage import open_storage

    dataset, _ = trained
    monkeypatch.setenv("S3_ENDPOINT", s3_endpoint.endpoint)
    monkeypatch.setenv("S3_ACCESS_KEY", s3_endpoint.access_key)
    monkeypatch.setenv("S3_SECRET_KEY", s3_endpoint.secret_key)
    uploads: list[str] = []
    real_put = type(open_storage(f"s3://{s3_bucket}", s3_endpoint.settings)).put_file

    def recording_put(self, key: str, local_path: object) -> None:
        uploads.append(key.rsplit("/", 1)[-1])
        real_put(self, key, local_path)

    monkeypatch.setattr(
        type(open_storage(f"s3://{s3_bucket}", s3_endpoint.settings)), "put_file", recording_put
    )
    out = f"s3://{s3_bucket}/ml_results"
    assert (
        main(
            [
                "train",
                "--dataset",
                str(dataset),
                "--horizon",
                "7",
                "--out",
                out,
                "--workers",
                "1",
                "--no-progress",
            ]
        )
        == 0
    )
    assert uploads[-1] == "manifest.json" and len(uploads) == 6
    with open_storage(out, s3_endpoint.settings) as store:
        (version,) = {info.key.split("/")[0] for info in store.list("")}
        local = tmp_path / version
        for info in store.list(version):
            store.get_file(info.key, tmp_path / info.key)
    assert verify_export(local)["horizon_days"] == 7
