"""The bad-input corpus run through the real pipeline (issue 7, part 2).

The baseline landing and every first-run case go through one pipeline run; the cases that are
later deliveries, and the broken ML exports, through a second. Each case is then checked on its
own (``test_case[<id>]``), and the accounting of both runs as a whole.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import duckdb
import pytest

from pipeline.contract.schema import SOURCES
from pipeline.silver import current_sql
from storage import LocalStorage
from tests.corpus.baseline import BASELINE_FILE, baseline_rows, write_baseline
from tests.corpus.cases import RAW_CASES, Case
from tests.corpus.expect import Rows
from tests.corpus.ml_cases import ML_CASES, VALID, MLCase, write_export
from tests.corpus.readme import README, render
from tests.pipeline.run import lakeview
from tests.pipeline.run.conftest import Workspace, scrubbed_env

pytestmark = pytest.mark.slow

ALL_CASES: tuple[Case | MLCase, ...] = (*RAW_CASES, *ML_CASES)


def _drop(case: Case, landing: Path) -> None:
    folder = landing / case.source
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in case.files.items():
        (folder / name).write_bytes(content)


@dataclass(eq=False)
class CorpusLake:
    """The lake after both runs, read as an operator would (implements expect.Lake)."""

    workspace: Workspace
    storage: LocalStorage = field(init=False)
    records: list[dict] = field(init=False)  # the run records, oldest first

    def __post_init__(self) -> None:
        self.storage = LocalStorage(self.workspace.lake)
        self.records = lakeview.run_records(self.storage)
        self.con = duckdb.connect()

    def _parquet_rows(self, pattern: str) -> list[dict]:
        if not list(self.workspace.lake.glob(pattern)):
            return []
        path = str(self.workspace.lake / pattern)
        return (
            self.con.sql(f"SELECT * FROM read_parquet('{path}', union_by_name = true)")
            .to_arrow_table()
            .to_pylist()
        )

    @cache  # noqa: B019 - one lake per test module
    def _accounts(self) -> dict[str, dict]:
        accounts = lakeview.batch_accounts(self.storage).values()
        return {a["source_file"]: a for a in accounts}

    def account(self, file: str) -> dict:
        accounts = self._accounts()
        assert file in accounts, f"{file}: no batch account (not ingested or not validated)"
        return accounts[file]

    @cache  # noqa: B019
    def _by_file(self, layer: str) -> dict[str, list[dict]]:
        grouped: dict[str, list[dict]] = {}
        for row in self._parquet_rows(f"{layer}/*/*.parquet"):
            grouped.setdefault(row["source_file"], []).append(row)
        return grouped

    def quarantined(self, file: str) -> list[dict]:
        return self._by_file("quarantine").get(file, [])

    def silver(self, file: str) -> list[dict]:
        return self._by_file("silver").get(file, [])

    def current(self, source: str) -> list[dict]:
        files = sorted((self.workspace.lake / "silver" / source).glob("*.parquet"))
        return self.con.sql(current_sql(source, files)).to_arrow_table().to_pylist()

    def gold(self, table: str) -> list[dict]:
        snapshot_id = lakeview.pointer(self.storage)["snapshot_id"]
        return lakeview.gold_table(self.storage, snapshot_id, table).to_pylist()

    def unreadable(self) -> list[str]:
        messages = []
        for record in self.records:
            bronze = next(s for s in record["steps"] if s["name"] == "bronze")
            messages += bronze["counts"].get("unreadable", [])
        return messages

    def in_ledger(self, file: str) -> bool:
        return any(e["source_file"] == file for e in lakeview.ledger_entries(self.storage))

    def ml_ignored(self) -> dict[str, str]:
        step = next(s for s in self.records[-1]["steps"] if s["name"] == "ml_exports")
        return {line.split(": ", 1)[0]: line for line in step["counts"]["ignored"]}

    def ml_in_lake(self) -> list[str]:
        listing = self.storage.list("bronze/ml_results/", recursive=False)
        return [i.key.rstrip("/").rsplit("/", 1)[-1] for i in listing]

    def current_model_version(self) -> str | None:
        return lakeview.pointer(self.storage)["model_version"]

    def valid_model_version(self) -> str:
        return VALID


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CorpusLake]:
    workspace = Workspace(tmp_path_factory.mktemp("corpus") / "ws")
    write_baseline(workspace.landing)
    for case in RAW_CASES:
        if case.run == 1:
            _drop(case, workspace.landing)
    write_export(workspace.exports, VALID)
    with scrubbed_env(workspace.root):
        _run(workspace)
        # ml_env's retention removes the exchange folder of an export the lake already holds
        shutil.rmtree(workspace.exports / "ml_results" / VALID)
        for case in ALL_CASES:
            if case.run == 2:
                if isinstance(case, MLCase):
                    case.write(workspace.exports)
                else:
                    _drop(case, workspace.landing)
        _run(workspace)
    yield CorpusLake(workspace)


def _run(workspace: Workspace) -> None:
    """One pipeline run; a failed run is left for the checks to report (its record says why),
    so one crash does not hide what every case did."""
    with contextlib.suppress(Exception):  # test_both_runs_succeed... reports it
        workspace.run()


@pytest.mark.parametrize("case", ALL_CASES, ids=lambda c: c.id)
def test_case(corpus: CorpusLake, case: Case | MLCase) -> None:
    for expectation in case.expect if isinstance(case, Case) else (case.expect,):
        expectation.check(case.file, corpus)


def test_both_runs_succeed_and_the_snapshot_is_complete(corpus: CorpusLake) -> None:
    assert [r["status"] for r in corpus.records] == ["succeeded", "succeeded"], [
        r["error"] for r in corpus.records
    ]
    lakeview.assert_current_complete(corpus.storage, corpus.workspace.work)


def test_an_ingested_export_stays_in_the_lake(corpus: CorpusLake) -> None:
    """Its exchange folder was removed after run 1; the lake's copy is still the current model,
    and no run took a lake file for the leftover of an interrupted run."""
    assert VALID in corpus.ml_in_lake()
    assert corpus.current_model_version() == VALID
    for record in corpus.records:
        bronze = next(s for s in record["steps"] if s["name"] == "bronze")
        assert bronze["counts"]["orphans_removed"] == 0, record["run_id"]


def test_every_landed_file_is_accounted_for_or_reported(corpus: CorpusLake) -> None:
    """No file is silently dropped: each has a batch account, or is named as unreadable."""
    accounts = corpus._accounts()
    reported = {m.split(": ", 1)[0] for m in corpus.unreadable()}
    landed = {
        f"landing/{p.relative_to(corpus.workspace.landing).as_posix()}"
        for p in corpus.workspace.landing.glob("*/*")
    }
    assert landed == set(accounts) | reported
    assert not set(accounts) & reported


def test_row_accounting_is_exact_per_file_and_per_run(corpus: CorpusLake) -> None:
    accounts = corpus._accounts()
    for file, account in accounts.items():
        parts = account["rows_silver"] + account["rows_quarantined"] + account["rows_duplicate"]
        assert account["rows_in"] == parts, file
    # Every row the corpus expects is read: the baseline's plus each case file's.
    expected = {f"landing/{s}/{BASELINE_FILE}": baseline_rows(s) for s in SOURCES}
    for case in RAW_CASES:
        for expectation in case.expect:
            if isinstance(expectation, Rows):
                file = expectation.file or case.file
                rows = expectation.silver, expectation.rejects, expectation.duplicates
                expected[file] = sum(len(r) for r in rows)
    assert {f: a["rows_in"] for f, a in accounts.items()} == expected
    # The run record's silver step adds up the files of that run, and balances.
    for record in corpus.records:
        silver = next(s for s in record["steps"] if s["name"] == "silver")["counts"]
        mine = [a for a in accounts.values() if a["batch_id"].startswith(record["run_id"] + "-")]
        assert silver["batches"] == len(mine)
        for column in ("rows_in", "rows_silver", "rows_quarantined", "rows_duplicate"):
            assert silver[column] == sum(a[column] for a in mine), column
        assert silver["rows_in"] == (
            silver["rows_silver"] + silver["rows_quarantined"] + silver["rows_duplicate"]
        )


def test_checked_in_files_still_carry_their_defect() -> None:
    """Guards the byte-level files against an editor 'fixing' them."""
    files = {c.id: next(iter(c.files.values())) for c in RAW_CASES if c.checked_in}
    assert not _is_utf8(files["E01"]) and b"\r\n" in files["E01"]
    assert files["E02"].startswith(b"\xef\xbb\xbf")
    mixed = files["E03"]
    assert not _is_utf8(mixed)
    assert "São".encode() in mixed and "Ribeirão".encode("latin-1") in mixed
    assert b"\xff" in files["E04"]
    assert b"\x00" in files["E05"] and files["E06"].endswith(b"\x00" * 512)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def test_the_corpus_covers_every_source_with_40_distinct_defects() -> None:
    ids = [c.id for c in ALL_CASES]
    assert len(ids) == len(set(ids))
    assert len({c.defect for c in ALL_CASES}) >= 40
    assert {c.source for c in ALL_CASES} == {*SOURCES, "ml_exports"}


def test_readme_lists_every_case() -> None:
    assert README.read_text(encoding="utf-8") == render(), (
        "tests/corpus/README.md is stale: run `python -m tests.corpus.readme`"
    )
