"""Write the API's OpenAPI schema to frontend/openapi.json, the source of the typed client.

    .venv/bin/python frontend/scripts/dump_openapi.py          # write it
    .venv/bin/python frontend/scripts/dump_openapi.py --check  # exit 1 if stale

After writing it, `npm run generate` (in frontend/) regenerates src/api/schema.d.ts;
tests/frontend/test_openapi.py fails when the committed file differs from the app's schema.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

FRONTEND = Path(__file__).resolve().parents[1]
OPENAPI_FILE = FRONTEND / "openapi.json"


def openapi_text() -> str:
    """The app's schema as stable, diff-friendly JSON (no lake is opened to build it)."""
    from backend.app import create_app
    from backend.settings import ApiSettings

    with tempfile.TemporaryDirectory() as scratch:
        settings = ApiSettings(
            _env_file=None, lake_uri=scratch, cache_dir=scratch, web_dir="off", keys=""
        )
        schema = create_app(settings).openapi()
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when the file is stale")
    args = parser.parse_args(argv)
    text = openapi_text()
    if args.check:
        current = OPENAPI_FILE.read_text(encoding="utf-8") if OPENAPI_FILE.exists() else ""
        if current != text:
            sys.stderr.write(f"{OPENAPI_FILE} is stale: run `make openapi`\n")
            return 1
        return 0
    OPENAPI_FILE.write_text(text, encoding="utf-8")
    sys.stdout.write(f"wrote {OPENAPI_FILE}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
