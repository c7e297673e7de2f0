"""The data quality report of a run: freshness, completeness, rejects by reason, accounting.

Stored with the run record and, as the ``data_quality`` table, in the gold snapshot, so the
dashboard shows the planner whether today's numbers rest on complete, fresh data.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

import duckdb

from pipeline.exports import ExportCheck
from pipeline.gold.forecasts import ExportFiles
from pipeline.silver import BatchAccount


def _check(name: str, status: str, value: float | None, threshold: float | None, msg: str) -> dict:
    return {
        "check_name": name,
        "status": status,
        "value": value,
        "threshold": threshold,
        "message": msg,
    }


def quality_checks(
    con: duckdb.DuckDBPyConnection,
    as_of: date,
    exports: list[ExportFiles],
    *,
    today: date,
    freshness_warn_days: int,
    run_accounts: list[BatchAccount],
    all_accounts: list[BatchAccount],
    export_checks: list[ExportCheck],
    unreadable_files: list[str] | None = None,
) -> list[dict]:
    age = (today - as_of).days
    return [
        _check(
            "freshness_days",
            "warn" if age > freshness_warn_days else "ok",
            age,
            freshness_warn_days,
            f"newest data is from {as_of.isoformat()}, {age} day(s) before {today.isoformat()}",
        ),
        *_completeness(con, as_of, has_export=bool(exports)),
        _rejected_share(run_accounts),
        *_rejects_by_rule(all_accounts),
        _row_accounting(run_accounts),
        _unreadable(unreadable_files or []),
        _ignored_exports(export_checks),
    ]


def _completeness(con: duckdb.DuckDBPyConnection, as_of: date, *, has_export: bool) -> list[dict]:
    """The share of series with a stock position on the as-of date, and with a forecast."""
    n_series, with_position, with_forecast = con.execute(
        """
        SELECT count(*),
               count(*) FILTER (WHERE EXISTS (
                   SELECT 1 FROM fct_inventory_daily i
                   WHERE i.item_id = s.item_id AND i.warehouse_id = s.warehouse_id
                     AND i.reported_through = $as_of::DATE)),
               count(*) FILTER (WHERE EXISTS (
                   SELECT 1 FROM forecast f
                   WHERE f.item_id = s.item_id AND f.warehouse_id = s.warehouse_id))
        FROM series s
        """,
        {"as_of": as_of},
    ).fetchall()[0]
    checks = []
    for name, count, what in (
        ("completeness_inventory", with_position, "have a stock position on the as-of date"),
        ("completeness_forecast", with_forecast, "have a forecast in the current ML export"),
    ):
        share = count / n_series if n_series else 0.0
        checks.append(
            _check(
                name,
                "ok" if share >= 0.95 else "warn",
                round(share, 4),
                0.95,
                f"{count} of {n_series} item x warehouse series {what}",
            )
        )
    if not has_export:
        checks[-1]["message"] += " (no valid ML export yet: reorder points use demand history)"
    return checks


def _rejected_share(run_accounts: list[BatchAccount]) -> dict:
    rows_in = sum(a.rows_in for a in run_accounts)
    rejected = sum(a.rows_quarantined for a in run_accounts)
    return _check(
        "rejected_rows_share",
        "ok" if not rows_in or rejected / rows_in < 0.01 else "warn",
        round(rejected / rows_in, 6) if rows_in else 0.0,
        0.01,
        f"{rejected} of {rows_in} rows read in this run were quarantined"
        if rows_in
        else "no new landing rows in this run",
    )


def _rejects_by_rule(all_accounts: list[BatchAccount]) -> list[dict]:
    """A warning per reject rule, and per field emptied by a lenient rule, over all runs."""
    by_rule: Counter[str] = Counter()
    emptied: Counter[tuple[str, str]] = Counter()
    for account in all_accounts:
        by_rule.update(account.rejects_by_rule)
        for name, count in account.warnings_by_field.items():
            emptied[(account.source, name)] += count
    rules = [
        _check(
            f"rejects:{rule}",
            "warn",
            count,
            None,
            f"{count} row(s) quarantined by rule {rule} (all runs)",
        )
        for rule, count in sorted(by_rule.items())
    ]
    fields = [
        _check(
            f"warnings:{source}.{name}",
            "warn",
            count,
            None,
            f"{count} {source} row(s) kept with {name} left empty: an unexpected value "
            "(all runs; the batch notes name the rows)",
        )
        for (source, name), count in sorted(emptied.items())
    ]
    return rules + fields


def _row_accounting(run_accounts: list[BatchAccount]) -> dict:
    unbalanced = [a.source_file for a in run_accounts if not a.balanced]
    return _check(
        "row_accounting",
        "fail" if unbalanced else "ok",
        len(unbalanced),
        0,
        "rows_in = silver + quarantined + duplicate for every file"
        if not unbalanced
        else f"accounting broken for {unbalanced}",
    )


def _unreadable(unreadable: list[str]) -> dict:
    return _check(
        "unreadable_files",
        "warn" if unreadable else "ok",
        len(unreadable),
        0,
        "; ".join(unreadable) + " (skipped; tried again next run)"
        if unreadable
        else "every landed file of this run could be read",
    )


def _ignored_exports(export_checks: list[ExportCheck]) -> dict:
    ignored = [c for c in export_checks if not c.valid]
    return _check(
        "ml_exports_ignored",
        "warn" if ignored else "ok",
        len(ignored),
        0,
        "; ".join(p for c in ignored for p in c.problems) or "every ML export folder is valid",
    )
