"""python -m pipeline.gold docs [--out docs/gold-snapshot.md]   regenerate the gold contract doc"""

from __future__ import annotations

import argparse
from pathlib import Path

from pipeline.gold.docs import render_markdown


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.gold")
    sub = parser.add_subparsers(dest="command", required=True)
    docs = sub.add_parser("docs", help="write the gold snapshot contract as Markdown")
    docs.add_argument("--out", type=Path, default=None, help="file to write (default: stdout)")
    args = parser.parse_args(argv)
    text = render_markdown()
    if args.out is None:
        print(text, end="")
    else:
        args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
