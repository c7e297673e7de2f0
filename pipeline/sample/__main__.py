"""Command line: ``python -m pipeline.sample --out landing --scale S --seed 7``."""

from __future__ import annotations

import argparse
import logging
import sys
from datetime import date
from pathlib import Path

from rich.console import Console
from rich.logging import RichHandler
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from pipeline.sample.catalog import Scale
from pipeline.sample.generate import FormatChoice, SampleConfig, generate, other_files

EXIT_BAD_ARGUMENTS = 2


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in YYYY-MM-DD form: {text!r}") from None


def _scale(text: str) -> Scale:
    try:
        return Scale(text.upper())
    except ValueError:
        raise argparse.ArgumentTypeError(f"scale must be S or L, got {text!r}") from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline.sample",
        description=(
            "Write a realistic, deterministic sample of the ERP exports (suppliers, warehouses, "
            "items, sites, consumption, inventory, purchase_orders) into OUT/<source>/."
        ),
    )
    parser.add_argument("--out", type=Path, default=Path("landing"), help="landing folder")
    parser.add_argument("--scale", type=_scale, default=Scale.S, help="S (demo) or L (5,000 "
                        "items x 10 warehouses x 3 years)")  # fmt: skip
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--end", type=_day, help="last day of data (default: yesterday)")
    parser.add_argument(
        "--start", type=_day, help="first day of data (default: end minus 2 years at S, 3 at L)"
    )
    parser.add_argument(
        "--increment-from",
        type=_day,
        metavar="DATE",
        help="write only what happened after DATE (a daily drop); master data unchanged",
    )
    parser.add_argument(
        "--format",
        dest="file_format",
        choices=FormatChoice.ALL,
        default=FormatChoice.AUTO,
        help="file format of every source (auto: CSV, with Parquet for consumption and "
        "inventory at L)",
    )
    parser.add_argument(
        "--dirty", action="store_true", help="add realistic defects, listed in OUT/_defects.json"
    )
    parser.add_argument(
        "--clean", action="store_true", help="first delete files of earlier samples in OUT"
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    console = Console(stderr=True)
    logging.basicConfig(
        level=logging.INFO, format="%(message)s", handlers=[RichHandler(console=console)]
    )
    try:
        config = SampleConfig(
            out=args.out,
            scale=args.scale,
            seed=args.seed,
            start=args.start,
            end=args.end,
            dirty=args.dirty,
            file_format=args.file_format,
            increment_from=args.increment_from,
            clean=args.clean,
        ).resolved()
    except ValueError as error:
        console.print(f"[red]error:[/red] {error}")
        return EXIT_BAD_ARGUMENTS

    with Progress(
        TextColumn("simulating days"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(), console=console, disable=args.quiet, transient=True,
    ) as progress:  # fmt: skip
        task = progress.add_task("days", total=None)
        result = generate(config, lambda done, total: progress.update(task, completed=done,
                                                                      total=total))  # fmt: skip

    table = Table(title=f"sample ERP written to {config.out}")
    for column in ("file", "rows", "bytes", "dates"):
        table.add_column(column, justify="right" if column in ("rows", "bytes") else "left")
    for f in result.files:
        span = f"{f.first_date}..{f.last_date}" if f.first_date else ""
        table.add_row(f.path, f"{f.rows:,}", f"{f.bytes:,}", span)
    # A wide table even when stdout is a pipe or a file, so paths are never cut.
    out = Console(width=None if sys.stdout.isatty() else 120)
    out.print(table)
    out.print(
        f"scale {config.scale}, seed {config.seed}, data {config.first_written}..{config.end}"
        + (f", {len(result.defects)} defects in {config.out / '_defects.json'}" if config.dirty
           else "")
    )  # fmt: skip
    leftovers = other_files(config.out, result.files)
    if leftovers and config.increment_from is None:
        logging.getLogger(__name__).warning(
            "%d other files are in the source folders (earlier runs?), e.g. %s; "
            "use --clean to start afresh",
            len(leftovers), leftovers[0],
        )  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
