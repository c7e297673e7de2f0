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
from pathlib import Path

import duckdb
import pyarrow as pa

from pipeline.contract.reader import (
    RAW_RECORD,
    ROW_NUMBER,
    RawFile,
    RawInfo,
    UnreadableFile,
    read_raw,
)
from pipeline.contract.schema import (
    ID_PATTERN,
    MAX_TEXT_LENGTH,
    MIN_DATE,
    SOURCES,
    Column,
    Kind,
    Source,
    get_source,
)

DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S")
MAX_YEARS_AHEAD = 5  # a promised date further out than this is a typo, not a plan
REJECT_COLUMNS = ("reject_field", "reject_rule", "reject_reason")

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


@dataclass
class ValidationResult:
    source: str
    file: str
    valid: pa.Table  # contract columns, typed, plus row_number
    rejected: pa.Table  # row_number, reject_*, raw contract columns as text, raw_record
    duplicates: pa.Table  # row_number, duplicate_of_row, reject_reason, typed contract columns
    encoding: str | None = None
    delimiter: str | None = None
    decimal: str | None = None
    notes: list[str] = field(default_factory=list)
    warnings_by_field: dict[str, int] = field(default_factory=dict)

    @property
    def rows_in(self) -> int:
        return self.valid.num_rows + self.rejected.num_rows + self.duplicates.num_rows

    def rejects_by_rule(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for rule in self.rejected.column("reject_rule").to_pylist():
            counts[rule] = counts.get(rule, 0) + 1
        return counts


def arrow_schema(source: Source) -> pa.Schema:
    """The typed schema of a source's valid rows (as stored in silver)."""
    fields = [
        pa.field(c.name, ARROW_TYPES[c.kind], nullable=not c.required) for c in source.columns
    ]
    return pa.schema([*fields, pa.field(ROW_NUMBER, pa.int64(), nullable=False)])


def _rejected_schema(source: Source) -> pa.Schema:
    return pa.schema(
        [
            pa.field(ROW_NUMBER, pa.int64()),
            *(pa.field(c, pa.string()) for c in REJECT_COLUMNS),
            *(pa.field(c.name, pa.string()) for c in source.columns),
            pa.field("raw_record", pa.string()),
        ]
    )


def _duplicates_schema(source: Source) -> pa.Schema:
    typed = arrow_schema(source)
    return pa.schema(
        [
            pa.field(ROW_NUMBER, pa.int64()),
            pa.field("duplicate_of_row", pa.int64()),
            pa.field("reject_reason", pa.string()),
            *(f for f in typed if f.name != ROW_NUMBER),
        ]
    )


def _q(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _shown(expr: str) -> str:
    """SQL for a raw value as shown in a message: quoted, and cut when long."""
    return (
        f"(CASE WHEN length({expr}) > 60 THEN '''' || left({expr}, 60) || '...''' "
        f"ELSE '''' || {expr} || '''' END)"
    )


def _number_expr(text: str, decimal: str) -> str:
    if decimal == ",":
        return (
            f"(CASE WHEN regexp_full_match({text}, '[+-]?\\d{{1,3}}(\\.\\d{{3}})+(,\\d+)?') "
            f"THEN TRY_CAST(replace(replace({text}, '.', ''), ',', '.') AS DOUBLE) "
            f"WHEN regexp_full_match({text}, '[+-]?(\\d+(,\\d*)?|,\\d+)') "
            f"THEN TRY_CAST(replace({text}, ',', '.') AS DOUBLE) END)"
        )
    return (
        f"(CASE WHEN regexp_full_match({text}, '[+-]?(\\d+(\\.\\d*)?|\\.\\d+)') "
        f"THEN TRY_CAST({text} AS DOUBLE) END)"
    )


def _typed_expr(col: Column, text: str, decimal: str) -> str:
    if col.kind is Kind.CODE:
        return f"upper({text})"
    if col.kind is Kind.DATE:
        formats = ", ".join(_lit(f) for f in DATE_FORMATS)
        return f"CAST(try_strptime({text}, [{formats}]) AS DATE)"
    if col.kind is Kind.DECIMAL:
        return _number_expr(text, decimal)
    if col.kind is Kind.INTEGER:
        number = _number_expr(text, decimal)
        return f"(CASE WHEN {number} = floor({number}) THEN CAST({number} AS BIGINT) END)"
    return text


@dataclass(frozen=True)
class _Check:
    field: str
    rule: str
    failed: str  # SQL condition, true when the row breaks the rule
    detail: str  # SQL string expression explaining the failure


def _column_checks(
    col: Column,
    text: str,
    typed: str,
    decimal: str,
    as_of: date,
    has_reference: bool,
    has_quarantined: bool = False,
) -> list[_Check]:
    shown = _shown(text)
    checks: list[_Check] = []
    if col.required:
        checks.append(_Check(col.name, "required", f"{text} IS NULL", "'is required but empty'"))
    if col.kind is Kind.ID:
        checks.append(
            _Check(
                col.name,
                "id_format",
                f"{text} IS NOT NULL AND NOT regexp_full_match({text}, {_lit(ID_PATTERN)})",
                f"'is not a valid ID (1-64 letters, digits, . _ / -), got ' || {shown}",
            )
        )
    if col.kind is Kind.TEXT:
        checks.append(
            _Check(
                col.name,
                "max_length",
                f"length({text}) > {MAX_TEXT_LENGTH}",
                f"'is longer than {MAX_TEXT_LENGTH} characters (' || length({text}) || ')'",
            )
        )
    if col.kind is Kind.DATE:
        checks.append(
            _Check(
                col.name,
                "date_format",
                f"{text} IS NOT NULL AND {typed} IS NULL",
                f"'is not a date (YYYY-MM-DD or DD/MM/YYYY), got ' || {shown}",
            )
        )
        checks.append(
            _Check(
                col.name,
                "date_range",
                f"{typed} < DATE {_lit(MIN_DATE.isoformat())}",
                f"'is before {MIN_DATE.isoformat()}, got ' || {shown}",
            )
        )
        if col.not_future:
            checks.append(
                _Check(
                    col.name,
                    "not_future",
                    f"{typed} > DATE {_lit(as_of.isoformat())}",
                    f"'is in the future (after {as_of.isoformat()}), got ' || {shown}",
                )
            )
        else:
            horizon = as_of.replace(year=as_of.year + MAX_YEARS_AHEAD)
            checks.append(
                _Check(
                    col.name,
                    "date_range",
                    f"{typed} > DATE {_lit(horizon.isoformat())}",
                    f"'is more than {MAX_YEARS_AHEAD} years ahead, got ' || {shown}",
                )
            )
    if col.kind in (Kind.DECIMAL, Kind.INTEGER):
        number = _number_expr(text, decimal)
        checks.append(
            _Check(
                col.name,
                "number_format",
                f"{text} IS NOT NULL AND {number} IS NULL",
                f"'is not a number (decimal separator {_lit(decimal)[1:-1]}), got ' || {shown}",
            )
        )
        if col.kind is Kind.INTEGER:
            checks.append(
                _Check(
                    col.name,
                    "integer",
                    f"{number} IS NOT NULL AND {typed} IS NULL",
                    f"'must be a whole number, got ' || {shown}",
                )
            )
        if col.sign == "positive":
            checks.append(
                _Check(col.name, "positive", f"{number} <= 0", f"'must be > 0, got ' || {shown}")
            )
        elif col.sign == "non_negative":
            checks.append(
                _Check(
                    col.name, "non_negative", f"{number} < 0", f"'must be >= 0, got ' || {shown}"
                )
            )
    if col.accepted:
        accepted = ", ".join(_lit(v) for v in col.accepted)
        checks.append(
            _Check(
                col.name,
                "accepted_values",
                f"{text} IS NOT NULL AND {typed} NOT IN ({accepted})",
                f"'must be one of {', '.join(col.accepted)}, got ' || {shown}",
            )
        )
    if col.references and has_reference:
        ref_table = _q("ref_" + col.references)
        unknown = f"{shown} || ' is not a known {col.name} (not in {col.references})'"
        if has_quarantined:
            where = f"(SELECT location FROM {_q('qref_' + col.references)} WHERE id = {text})"
            unknown = f"coalesce({shown} || ' was quarantined: ' || {where}, {unknown})"
        checks.append(
            _Check(
                col.name,
                "unknown_reference",
                f"{text} IS NOT NULL AND {text} NOT IN (SELECT id FROM {ref_table})",
                unknown,
            )
        )
    return checks


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
        f"(SELECT trim({_q(c)}) AS v FROM {relation} WHERE {_q(c)} SIMILAR TO '.*[.,].*' "
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


def _conform(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """Select and cast to `schema`, filling absent columns with nulls."""
    columns = []
    for f in schema:
        if f.name in table.column_names:
            columns.append(table.column(f.name).cast(f.type))
        else:
            columns.append(pa.nulls(table.num_rows, f.type))
    return pa.Table.from_arrays(columns, schema=pa.schema([f.with_nullable(True) for f in schema]))


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

    Creates temp tables ``v_rejected`` (reasons) and ``v_valid`` (typed candidates) in `con`.
    """
    notes = list(info.notes)
    header = info.header
    decimal = detect_decimal(con, relation, source, header, info.delimiter)
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
    text_of = {
        c.name: f"nullif(trim({_q(c.name)}), '')" if c.name in header else "NULL::VARCHAR"
        for c in source.columns
    }
    raw_cols = ", ".join(f"{text_of[c.name]} AS {_q('t_' + c.name)}" for c in source.columns)
    typed_cols = ", ".join(
        f"{_typed_expr(c, _q('t_' + c.name), decimal)} AS {_q(c.name)}" for c in source.columns
    )
    n_header = len(header)
    malformed = (
        f"WHEN {RAW_RECORD} IS NOT NULL THEN {{'field': '(row)', 'rule': 'malformed_row', "
        f"'detail': 'has ' || (len(string_split({RAW_RECORD}, {_lit(info.delimiter or ',')}))) "
        f"|| ' fields, the header has {n_header}'}}"
    )
    lenient: dict[str, list[_Check]] = {}
    if missing:
        reason = (
            f"required column(s) {', '.join(missing)} missing from the header "
            f"(found: {', '.join(header) or 'none'})"
        )
        whens = (
            f"{malformed} ELSE {{'field': {_lit(missing[0])}, 'rule': 'missing_column', "
            f"'detail': {_lit(reason)}}}"
        )
    else:
        refs, quarantine_refs = _register_references(con, source, references, quarantined)
        checks = []
        for col in source.columns:
            found = _column_checks(
                col,
                _q("t_" + col.name),
                _q(col.name),
                decimal,
                as_of,
                col.references in refs,
                col.references in quarantine_refs,
            )
            if col.lenient and col.name in header:
                lenient[col.name] = found
            elif not col.lenient:
                checks += found
        for order in source.date_orders:
            checks.append(
                _Check(
                    order.later,
                    "date_order",
                    f"{_q(order.later)} < {_q(order.earlier)}",
                    f"{_shown(_q('t_' + order.later))} || ' is before {order.earlier} ' "
                    f"|| {_shown(_q('t_' + order.earlier))}",
                )
            )
        whens = (
            malformed
            + "\n"
            + "\n".join(
                f"WHEN {c.failed} THEN {{'field': {_lit(c.field)}, 'rule': {_lit(c.rule)}, "
                f"'detail': {c.detail}}}"
                for c in checks
            )
        )
    file_lit = _lit(info.path)
    # Lenient columns: a value breaking their checks is nulled and flagged (w_<column>).
    nulled = ", ".join(
        f"(CASE WHEN {_any(found)} THEN NULL ELSE {_q(name)} END) AS {_q(name)}"
        for name, found in lenient.items()
    )
    flags = "".join(f", {_any(found)} AS {_q('w_' + name)}" for name, found in lenient.items())
    kept = f"SELECT * REPLACE ({nulled}){flags} FROM typed" if lenient else "SELECT * FROM typed"
    checked = f"""
        WITH texts AS (SELECT {ROW_NUMBER}, {RAW_RECORD}, {raw_cols} FROM {relation}),
        typed AS (SELECT *, {typed_cols} FROM texts),
        lenient AS ({kept}),
        final AS (SELECT *, CASE {whens} END AS verdict FROM lenient)
        SELECT * FROM final
    """
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE v_rejected AS SELECT {ROW_NUMBER}, verdict "
        f"FROM ({checked}) WHERE verdict IS NOT NULL"
    )
    typed_select = ", ".join(_q(c.name) for c in source.columns)
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE v_valid AS
        SELECT {typed_select}, {ROW_NUMBER}
        FROM ({checked.replace("CASE " + whens + " END AS verdict", "NULL AS verdict")}) c
        WHERE NOT EXISTS (SELECT 1 FROM v_rejected r WHERE r.{ROW_NUMBER} = c.{ROW_NUMBER})
        """
    )
    key = ", ".join(_q(k) for k in source.key)
    key_names = ", ".join(source.key)
    # Duplicates are rare: find the repeated keys first, rank only their rows.
    v_key = ", ".join("v." + _q(k) for k in source.key)
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
    raw_select = ", ".join(f"{_q('t_' + c.name)} AS {_q(c.name)}" for c in source.columns)
    rejected_sql = f"""
        SELECT c.{ROW_NUMBER}, r.verdict.field AS reject_field, r.verdict.rule AS reject_rule,
               {file_lit} || ' row ' || c.{ROW_NUMBER} ||
                 CASE WHEN r.verdict.field = '(row)' THEN '' ELSE ', field ' || r.verdict.field END
                 || ': ' || r.verdict.rule || ': ' || r.verdict.detail AS reject_reason,
               {raw_select}, c.{RAW_RECORD}
        FROM (SELECT {ROW_NUMBER}, {RAW_RECORD}, {raw_cols} FROM {relation}) c
        JOIN v_rejected r USING ({ROW_NUMBER})
    """
    duplicates_sql = f"""
        SELECT v.{ROW_NUMBER}, d.kept_row AS duplicate_of_row,
               {file_lit} || ' row ' || v.{ROW_NUMBER} || ': duplicate_key: same {key_names} '
                 || 'as row ' || d.kept_row || ', which is kept (the later row wins)'
                 AS reject_reason,
               {", ".join("v." + _q(c.name) for c in source.columns)}
        FROM v_valid v JOIN v_dup_rows d USING ({ROW_NUMBER})
    """
    valid_sql = f"""
        SELECT {typed_select}, {ROW_NUMBER} FROM v_valid
        WHERE {ROW_NUMBER} NOT IN (SELECT {ROW_NUMBER} FROM v_dup_rows)
    """
    counts = con.execute(
        "SELECT (SELECT count(*) FROM v_valid), (SELECT count(*) FROM v_rejected), "
        "(SELECT count(*) FROM v_dup_rows)"
    ).fetchall()[0]
    by_rule = dict(
        con.execute(
            "SELECT verdict.rule, count(*) FROM v_rejected GROUP BY ALL ORDER BY ALL"
        ).fetchall()
    )
    n_candidates, n_rejected, n_duplicate = counts
    warnings = _lenient_warnings(con, checked, lenient, info.path, notes)
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
        warnings_by_field=warnings,
    )


def _any(checks: list[_Check]) -> str:
    return "coalesce(" + " OR ".join(f"({c.failed})" for c in checks) + ", false)"


def _lenient_warnings(
    con: duckdb.DuckDBPyConnection,
    checked: str,
    lenient: dict[str, list[_Check]],
    path: str,
    notes: list[str],
) -> dict[str, int]:
    """Count the kept rows whose lenient fields were emptied; a note per field says which."""
    warnings: dict[str, int] = {}
    for name, found in lenient.items():
        flag, text = _q("w_" + name), _q("t_" + name)
        count, first_row, example = con.execute(
            f"SELECT count(*), min({ROW_NUMBER}), arg_min({text}, {ROW_NUMBER}) "
            f"FROM ({checked}) WHERE verdict IS NULL AND {flag}"
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


def validate_raw(
    raw: RawFile,
    source: Source | str,
    *,
    as_of: date,
    references: References | None = None,
    quarantined: Quarantined | None = None,
) -> ValidationResult:
    """Split the rows of one raw file held in memory into valid, rejected and duplicate rows."""
    source = get_source(source) if isinstance(source, str) else source
    con = duckdb.connect()
    try:
        con.register("raw", raw.table)
        outcome = validate_relation(
            con,
            "raw",
            raw,
            source,
            as_of=as_of,
            references=references,
            quarantined=quarantined,
        )
        order = f" ORDER BY {ROW_NUMBER}"
        valid = con.sql(outcome.valid_sql + order).to_arrow_table()
        rejected = con.sql(outcome.rejected_sql + order).to_arrow_table()
        duplicates = con.sql(outcome.duplicates_sql + order).to_arrow_table()
    finally:
        con.close()
    return ValidationResult(
        source=source.name,
        file=raw.path,
        valid=_conform(valid, arrow_schema(source)),
        rejected=_conform(rejected, _rejected_schema(source)),
        duplicates=_conform(duplicates, _duplicates_schema(source)),
        encoding=raw.encoding,
        delimiter=raw.delimiter,
        decimal=outcome.decimal,
        notes=outcome.notes,
        warnings_by_field=outcome.warnings_by_field,
    )


def validate_file(
    path: str | Path,
    source: Source | str,
    *,
    as_of: date,
    references: References | None = None,
    display_name: str | None = None,
) -> ValidationResult:
    """Read and validate one landing file; UnreadableFile when it is neither CSV nor Parquet."""
    return validate_raw(
        read_raw(path, display_name=display_name), source, as_of=as_of, references=references
    )


@dataclass
class LandingReport:
    results: list[ValidationResult]
    unreadable: list[str]

    def for_source(self, source: str) -> list[ValidationResult]:
        return [r for r in self.results if r.source == source]


def landing_files(landing: Path, source: str) -> list[Path]:
    folder = landing / source
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith((".", "_")))


def validate_landing(landing: str | Path, *, as_of: date) -> LandingReport:
    """Validate every file of every source, master data first so references can be checked."""
    landing = Path(landing)
    known: dict[str, set[str]] = {}
    results: list[ValidationResult] = []
    unreadable: list[str] = []
    for name, source in SOURCES.items():
        for path in landing_files(landing, name):
            display = str(path.relative_to(landing.parent)) if landing.parent else str(path)
            try:
                result = validate_file(
                    path, source, as_of=as_of, references=known, display_name=display
                )
            except UnreadableFile as exc:
                unreadable.append(str(exc))
                continue
            results.append(result)
        if len(source.key) == 1:
            keys = known.setdefault(name, set())
            for result in results:
                if result.source == name:
                    keys.update(result.valid.column(source.key[0]).to_pylist())
    return LandingReport(results, unreadable)
