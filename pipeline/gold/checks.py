"""Data tests on gold tables, run before a snapshot is committed (after dbt's schema tests).

Every table declares its key (unique and not null), its not-null columns, its relationships
(foreign keys that must resolve) and accepted values. One failure fails the run, and the
previous snapshot stays current.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb


@dataclass(frozen=True)
class TableSpec:
    name: str
    description: str
    key: tuple[str, ...]
    not_null: tuple[str, ...] = ()
    relationships: dict[str, tuple[str, str]] = field(default_factory=dict)
    accepted: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def doc(self) -> dict:
        return {"description": self.description, "key": list(self.key)}


class GoldCheckFailed(Exception):
    """A gold table broke one of its declared tests."""


def _count(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    return con.execute(sql).fetchall()[0][0]


def failures(con: duckdb.DuckDBPyConnection, spec: TableSpec) -> list[str]:
    """Every broken test of one table, in two scans: one for uniqueness, one for the rest."""
    problems = []
    key = ", ".join(spec.key)
    dupes = _count(
        con,
        f"SELECT count(*) FROM (SELECT {key} FROM {spec.name} GROUP BY ALL HAVING count(*) > 1)",
    )
    if dupes:
        problems.append(f"{spec.name}: {dupes} duplicated key(s) ({key})")
    tests: list[tuple[str, str]] = []  # (SQL condition of a bad row, message prefix)
    for column in dict.fromkeys((*spec.key, *spec.not_null)):
        tests.append((f"{column} IS NULL", f"{spec.name}.{column}: null value(s)"))
    for column, (parent, parent_column) in spec.relationships.items():
        tests.append(
            (
                f"{column} IS NOT NULL AND {column} NOT IN (SELECT {parent_column} FROM {parent})",
                f"{spec.name}.{column}: value(s) not found in {parent}.{parent_column}",
            )
        )
    for column, values in spec.accepted.items():
        allowed = ", ".join("'" + v + "'" for v in values)
        tests.append(
            (
                f"{column} IS NOT NULL AND {column} NOT IN ({allowed})",
                f"{spec.name}.{column}: value(s) outside {values}",
            )
        )
    counts = con.execute(
        "SELECT "
        + ", ".join(f"count(*) FILTER (WHERE {condition})" for condition, _ in tests)
        + f" FROM {spec.name}"
    ).fetchall()[0]
    for (_, message), bad in zip(tests, counts, strict=True):
        if bad:
            problems.append(f"{message} ({bad})")
    return problems


def run_checks(con: duckdb.DuckDBPyConnection, specs: list[TableSpec]) -> None:
    problems = [p for spec in specs for p in failures(con, spec)]
    if problems:
        raise GoldCheckFailed("gold checks failed: " + "; ".join(problems))
