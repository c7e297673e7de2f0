"""Stock positions as change points: ``fct_inventory_daily``, built in full or extended.

ERP feeds report every item x warehouse position every day, and most days it has not changed:
the L scale's 55 million daily rows hold 2.3 million changes. Gold keeps one row per change
(``date``: the first day of a position, ``reported_through``: the last day it was reported
before it changed), and a position holds until the next row. Nothing is lost: the daily
position of any day is the row with the greatest ``date`` on or before it.

A daily run does not rebuild this from three years of history: it extends the previous
snapshot's table with the current rows of the inventory batches that snapshot had not seen
(after dbt's incremental models). It builds in full when there is no previous table to extend,
when silver changed in another way than by new batches, or when a new batch reports a day the
previous table already covers (a restatement: the latest batch wins, so history can change).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipeline.silver import current_sql

log = logging.getLogger(__name__)

# Islands of equal positions, over `observations(item_id, warehouse_id, date, reported_through,
# on_hand, on_order)` whose dates are unique per series. A row starts an island when the
# position differs from the day before, ends one when it differs from the day after; an island
# keeps the start's date and the end's reported_through.
ISLANDS = """
WITH marked AS (
    SELECT item_id, warehouse_id, date, reported_through, on_hand, on_order,
           lag(on_hand) OVER series IS DISTINCT FROM on_hand
           OR lag(on_order) OVER series IS DISTINCT FROM on_order AS starts,
           lead(on_hand) OVER series IS DISTINCT FROM on_hand
           OR lead(on_order) OVER series IS DISTINCT FROM on_order AS ends
    FROM {observations}
    WINDOW series AS (PARTITION BY item_id, warehouse_id ORDER BY date)
),
bounds AS (SELECT * FROM marked WHERE starts OR ends),
final AS (
    SELECT item_id, warehouse_id, date,
           CASE WHEN ends THEN reported_through
                ELSE lead(reported_through) OVER series END AS reported_through,
           on_hand, on_order, starts
    FROM bounds
    WINDOW series AS (PARTITION BY item_id, warehouse_id ORDER BY date)
)
SELECT item_id, warehouse_id, date, reported_through, on_hand, on_order FROM final WHERE starts
"""

FULL = (
    "CREATE OR REPLACE TABLE fct_inventory_daily AS "
    + ISLANDS.format(observations="inventory_observations")
    + " ORDER BY item_id, warehouse_id, date"
)

OBSERVATIONS = """
CREATE OR REPLACE VIEW inventory_observations AS
SELECT item_id, warehouse_id, snapshot_date AS date, snapshot_date AS reported_through,
       on_hand, on_order
FROM inventory
"""

# The last island of each series the new rows touch is re-opened: it joins the new rows as one
# observation, so an unchanged position extends it and a changed one starts a new island.
EXTEND = """
CREATE OR REPLACE TABLE fct_inventory_daily AS
WITH base AS (SELECT * FROM read_parquet({base})),
touched AS (SELECT DISTINCT item_id, warehouse_id FROM inventory_new),
reopened AS (
    SELECT * FROM base SEMI JOIN touched USING (item_id, warehouse_id)
    QUALIFY row_number() OVER (PARTITION BY item_id, warehouse_id ORDER BY date DESC) = 1
),
inventory_observations AS (
    SELECT item_id, warehouse_id, date, reported_through, on_hand, on_order FROM reopened
    UNION ALL
    SELECT item_id, warehouse_id, snapshot_date, snapshot_date, on_hand, on_order
    FROM inventory_new
),
extended AS ({islands}),
final AS (
    SELECT item_id, warehouse_id, date, reported_through, on_hand, on_order
    FROM base ANTI JOIN reopened USING (item_id, warehouse_id, date)
    UNION ALL
    SELECT * FROM extended
)
SELECT * FROM final ORDER BY item_id, warehouse_id, date
"""

# A new row on or before the last day the previous table covers for its series restates history.
RESTATES = """
SELECT count(*) FROM inventory_new n
JOIN (
    SELECT item_id, warehouse_id, max(reported_through) AS covered
    FROM read_parquet({base}) GROUP BY ALL
) b USING (item_id, warehouse_id)
WHERE n.snapshot_date <= b.covered
"""


@dataclass(frozen=True)
class PreviousPositions:
    """The previous snapshot's fct_inventory_daily and the silver batches it was built from."""

    path: Path
    batch_files: frozenset[str]


def _paths(files: list[Path]) -> str:
    return "[" + ", ".join("'" + str(f).replace("'", "''") + "'" for f in files) + "]"


def build_positions(
    con: duckdb.DuckDBPyConnection,
    silver_files: list[Path],
    previous: PreviousPositions | None,
) -> str:
    """Create ``fct_inventory_daily``; returns how: ``full``, ``extended`` or ``unchanged``.

    The full build reads the ``inventory`` view (current silver of all ``silver_files``).
    """
    new_files = [f for f in silver_files if previous and f.name not in previous.batch_files]
    current_names = {f.name for f in silver_files}
    extendable = previous is not None and previous.batch_files <= current_names
    if extendable and previous is not None:
        base = "'" + str(previous.path).replace("'", "''") + "'"
        if not new_files:
            con.execute(f"CREATE OR REPLACE TABLE fct_inventory_daily AS FROM read_parquet({base})")
            return "unchanged"
        new_rows = current_sql("inventory", new_files)
        con.execute(f"CREATE OR REPLACE VIEW inventory_new AS {new_rows}")
        restated = con.execute(RESTATES.format(base=base)).fetchall()[0][0]
        if not restated:
            islands = ISLANDS.format(observations="inventory_observations")
            con.execute(EXTEND.format(base=base, islands=islands))
            return "extended"
        log.info("gold: %d new stock position(s) restate covered days: full rebuild", restated)
    con.execute(OBSERVATIONS)
    con.execute(FULL)
    return "full"
