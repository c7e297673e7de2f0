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

from pipeline.contract.check import check_landing
from pipeline.contract.docs import render_markdown


def _check(landing: Path, as_of: date, show: int) -> int:
    console = Console(width=None if sys.stdout.isatty() else 160)
    if not landing.is_dir():
        console.print(f"[red]{landing} is not a folder[/red]")
        return 2
    checks, unreadable = check_landing(landing, as_of=as_of, show=show)
    table = Table(title=f"Landing check of {landing} (as of {as_of.isoformat()})")
    for header in ("file", "format", "rows in", "valid", "rejected", "duplicates"):
        table.add_column(header, justify="left" if header in ("file", "format") else "right")
    for c in checks:
        dialect = f"{c.encoding or ''} {c.delimiter or ''} decimal {c.decimal}" if c.rows_in else ""
        fmt = f"{c.format} {dialect}".strip()
        table.add_row(
            c.file, fmt, str(c.rows_in), str(c.rows_valid), str(c.rows_rejected),
            str(c.rows_duplicate),
        )  # fmt: skip
    console.print(table)
    for c in checks:
        for note in c.notes:
            console.print(f"[yellow]note[/yellow] {note}")
        for reason in c.sample_rejects:
            console.print(f"[red]reject[/red] {reason}")
        if c.rows_rejected > len(c.sample_rejects):
            more = c.rows_rejected - len(c.sample_rejects)
            console.print(f"[red]... {more} more rejects in {c.file}[/red]")
    for problem in unreadable:
        console.print(f"[red]unreadable[/red] {problem}")
    rejected = sum(c.rows_rejected for c in checks)
    return 1 if rejected or unreadable else 0


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
