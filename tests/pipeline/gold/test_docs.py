"""The gold snapshot contract in docs/ is what the table declarations say, word for word."""

from pathlib import Path

from pipeline.gold.docs import render_markdown
from pipeline.gold.tables import GOLD_TABLES

DOC = Path(__file__).resolve().parents[3] / "docs" / "gold-snapshot.md"


def test_docs_match_the_code() -> None:
    assert DOC.read_text(encoding="utf-8") == render_markdown(), (
        "docs/gold-snapshot.md is stale: run `make docs` (python -m pipeline.gold docs "
        "--out docs/gold-snapshot.md) and commit the result"
    )


def test_docs_name_every_table_and_its_key() -> None:
    text = DOC.read_text(encoding="utf-8")
    for spec in GOLD_TABLES:
        assert f"### `{spec.name}`" in text
        assert f"- key: `{', '.join(spec.key)}`" in text
