"""``srv_series``: one JSON document per series, the API's one-series read in one row.

Not a new fact: a projection of ``fct_reorder_point``, ``fct_forecast_accuracy``,
``fct_demand_daily``, ``fct_inventory_daily`` and ``fct_forecast`` (the snapshot's current model
version) per item x warehouse, built with the snapshot and verified by its manifest like every
table. The API answers a series from one row instead of five queries over the facts: per query,
DuckDB costs a fraction of a millisecond before it reads a row (measured at L: 4.0 ms of reads
per series against 0.35 ms for one document), and building the documents in the API would cost
seconds at every start and in every worker.

The document (JSON, keys as below; days are counted from 1970-01-01, lists sorted by day,
non-finite numbers are null as in every API answer):

    {"reorder": {<the fct_reorder_point row>},
     "accuracy": [{source, model, demand_class, n_points, rmsse, ...}, ...],  sorted by source
     "demand": {"day": [...], "quantity": [...], "censored": [...]},        sparse, as the fact
     "positions": {"day": [...], "on_hand": [...], "on_order": [...]},      changes, as the fact
     "forecast": {"day": [...], "yhat": [...], "yhat_lo80": [...], ...}}

``doc_bytes`` is the document's length in UTF-8 bytes: the API lays the documents end to end in
memory and finds each by offset, without measuring 400 MB of text at every load.
"""

from __future__ import annotations

import duckdb

from pipeline.snapshot import table_columns

# The accuracy columns an answer shows (fct_forecast_accuracy has a few more).
ACCURACY_FIELDS = (
    "source", "model", "demand_class", "n_points", "rmsse", "rmsse_snaive", "mae", "rmse",
    "wape", "bias", "coverage80", "coverage95", "first_date", "last_date",
)  # fmt: skip
INTERVAL_FIELDS = ("yhat", "yhat_lo80", "yhat_hi80", "yhat_lo95", "yhat_hi95")
EPOCH = "DATE '1970-01-01'"
_NUMERIC = ("DOUBLE", "FLOAT", "REAL", "DECIMAL")


def _finite(expr: str) -> str:
    """A number as the API encodes it: finite, or null (JSON has no NaN); DECIMAL as DOUBLE."""
    return f"CASE WHEN isfinite({expr}) THEN CAST({expr} AS DOUBLE) END"


def _row_struct(con: duckdb.DuckDBPyConnection, table: str, alias: str, columns: tuple = ()) -> str:
    """``{column: value, ...}`` of a table's row (every column, or ``columns`` in that order)."""
    types = {column["name"]: column["type"] for column in table_columns(con, table)}
    names = columns or tuple(types)
    values = {
        n: _finite(f"{alias}.{n}") if types[n].upper().startswith(_NUMERIC) else f"{alias}.{n}"
        for n in names
    }
    return "{" + ", ".join(f"'{n}': {value}" for n, value in values.items()) + "}"


def _lists(alias: str, columns: tuple[str, ...]) -> str:
    """One list per column, sorted by day, and the day itself as days since 1970-01-01."""
    parts = [f"list({alias}.date - {EPOCH} ORDER BY {alias}.date) AS day"]
    parts += [f"list({_finite(f'{alias}.{c}')} ORDER BY {alias}.date) AS {c}" for c in columns]
    return ", ".join(parts)


def _doc(parts: dict[str, str]) -> str:
    """A JSON object from JSON-text parts (each CTE renders its own part: one pass each)."""
    fields = " || ',' || ".join(f"'\"{name}\":' || {sql}" for name, sql in parts.items())
    return f"'{{' || {fields} || '}}'"


def build_serving(con: duckdb.DuckDBPyConnection, model_version: str | None) -> None:
    """Create ``srv_series`` from the gold tables (``model_version``: the snapshot's current)."""
    reorder = _row_struct(con, "fct_reorder_point", "r")
    accuracy = _row_struct(con, "fct_forecast_accuracy", "a", ACCURACY_FIELDS)
    intervals = ", ".join(f"'{c}': {c}" for c in INTERVAL_FIELDS)
    none = "'{}'"
    doc = _doc(
        {
            "reorder": f"to_json({reorder})",
            "accuracy": "coalesce(a.json, '[]')",
            "demand": f"coalesce(d.json, {none})",
            "positions": f"coalesce(p.json, {none})",
            "forecast": f"coalesce(f.json, {none})",
        }
    )
    con.execute(
        f"""
        CREATE OR REPLACE TABLE srv_series AS
        WITH demand AS (
            SELECT d.item_id, d.warehouse_id, {_lists("d", ("quantity",))},
                   list(d.censored ORDER BY d.date) AS censored
            FROM fct_demand_daily d GROUP BY ALL
        ),
        positions AS (
            SELECT p.item_id, p.warehouse_id, {_lists("p", ("on_hand", "on_order"))}
            FROM fct_inventory_daily p GROUP BY ALL
        ),
        forecast AS (
            SELECT f.item_id, f.warehouse_id, {_lists("f", INTERVAL_FIELDS)}
            FROM fct_forecast f WHERE f.model_version = $version GROUP BY ALL
        ),
        accuracy AS (
            SELECT a.item_id, a.warehouse_id, to_json(list({accuracy} ORDER BY a.source)) AS json
            FROM fct_forecast_accuracy a WHERE a.model_version = $version GROUP BY ALL
        ),
        final AS (
            SELECT r.item_id, r.warehouse_id, $version AS model_version, {doc} AS doc
            FROM fct_reorder_point r
            LEFT JOIN (SELECT item_id, warehouse_id,
                              to_json({{'day': day, 'quantity': quantity, 'censored': censored}})
                              AS json FROM demand) d USING (item_id, warehouse_id)
            LEFT JOIN (SELECT item_id, warehouse_id,
                              to_json({{'day': day, 'on_hand': on_hand, 'on_order': on_order}})
                              AS json FROM positions) p USING (item_id, warehouse_id)
            LEFT JOIN (SELECT item_id, warehouse_id, to_json({{'day': day, {intervals}}}) AS json
                       FROM forecast) f USING (item_id, warehouse_id)
            LEFT JOIN accuracy a USING (item_id, warehouse_id)
        )
        SELECT *, strlen(doc) AS doc_bytes FROM final ORDER BY item_id, warehouse_id
        """,
        {"version": model_version},
    )
