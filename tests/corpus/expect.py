"""What a corpus case expects, and how it is checked against the lake after the corpus runs.

Each expectation is data (it renders itself for the README) with one ``check`` that reads the lake
the way an operator would: batch accounts, quarantine, silver, run records, gold.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

# (row, field, rule); field "(row)" for a rule about the whole record (malformed_row).
Reject = tuple[int, str, str]


class Lake(Protocol):
    """The lake after the corpus runs, read independently of the pipeline's own code paths."""

    def account(self, file: str) -> dict: ...
    def quarantined(self, file: str) -> list[dict]: ...
    def silver(self, file: str) -> list[dict]: ...
    def current(self, source: str) -> list[dict]: ...
    def gold(self, table: str) -> list[dict]: ...
    def unreadable(self) -> list[str]: ...
    def in_ledger(self, file: str) -> bool: ...
    def ml_ignored(self) -> dict[str, str]: ...
    def ml_in_lake(self) -> list[str]: ...
    def current_model_version(self) -> str | None: ...
    def valid_model_version(self) -> str: ...


def reason_prefix(file: str, row: int, column: str, rule: str) -> str:
    where = f"{file} row {row}" if column == "(row)" else f"{file} row {row}, field {column}"
    return f"{where}: {rule}: "


@dataclass(frozen=True)
class Rows:
    """Row-level outcome of one file: exact rejects, the rows kept, exact accounting."""

    silver: Sequence[int]  # row numbers kept in silver (CSV: header = row 1; Parquet: 1-based)
    rejects: Sequence[Reject] = ()
    duplicates: Sequence[int] = ()  # rows superseded by a later row of the same key
    file: str | None = None  # landing name; default: the case's first file

    def describe(self) -> str:
        parts = [f"{len(self.silver)} row(s) kept"]
        parts += [f"row {r} {f}: {rule}" for r, f, rule in self.rejects]
        if self.duplicates:
            parts.append(f"row(s) {list(self.duplicates)} duplicate_key (later row kept)")
        return "; ".join(parts)

    def check(self, file: str, lake: Lake) -> None:
        file = self.file or file
        account = lake.account(file)
        rows_in = len(self.silver) + len(self.rejects) + len(self.duplicates)
        got = (
            account["rows_in"],
            account["rows_silver"],
            account["rows_quarantined"],
            account["rows_duplicate"],
        )
        want = (rows_in, len(self.silver), len(self.rejects), len(self.duplicates))
        assert got == want, f"{file}: (in, silver, quarantined, duplicate) {got} != {want}"
        quarantined = lake.quarantined(file)
        found = sorted((r["row_number"], r["reject_field"], r["reject_rule"]) for r in quarantined)
        assert found == sorted(self.rejects), f"{file}: rejects {found} != {sorted(self.rejects)}"
        for row in quarantined:
            prefix = reason_prefix(file, row["row_number"], row["reject_field"], row["reject_rule"])
            assert row["reject_reason"].startswith(prefix), row["reject_reason"][:300]
            assert len(row["reject_reason"]) < 500, "a reject reason must stay readable"
        kept = sorted(r["row_number"] for r in lake.silver(file))
        assert kept == sorted(self.silver), f"{file}: silver rows {kept} != {sorted(self.silver)}"


@dataclass(frozen=True)
class Value:
    """A row kept in silver reads as this typed value (what gold and the planner see)."""

    row: int
    column: str
    value: Any
    file: str | None = None

    def describe(self) -> str:
        return f"row {self.row} {self.column} = {self.value!r}"

    def check(self, file: str, lake: Lake) -> None:
        file = self.file or file
        rows = [r for r in lake.silver(file) if r["row_number"] == self.row]
        assert len(rows) == 1, f"{file} row {self.row} not in silver"
        got = rows[0][self.column]
        if isinstance(self.value, float):
            assert got is not None and abs(got - self.value) < 1e-9, (self.column, got)
        else:
            assert got == self.value, f"{file} row {self.row} {self.column}: {got!r}"


@dataclass(frozen=True)
class Note:
    """The file's batch record carries a note for the operator containing these words."""

    words: str
    file: str | None = None

    def describe(self) -> str:
        return f"note: '{self.words}'"

    def check(self, file: str, lake: Lake) -> None:
        file = self.file or file
        notes = lake.account(file)["notes"]
        assert any(file in n and self.words in n for n in notes), f"{file}: notes {notes}"


@dataclass(frozen=True)
class Unreadable:
    """A file-level defect: named with the reason in the run record, never half-ingested."""

    words: str

    def describe(self) -> str:
        return f"file reported unreadable ('{self.words}'), nothing ingested"

    def check(self, file: str, lake: Lake) -> None:
        messages = [m for m in lake.unreadable() if m.startswith(f"{file}: ")]
        assert messages, f"{file} not reported in the run record: {lake.unreadable()}"
        assert all(self.words in m for m in messages), messages
        assert not lake.in_ledger(file), f"{file} is in the bronze ledger"
        assert lake.silver(file) == [] and lake.quarantined(file) == []


@dataclass(frozen=True)
class Current:
    """After every batch, the entity holds this key once, with this value (latest file wins)."""

    source: str
    key: dict[str, Any]
    column: str
    value: Any
    gold: tuple[str, dict[str, str], str] | None = None  # table, key column map, value column

    def describe(self) -> str:
        key = ", ".join(f"{v}" for v in self.key.values())
        where = f" (silver and {self.gold[0]})" if self.gold else ""
        return f"current {self.source} [{key}] has {self.column} = {self.value!r}{where}"

    def check(self, file: str, lake: Lake) -> None:
        rows = [r for r in lake.current(self.source) if all(r[k] == v for k, v in self.key.items())]
        assert [r[self.column] for r in rows] == [self.value], (self.key, rows)
        if self.gold:
            table, columns, column = self.gold
            in_gold = [
                r
                for r in lake.gold(table)
                if all(r[columns.get(k, k)] == v for k, v in self.key.items())
            ]
            assert [r[column] for r in in_gold] == [self.value], (table, self.key, in_gold)


@dataclass(frozen=True)
class Ignored:
    """A bad ML export: reported with a reason naming the file, never copied into the lake,
    and the earlier valid export stays the one gold uses."""

    words: str

    def describe(self) -> str:
        return f"export ignored, reason names '{self.words}'; the previous valid export is used"

    def check(self, folder: str, lake: Lake) -> None:
        ignored = lake.ml_ignored()
        assert folder in ignored, f"{folder} not reported: {sorted(ignored)}"
        assert self.words in ignored[folder], ignored[folder]
        version = folder.rsplit("/", 1)[-1]
        assert version not in lake.ml_in_lake(), f"{folder} was copied into the lake"
        current = lake.current_model_version()
        assert current == lake.valid_model_version(), f"current model: {current}"
