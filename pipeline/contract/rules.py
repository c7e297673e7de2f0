"""The contract's rules as DuckDB SQL: how a column's text is typed and which checks it must pass.

Each check is a condition that is true when a row breaks the rule, with an expression that says
why in words an ERP integrator can act on. ``validate.py`` runs them over whole files at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pipeline.contract.schema import ID_PATTERN, MAX_TEXT_LENGTH, MIN_DATE, Column, DateOrder, Kind

DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S")
MAX_YEARS_AHEAD = 5  # a promised date further out than this is a typo, not a plan


def quote(identifier: str) -> str:
    """A SQL identifier, quoted."""
    return '"' + identifier.replace('"', '""') + '"'


def literal(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def text_column(name: str) -> str:
    """The column holding a contract column's trimmed text (``t_<name>``)."""
    return quote("t_" + name)


def shown(expr: str) -> str:
    """SQL for a raw value as shown in a message: quoted, and cut when long."""
    return (
        f"(CASE WHEN length({expr}) > 60 THEN '''' || left({expr}, 60) || '...''' "
        f"ELSE '''' || {expr} || '''' END)"
    )


def number_expr(text: str, decimal: str) -> str:
    """SQL reading `text` as a number with `decimal` as the decimal separator (NULL if not)."""
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


def typed_expr(col: Column, text: str, decimal: str) -> str:
    """SQL for the typed value of `col` from its text (NULL when it does not parse)."""
    if col.kind is Kind.CODE:
        return f"upper({text})"
    if col.kind is Kind.DATE:
        formats = ", ".join(literal(f) for f in DATE_FORMATS)
        return f"CAST(try_strptime({text}, [{formats}]) AS DATE)"
    if col.kind is Kind.DECIMAL:
        return number_expr(text, decimal)
    if col.kind is Kind.INTEGER:
        number = number_expr(text, decimal)
        return f"(CASE WHEN {number} = floor({number}) THEN CAST({number} AS BIGINT) END)"
    return text


@dataclass(frozen=True)
class Check:
    field: str
    rule: str
    failed: str  # SQL condition, true when the row breaks the rule
    detail: str  # SQL string expression explaining the failure

    def when(self) -> str:
        """The check as a branch of the verdict's CASE."""
        return (
            f"WHEN {self.failed} THEN {{'field': {literal(self.field)}, "
            f"'rule': {literal(self.rule)}, 'detail': {self.detail}}}"
        )


def any_failed(checks: list[Check]) -> str:
    """SQL true when the row breaks any of `checks`."""
    return "coalesce(" + " OR ".join(f"({c.failed})" for c in checks) + ", false)"


@dataclass(frozen=True)
class References:
    """What the checks of a column referring to another source may use."""

    known: bool = False  # a ``ref_<source>`` relation of the known IDs is registered
    quarantined: bool = False  # a ``qref_<source>`` relation says where quarantined IDs went


def column_checks(
    col: Column, decimal: str, as_of: date, references: References = References()
) -> list[Check]:
    """Every check of one column, on its text column ``t_<name>`` and typed column ``<name>``."""
    text, typed = text_column(col.name), quote(col.name)
    checks: list[Check] = []
    if col.required:
        checks.append(Check(col.name, "required", f"{text} IS NULL", "'is required but empty'"))
    if col.kind is Kind.ID:
        checks.append(
            Check(
                col.name,
                "id_format",
                f"{text} IS NOT NULL AND NOT regexp_full_match({text}, {literal(ID_PATTERN)})",
                f"'is not a valid ID (1-64 letters, digits, . _ / -), got ' || {shown(text)}",
            )
        )
    if col.kind is Kind.TEXT:
        checks.append(
            Check(
                col.name,
                "max_length",
                f"length({text}) > {MAX_TEXT_LENGTH}",
                f"'is longer than {MAX_TEXT_LENGTH} characters (' || length({text}) || ')'",
            )
        )
    if col.kind is Kind.DATE:
        checks += _date_checks(col, text, typed, as_of)
    if col.kind in (Kind.DECIMAL, Kind.INTEGER):
        checks += _number_checks(col, text, typed, decimal)
    if col.accepted:
        accepted = ", ".join(literal(v) for v in col.accepted)
        checks.append(
            Check(
                col.name,
                "accepted_values",
                f"{text} IS NOT NULL AND {typed} NOT IN ({accepted})",
                f"'must be one of {', '.join(col.accepted)}, got ' || {shown(text)}",
            )
        )
    if col.references and references.known:
        checks.append(_reference_check(col, text, references.quarantined))
    return checks


def _date_checks(col: Column, text: str, typed: str, as_of: date) -> list[Check]:
    value = shown(text)
    checks = [
        Check(
            col.name,
            "date_format",
            f"{text} IS NOT NULL AND {typed} IS NULL",
            f"'is not a date (YYYY-MM-DD or DD/MM/YYYY), got ' || {value}",
        ),
        Check(
            col.name,
            "date_range",
            f"{typed} < DATE {literal(MIN_DATE.isoformat())}",
            f"'is before {MIN_DATE.isoformat()}, got ' || {value}",
        ),
    ]
    if col.not_future:
        checks.append(
            Check(
                col.name,
                "not_future",
                f"{typed} > DATE {literal(as_of.isoformat())}",
                f"'is in the future (after {as_of.isoformat()}), got ' || {value}",
            )
        )
    else:
        horizon = as_of.replace(year=as_of.year + MAX_YEARS_AHEAD)
        checks.append(
            Check(
                col.name,
                "date_range",
                f"{typed} > DATE {literal(horizon.isoformat())}",
                f"'is more than {MAX_YEARS_AHEAD} years ahead, got ' || {value}",
            )
        )
    return checks


def _number_checks(col: Column, text: str, typed: str, decimal: str) -> list[Check]:
    value = shown(text)
    number = number_expr(text, decimal)
    checks = [
        Check(
            col.name,
            "number_format",
            f"{text} IS NOT NULL AND {number} IS NULL",
            f"'is not a number (decimal separator {literal(decimal)[1:-1]}), got ' || {value}",
        )
    ]
    if col.kind is Kind.INTEGER:
        checks.append(
            Check(
                col.name,
                "integer",
                f"{number} IS NOT NULL AND {typed} IS NULL",
                f"'must be a whole number, got ' || {value}",
            )
        )
    if col.sign == "positive":
        checks.append(
            Check(col.name, "positive", f"{number} <= 0", f"'must be > 0, got ' || {value}")
        )
    elif col.sign == "non_negative":
        checks.append(
            Check(col.name, "non_negative", f"{number} < 0", f"'must be >= 0, got ' || {value}")
        )
    return checks


def _reference_check(col: Column, text: str, with_quarantine: bool) -> Check:
    assert col.references is not None
    value = shown(text)
    unknown = f"{value} || ' is not a known {col.name} (not in {col.references})'"
    if with_quarantine:
        where = f"(SELECT location FROM {quote('qref_' + col.references)} WHERE id = {text})"
        unknown = f"coalesce({value} || ' was quarantined: ' || {where}, {unknown})"
    return Check(
        col.name,
        "unknown_reference",
        f"{text} IS NOT NULL AND {text} NOT IN (SELECT id FROM {quote('ref_' + col.references)})",
        unknown,
    )


def date_order_check(order: DateOrder) -> Check:
    """A date that must not be before another of the same row (received after ordered)."""
    return Check(
        order.later,
        "date_order",
        f"{quote(order.later)} < {quote(order.earlier)}",
        f"{shown(text_column(order.later))} || ' is before {order.earlier} ' "
        f"|| {shown(text_column(order.earlier))}",
    )
