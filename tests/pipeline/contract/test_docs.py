"""The integrator documentation is the contract the code enforces, word for word."""

from pathlib import Path

from pipeline.contract.docs import render_markdown
from pipeline.contract.schema import SOURCES

DOC = Path(__file__).resolve().parents[3] / "docs" / "data-contract.md"


def test_docs_match_the_code() -> None:
    assert DOC.read_text(encoding="utf-8") == render_markdown(), (
        "docs/data-contract.md is stale: run `make docs` (python -m pipeline.contract docs "
        "--out docs/data-contract.md) and commit the result"
    )


def test_docs_name_every_column_of_every_source() -> None:
    text = DOC.read_text(encoding="utf-8")
    for source in SOURCES.values():
        assert f"## `{source.name}`" in text
        for column in source.columns:
            assert f"| `{column.name}` |" in text
