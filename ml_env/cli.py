"""Command line: ``python -m ml_env train ...`` and ``python -m ml_env verify ...``."""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Sequence

from rich.console import Console
from rich.logging import RichHandler
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn
from rich.table import Table

from ml_env.config import TrainConfig

logger = logging.getLogger("ml_env")

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m ml_env",
        description="Offline per-series demand forecasting; writes exports/ml_results/<version>/.",
    )
    parser.add_argument("--log-level", default="INFO", help="DEBUG, INFO, WARNING (default INFO)")
    sub = parser.add_subparsers(dest="command", required=True)

    train = sub.add_parser("train", help="backtest, select and forecast every series; export")
    train.add_argument(
        "--dataset",
        required=True,
        help="training extract: a folder (exports/training/<dataset_id> or the folder above it, "
        "whose newest dataset is used) or s3://bucket/prefix (S3_* settings from the environment)",
    )
    train.add_argument("--horizon", type=int, default=90, help="daily forecast horizon, days")
    train.add_argument(
        "--distribution-horizon",
        type=int,
        default=728,
        help="days of cumulative demand distribution exported (longest lead time + review)",
    )
    train.add_argument("--out", default="exports/ml_results", help="folder or s3://bucket/prefix")
    train.add_argument("--workers", type=int, default=2, help="parallel processes (1 = inline)")
    train.add_argument("--executor", choices=("local", "dask"), default="local")
    train.add_argument("--scheduler", help="dask scheduler address, e.g. tcp://10.0.0.5:8786")
    train.add_argument("--origins", type=int, default=3, help="rolling-origin backtest windows")
    train.add_argument(
        "--prophet-max-series",
        type=int,
        default=TrainConfig.prophet_max_series,
        help="try Prophet on at most this many eligible series per run (0: never)",
    )
    train.add_argument("--limit", type=int, help="only the first N series (for a quick try)")
    train.add_argument("--no-progress", action="store_true", help="no progress bar")

    verify = sub.add_parser("verify", help="check an export folder's manifest and checksums")
    verify.add_argument("folder")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    console = Console(stderr=True)
    logging.basicConfig(
        level=args.log_level.upper(),
        format="%(message)s",
        handlers=[RichHandler(console=console, show_path=False)],
    )
    if args.command == "verify":
        return _verify(args.folder, console)
    return _train(args, console)


def _verify(folder: str, console: Console) -> int:
    from ml_env.export import ExportError, verify_export

    try:
        manifest = verify_export(folder)
    except ExportError as exc:
        console.print(f"[red]not a valid export[/red]: {exc}")
        return EXIT_BAD_INPUT
    files = ", ".join(f"{k} ({v['rows']} rows)" for k, v in manifest["files"].items())
    console.print(f"[green]valid export[/green] {manifest['model_version']}: {files}")
    return EXIT_OK


def _train(args: argparse.Namespace, console: Console) -> int:
    from ml_env.dataset import DatasetError, load_dataset
    from ml_env.export import build_tables, write_export
    from ml_env.predictive import finalize
    from ml_env.seasonality import with_profiles
    from ml_env.summary import summarize

    if args.executor != "dask" and args.scheduler:
        console.print("[red]--scheduler needs --executor dask[/red]")
        return EXIT_BAD_INPUT
    try:
        cfg = TrainConfig(
            horizon=args.horizon,
            distribution_horizon=args.distribution_horizon,
            n_origins=args.origins,
            prophet_max_series=args.prophet_max_series,
        )
    except ValueError as exc:
        console.print(f"[red]bad parameter[/red]: {exc}")
        return EXIT_BAD_INPUT
    started = time.perf_counter()
    try:
        dataset = load_dataset(args.dataset)
        series = dataset.series()
    except DatasetError as exc:
        console.print(f"[red]cannot use the dataset[/red]: {exc}")
        return EXIT_BAD_INPUT
    if args.limit:
        series = series[: args.limit]
    series = with_profiles(series, dataset.end_date)
    logger.info(
        "dataset %s: %d series, %s to %s",
        dataset.dataset_id,
        len(series),
        dataset.manifest["start_date"],
        dataset.manifest["end_date"],
    )
    results = _forecast_all(series, cfg, args, console)
    dispersion, calibration = finalize(results, cfg.levels)
    tables = build_tables(
        results, dataset.end_date, cfg.horizon, cfg.levels, dispersion, cfg.distribution_horizon
    )
    summary = summarize(tables["backtest.parquet"], tables["error_scale.parquet"], cfg.levels)
    summary["window_calibration"] = calibration
    elapsed = time.perf_counter() - started
    summary |= {"elapsed_seconds": round(elapsed, 1), "executor": args.executor}
    params = cfg.to_params() | {
        "executor": args.executor,
        "workers": args.workers,
        "dispersion": dispersion.as_params(),
    }
    location = write_export(
        tables,
        args.out,
        dataset.dataset_id,
        cfg.horizon,
        params,
        extra={
            "dataset": {
                "location": dataset.location,
                "start_date": dataset.manifest["start_date"],
                "end_date": dataset.manifest["end_date"],
                "source": dataset.manifest.get("source"),
            },
            "summary": summary,
        },
    )
    console.print(summary_table(summary, elapsed, location))
    return EXIT_OK


def _forecast_all(
    series: list, cfg: TrainConfig, args: argparse.Namespace, console: Console
) -> list:
    """Every series through the engine, with a progress bar unless ``--no-progress``."""
    from ml_env.runner import run

    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        disable=args.no_progress,
        transient=False,
    ) as progress:
        task = progress.add_task("forecasting series", total=len(series))
        return run(
            series,
            cfg,
            executor=args.executor,
            workers=args.workers,
            scheduler=args.scheduler,
            progress=lambda n: progress.advance(task, n),
        )


def _fmt(value: float | None, pct: bool = False) -> str:
    if value is None:
        return "-"
    return f"{value:.1%}" if pct else f"{value:.3f}"


def summary_table(summary: dict, elapsed: float, location: str) -> Table:
    table = Table(title=f"ml_env run: {location}", show_header=True)
    table.add_column("what")
    table.add_column("value", justify="right")
    n = summary["n_series"]
    table.add_row("series", f"{n} in {elapsed:.0f} s ({n / max(elapsed, 1e-9):.1f}/s)")
    for cls, count in summary["series_per_class"].items():
        table.add_row(f"  class {cls}", str(count))
    for model, count in sorted(summary["chosen_models"].items(), key=lambda kv: -kv[1]):
        table.add_row(f"  chosen {model}", str(count))
    for how, count in summary["selection"].items():
        table.add_row(f"  selection by {how}", str(count))
    table.add_row(
        "mean RMSSE selected / seasonal naive",
        f"{_fmt(summary['mean_rmsse_selected'])} / {_fmt(summary['mean_rmsse_snaive'])}"
        f" ({summary['n_compared']} series)",
    )
    for key in sorted(k for k in summary if k.startswith(("coverage", "pit_coverage"))):
        label = key.replace("pit_coverage", "PIT coverage ").replace("coverage", "coverage ")
        table.add_row(f"{label}% interval (backtest)", _fmt(summary[key], pct=True))
    for key, value in summary.get("window_calibration", {}).items():
        if key.startswith("window_coverage"):
            level = key.removeprefix("window_coverage")
            table.add_row(f"window totals <= {level}% quantile (backtest)", _fmt(value, pct=True))
    table.add_row(
        "failed candidate fits (recorded, not used)", str(summary["failed_candidate_fits"])
    )
    return table


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
