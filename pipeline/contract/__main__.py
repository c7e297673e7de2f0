"""Contract tools for integrators.

python -m pipeline.contract docs [--out docs/data-contract.md]   regenerate the contract doc
python -m pipeline.contract check landing [--as-of YYYY-MM-DD]   validate ERP files, report rejects
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from rich.console import Console
from rich.table import Table

from pipeline.contract.docs import render_markdown
from pipeline.contract.validate import validate_landing


def _check(landing: Path, as_of: date, show: int) -> int:
    console = Console()
    if not landing.is_dir():
        console.print(f"[red]{landing} is not a folder[/red]")
        return 2
    report = validate_landing(landing, as_of=as_of)
    table = Table(title=f"Landing check of {landing} (as of {as_of.isoformat()})")
    for header in ("file", "format", "rows in", "valid", "rejected", "duplicates"):
        table.add_column(header, justify="left" if header in ("file", "format") else "right")
    for r in report.results:
        fmt = f"{r.encoding or 'parquet'} {r.delimiter or ''} dec{r.decimal}".strip()
        table.add_row(
            r.file,
            fmt,
            str(r.rows_in),
            str(r.valid.num_rows),
            str(r.rejected.num_rows),
            str(r.duplicates.num_rows),
        )
    console.print(table)
    for r in report.results:
        for note in r.notes:
            console.print(f"[yellow]note[/yellow] {note}")
        for reason in r.rejected.column("reject_reason").to_pylist()[:show]:
            console.print(f"[red]reject[/red] {reason}")
        if r.rejected.num_rows > show:
            console.print(f"[red]... {r.rejected.num_rows - show} more rejects in {r.file}[/red]")
    for problem in report.unreadable:
        console.print(f"[red]unreadable[/red] {problem}")
    rejected = sum(r.rejected.num_rows for r in report.results)
    return 1 if rejected or report.unreadable else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline.contract",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True)
    docs = sub.add_parser("docs", help="write the contract as Markdown")
    docs.add_argument("--out", type=Path, default=None, help="file to write (default: stdout)")
    check = sub.add_parser("check", help="validate a landing folder and list the rejects")
    check.add_argument("landing", type=Path)
    check.add_argument("--as-of", type=date.fromisoformat, default=date.today())
    check.add_argument("--show", type=int, default=20, help="rejects shown per file")
    args = parser.parse_args(argv)
    if args.command == "docs":
        text = render_markdown()
        if args.out:
            args.out.write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
        return 0
    return _check(args.landing, args.as_of, args.show)


if __name__ == "__main__":
    sys.exit(main())
