"""Validate raw landing rows against the contract: typed valid rows, rejected rows, duplicates.

Every row read is accounted for exactly once: ``rows_in = valid + rejected + duplicates``.
A rejected row carries the file, row number, field and rule that failed, in words an ERP
integrator can act on. The rules are set-based SQL in DuckDB, so a file of millions of rows is
checked in seconds.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date

import duckdb
import pyarrow as pa

from pipeline.contract.reader import RAW_RECORD, ROW_NUMBER, RawInfo
from pipeline.contract.rules import (
    Check,
    any_failed,
    column_checks,
    date_order_check,
    literal,
    quote,
    text_column,
    typed_expr,
)
from pipeline.contract.rules import References as RuleReferences
from pipeline.contract.schema import Kind, Source

ARROW_TYPES = {
    Kind.ID: pa.string(),
    Kind.TEXT: pa.string(),
    Kind.CODE: pa.string(),
    Kind.DATE: pa.date32(),
    Kind.INTEGER: pa.int64(),
    Kind.DECIMAL: pa.float64(),
}

References = Mapping[str, Collection[str]]
# Per master source: the IDs of its quarantined rows, each with where it was quarantined
# ("landing/sites/sites.csv row 2, field state"), so a row referring to one can say so.
Quarantined = Mapping[str, Mapping[str, str]]


def arrow_schema(source: Source) -> pa.Schema:
    """The typed schema of a source's valid rows (as stored in silver)."""
    fields = [
        pa.field(c.name, ARROW_TYPES[c.kind], nullable=not c.required) for c in source.columns
    ]
    return pa.schema([*fields, pa.field(ROW_NUMBER, pa.int64(), nullable=False)])


def detect_decimal(
    con: duckdb.DuckDBPyConnection,
    relation: str,
    source: Source,
    header: list[str],
    delimiter: str | None,
) -> str:
    """`,` or `.`, from the values of the file's numeric columns (the majority style wins)."""
    numeric = [
        c.name
        for c in source.columns
        if c.kind in (Kind.DECIMAL, Kind.INTEGER) and c.name in header
    ]
    fallback = "," if delimiter == ";" else "."
    if not numeric:
        return fallback
    union = " UNION ALL ".join(
        f"(SELECT trim({quote(c)}) AS v FROM {relation} WHERE {quote(c)} SIMILAR TO '.*[.,].*' "
        f"LIMIT 100000)"
        for c in numeric
    )
    comma, dot = con.execute(
        f"""
        SELECT
          count(*) FILTER (WHERE regexp_full_match(v, '[+-]?[\\d.]*,\\d+')),
          count(*) FILTER (WHERE regexp_full_match(v, '[+-]?\\d*\\.\\d+')
                             AND NOT regexp_full_match(v, '[+-]?\\d{{1,3}}(\\.\\d{{3}})+'))
        FROM ({union})
        """
    ).fetchall()[0]
    if comma == dot:
        return fallback
    return "," if comma > dot else "."


def _register_references(
    con: duckdb.DuckDBPyConnection,
    source: Source,
    references: References | None,
    quarantined: Quarantined | None = None,
) -> tuple[set[str], set[str]]:
    """Register the known IDs (and where quarantined ones were quarantined) of every source
    this one refers to; returns the names registered of each."""
    registered: set[str] = set()
    with_quarantine: set[str] = set()
    for col in source.columns:
        if col.references and references and col.references in references:
            if col.references in registered:
                continue
            ids = pa.table({"id": pa.array(sorted(references[col.references]), pa.string())})
            con.register(f"ref_{col.references}", ids)
            registered.add(col.references)
            where = (quarantined or {}).get(col.references)
            if where:
                table = pa.table(
                    {
                        "id": pa.array(list(where), pa.string()),
                        "location": pa.array(list(where.values()), pa.string()),
                    }
                )
                con.register(f"qref_{col.references}", table)
                with_quarantine.add(col.references)
    return registered, with_quarantine


@dataclass
class Validation:
    """The outcome of validating one raw relation; the rows stay in DuckDB until asked for.

    ``valid_sql``, ``rejected_sql`` and ``duplicates_sql`` select the three sets, so a caller
    can COPY millions of rows straight to Parquet, or fetch a small file's rows as Arrow.
    """

    source: Source
    file: str
    decimal: str
    notes: list[str]
    rows_in: int
    rows_valid: int
    rows_rejected: int
    rows_duplicate: int
    rejects_by_rule: dict[str, int]
    valid_sql: str
    rejected_sql: str
    duplicates_sql: str
    warnings_by_field: dict[str, int] = field(default_factory=dict)


def validate_relation(
    con: duckdb.DuckDBPyConnection,
    relation: str,
    info: RawInfo,
    source: Source,
    *,
    as_of: date,
    references: References | None = None,
    quarantined: Quarantined | None = None,
) -> Validation:
    """Validate the raw rows of `relation` (text columns + row_number + raw_record).

    Creates in `con` the temp views ``v_texts`` (each contract column's text) and ``v_typed``
    (typed, built once), and the temp tables ``v_rejected`` (verdicts), ``v_valid`` (typed
    candidates) and ``v_dup_rows`` (repeated keys) that the returned SQL selects from.
    """
    missing, notes = _header_notes(info, source)
    decimal = detect_decimal(con, relation, source, info.header, info.delimiter)
    if missing:
        verdict, lenient = _missing_column_verdict(info, missing), {}
    else:
        verdict, lenient = _row_verdict(con, info, source, decimal, as_of, references, quarantined)
    _create_typed_views(con, relation, info.header, source, decimal, lenient)
    _split_rows(con, source, verdict)
    n_candidates, n_rejected, n_duplicate = con.execute(
        "SELECT (SELECT count(*) FROM v_valid), (SELECT count(*) FROM v_rejected), "
        "(SELECT count(*) FROM v_dup_rows)"
    ).fetchall()[0]
    by_rule = dict(
        con.execute(
            "SELECT verdict.rule, count(*) FROM v_rejected GROUP BY ALL ORDER BY ALL"
        ).fetchall()
    )
    valid_sql, rejected_sql, duplicates_sql = _outcome_sql(source, info.path)
    return Validation(
        source=source,
        file=info.path,
        decimal=decimal,
        notes=notes,
        rows_in=n_candidates + n_rejected,
        rows_valid=n_candidates - n_duplicate,
        rows_rejected=n_rejected,
        rows_duplicate=n_duplicate,
        rejects_by_rule=by_rule,
        valid_sql=valid_sql,
        rejected_sql=rejected_sql,
        duplicates_sql=duplicates_sql,
        warnings_by_field=_lenient_warnings(con, lenient, info.path, notes),
    )


def _header_notes(info: RawInfo, source: Source) -> tuple[list[str], list[str]]:
    """(required columns missing from the header, the file's notes plus the header's)."""
    notes = list(info.notes)
    header = info.header
    missing = [c for c in source.required_columns if c not in header]
    extra = [h for h in header if h not in source.column_names]
    repeated = [h for h in extra if h.rsplit("__", 1)[0] in source.column_names]
    if repeated:  # the reader names a repeated column `<name>__2`, `<name>__3`...
        names = sorted({h.rsplit("__", 1)[0] for h in repeated})
        notes.append(
            f"{info.path}: column(s) {names} appear more than once in the header; the first "
            "of each is read, the others are ignored"
        )
    extra = [h for h in extra if h not in repeated]
    if extra:
        notes.append(f"{info.path}: columns not in the contract were ignored: {extra}")
    numeric_ids = [
        c
        for c in info.numeric_columns
        if c in source.column_names and source.column(c).kind is Kind.ID
    ]
    if numeric_ids:
        notes.append(
            f"{info.path}: ID column(s) {numeric_ids} are numbers in the file; leading zeros "
            "may have been lost before the file reached us (export IDs as text)"
        )
    return missing, notes


def _malformed_when(info: RawInfo) -> str:
    """The verdict's first branch: a CSV record whose field count differs from the header's."""
    return (
        f"WHEN {RAW_RECORD} IS NOT NULL THEN {{'field': '(row)', 'rule': 'malformed_row', "
        f"'detail': 'has ' || (len(string_split({RAW_RECORD}, "
        f"{literal(info.delimiter or ',')}))) || ' fields, the header has {len(info.header)}'}}"
    )


def _missing_column_verdict(info: RawInfo, missing: list[str]) -> str:
    """Every row is rejected: the header lacks a required column."""
    reason = (
        f"required column(s) {', '.join(missing)} missing from the header "
        f"(found: {', '.join(info.header) or 'none'})"
    )
    return (
        f"CASE {_malformed_when(info)} ELSE {{'field': {literal(missing[0])}, "
        f"'rule': 'missing_column', 'detail': {literal(reason)}}} END"
    )


def _row_verdict(
    con: duckdb.DuckDBPyConnection,
    info: RawInfo,
    source: Source,
    decimal: str,
    as_of: date,
    references: References | None,
    quarantined: Quarantined | None,
) -> tuple[str, dict[str, list[Check]]]:
    """The SQL verdict of a row of ``v_typed`` (NULL when it passes every check: the first
    failed check otherwise), and the checks of the lenient columns the file has."""
    refs, quarantine_refs = _register_references(con, source, references, quarantined)
    checks: list[Check] = []
    lenient: dict[str, list[Check]] = {}
    for col in source.columns:
        known = RuleReferences(col.references in refs, col.references in quarantine_refs)
        found = column_checks(col, decimal, as_of, known)
        if col.lenient and col.name in info.header:
            lenient[col.name] = found
        elif not col.lenient:
            checks += found
    checks += [date_order_check(order) for order in source.date_orders]
    whens = "\n".join([_malformed_when(info), *(c.when() for c in checks)])
    return f"CASE {whens} END", lenient


def _create_typed_views(
    con: duckdb.DuckDBPyConnection,
    relation: str,
    header: list[str],
    source: Source,
    decimal: str,
    lenient: dict[str, list[Check]],
) -> None:
    """``v_texts``: each contract column's trimmed text (``t_<name>``, NULL when empty or absent);
    ``v_typed``: the same with the typed columns. A value breaking a lenient column's checks is
    emptied there and flagged in ``w_<name>``."""
    texts = ", ".join(
        (f"nullif(trim({quote(c.name)}), '')" if c.name in header else "NULL::VARCHAR")
        + f" AS {text_column(c.name)}"
        for c in source.columns
    )
    con.execute(
        f"CREATE OR REPLACE TEMP VIEW v_texts AS "
        f"SELECT {ROW_NUMBER}, {RAW_RECORD}, {texts} FROM {relation}"
    )
    typed = ", ".join(
        f"{typed_expr(c, text_column(c.name), decimal)} AS {quote(c.name)}" for c in source.columns
    )
    emptied = ", ".join(
        f"(CASE WHEN {any_failed(found)} THEN NULL ELSE {quote(name)} END) AS {quote(name)}"
        for name, found in lenient.items()
    )
    flags = "".join(
        f", {any_failed(found)} AS {quote('w_' + name)}" for name, found in lenient.items()
    )
    final = f"SELECT * REPLACE ({emptied}){flags} FROM typed" if lenient else "SELECT * FROM typed"
    con.execute(
        f"""
        CREATE OR REPLACE TEMP VIEW v_typed AS
        WITH typed AS (SELECT *, {typed} FROM v_texts),
        final AS ({final})
        SELECT * FROM final
        """
    )


def _split_rows(con: duckdb.DuckDBPyConnection, source: Source, verdict: str) -> None:
    """``v_rejected``: the verdict of each rejected row; ``v_valid``: the typed other rows;
    ``v_dup_rows``: the valid rows whose key a later row repeats (the later row wins)."""
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE v_rejected AS
        WITH verdicts AS (SELECT {ROW_NUMBER}, {verdict} AS verdict FROM v_typed),
        final AS (SELECT * FROM verdicts WHERE verdict IS NOT NULL)
        SELECT * FROM final
        """
    )
    typed = ", ".join(quote(c.name) for c in source.columns)
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE v_valid AS
        SELECT {typed}, {ROW_NUMBER} FROM v_typed t
        WHERE NOT EXISTS (SELECT 1 FROM v_rejected r WHERE r.{ROW_NUMBER} = t.{ROW_NUMBER})
        """
    )
    key = ", ".join(quote(k) for k in source.key)
    v_key = ", ".join("v." + quote(k) for k in source.key)
    # Duplicates are rare: find the repeated keys first, rank only their rows.
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE v_dup_rows AS
        WITH repeated AS (
            SELECT {key} FROM v_valid GROUP BY ALL HAVING count(*) > 1
        ),
        final AS (
            SELECT v.{ROW_NUMBER},
                   max(v.{ROW_NUMBER}) OVER (PARTITION BY {v_key}) AS kept_row
            FROM v_valid v SEMI JOIN repeated USING ({key})
        )
        SELECT * FROM final WHERE {ROW_NUMBER} < kept_row
        """
    )


def _outcome_sql(source: Source, path: str) -> tuple[str, str, str]:
    """SQL selecting the valid, rejected and duplicate rows from the tables of _split_rows."""
    file_lit = literal(path)
    key_names = ", ".join(source.key)
    typed = ", ".join(quote(c.name) for c in source.columns)
    texts = ", ".join(f"{text_column(c.name)} AS {quote(c.name)}" for c in source.columns)
    rejected_sql = f"""
        SELECT c.{ROW_NUMBER}, r.verdict.field AS reject_field, r.verdict.rule AS reject_rule,
               {file_lit} || ' row ' || c.{ROW_NUMBER} ||
                 CASE WHEN r.verdict.field = '(row)' THEN '' ELSE ', field ' || r.verdict.field END
                 || ': ' || r.verdict.rule || ': ' || r.verdict.detail AS reject_reason,
               {texts}, c.{RAW_RECORD}
        FROM v_texts c
        JOIN v_rejected r USING ({ROW_NUMBER})
    """
    duplicates_sql = f"""
        SELECT v.{ROW_NUMBER}, d.kept_row AS duplicate_of_row,
               {file_lit} || ' row ' || v.{ROW_NUMBER} || ': duplicate_key: same {key_names} '
                 || 'as row ' || d.kept_row || ', which is kept (the later row wins)'
                 AS reject_reason,
               {", ".join("v." + quote(c.name) for c in source.columns)}
        FROM v_valid v JOIN v_dup_rows d USING ({ROW_NUMBER})
    """
    valid_sql = f"""
        SELECT {typed}, {ROW_NUMBER} FROM v_valid
        WHERE {ROW_NUMBER} NOT IN (SELECT {ROW_NUMBER} FROM v_dup_rows)
    """
    return valid_sql, rejected_sql, duplicates_sql


def _lenient_warnings(
    con: duckdb.DuckDBPyConnection,
    lenient: dict[str, list[Check]],
    path: str,
    notes: list[str],
) -> dict[str, int]:
    """Count the kept rows whose lenient fields were emptied; a note per field says which."""
    warnings: dict[str, int] = {}
    for name, found in lenient.items():
        flag, text = quote("w_" + name), text_column(name)
        count, first_row, example = con.execute(
            f"SELECT count(*), min({ROW_NUMBER}), arg_min({text}, {ROW_NUMBER}) "
            f"FROM v_typed t WHERE {flag} AND NOT EXISTS "
            f"(SELECT 1 FROM v_rejected r WHERE r.{ROW_NUMBER} = t.{ROW_NUMBER})"
        ).fetchall()[0]
        if not count:
            continue
        warnings[name] = count
        rules = ", ".join(sorted({c.rule for c in found}))
        notes.append(
            f"{path}: {count} row(s) with an unexpected {name} (first: row {first_row}, "
            f"{example!r}; rules: {rules}) were kept with {name} left empty"
        )
    return warnings
