"""Realistic defects for testing the validator and the pipeline (``--dirty``).

The dirty output is the clean output plus defects, and nothing is lost: rows moved into a format
variant are removed from the clean file, so after the validator keeps the accepted rows and drops
exact duplicates, the data equals the clean run's. Clean consumption and inventory files are left
byte-identical to a clean run, so realism statistics do not change.

Every defect is listed in ``<out>/_defects.json`` with its exact location:

    {"kind", "source", "file" (relative to out), "row", "field", "rule", "note", "value"}

- ``row``: CSV: the record number counting the header as row 1 (first data row = 2);
  Parquet: the 1-based record index; null for a file-level defect.
- ``rule``: the reject rule the validator must give the row (a name from
  ``pipeline.contract.schema.RULES``, or ``duplicate_key``); null for a format variant that must
  be ACCEPTED (then ``value``, when set, is what the cell must read as once decoded, ISO dates).
- ``field``: the column concerned, or the missing column for ``missing_column``.

Reject rows carry IDs of their own (``TXD...``, ``...-999x``, ``459999...``) so that one rule
applies to each, except the exact duplicates, which repeat a row of the clean file verbatim (the
dirty file's name sorts after the clean one, so the repeat is the second occurrence).

The format variants that must be accepted are written here; the rows and files that must be
rejected in ``rejects.py``.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pipeline.sample import rejects
from pipeline.sample.defects import Defect, DirtyContext, Step
from pipeline.sample.writers import CsvDialect, FileFormat, WrittenFile, write_table

LATIN1_EXCEL = CsvDialect(
    delimiter=";", decimal=",", encoding="latin-1", line_end="\r\n", thousands=".",
    float_decimals=2,
)  # fmt: skip
DAY_FIRST = CsvDialect(date_format="%d/%m/%Y")
LATIN1_SHOWCASE = "Retificador Módulo"


def split_items(items: pa.Table) -> tuple[pa.Table, pa.Table]:
    """Move some items with accented names to a Latin-1 file (an export from an old system)."""
    names = items["item_name"].to_pylist()
    moved = [
        k for k, name in enumerate(names)
        if not name.isascii() and (k % 4 == 1 or name.startswith(LATIN1_SHOWCASE))
    ]  # fmt: skip
    mask = pa.array([k in set(moved) for k in range(len(names))])
    return items.filter(pc.invert(mask)), items.filter(mask)


def split_purchase_orders(orders: pa.Table) -> tuple[pa.Table, dict[str, pa.Table]]:
    """Move the lines of some POs (numbers ending in 3, ending in 7) to a DD/MM/YYYY CSV and to
    a Parquet file: exports of another ERP module."""
    numbers = np.array([int(p.split("-")[0]) for p in orders["po_id"].to_pylist()], np.int64)
    day_first = numbers % 10 == 3
    parquet = numbers % 10 == 7
    keep = ~(day_first | parquet)
    return orders.filter(pa.array(keep)), {
        "day_first": orders.filter(pa.array(day_first)),
        "parquet": orders.filter(pa.array(parquet)),
    }


def write_defects(ctx: DirtyContext) -> tuple[list[WrittenFile], list[Defect]]:
    files: list[WrittenFile] = []
    defects: list[Defect] = []
    for step in (
        _latin1_items, _day_first_orders, _parquet_orders, rejects.consumption,
        rejects.missing_column, rejects.header_only, rejects.inventory, rejects.empty_file,
        rejects.purchase_orders, rejects.sites, rejects.items,
    ):  # fmt: skip
        written, found = step(ctx)
        files.extend(written)
        defects.extend(found)
    return files, defects


# ---- format variants that must be accepted ------------------------------------------------


def _latin1_items(ctx: DirtyContext) -> Step:
    rel = "items/items_latin1.csv"
    table = ctx.latin1_items
    written = write_table(ctx.out, rel, "items", table, FileFormat.CSV, LATIN1_EXCEL)
    defects = [
        Defect(
            "latin1_semicolon_decimal_comma", "items", rel, None, None, None,
            "Latin-1 encoded, ';' delimiter, decimal comma with '.' thousands, CRLF: "
            f"all {table.num_rows} rows must be accepted with accents decoded",
        )
    ]  # fmt: skip
    names = table["item_name"].to_pylist()
    costs = table["unit_cost"].to_pylist()
    for k, name in enumerate(names):
        if name.startswith(LATIN1_SHOWCASE):
            defects.append(Defect(
                "latin1_text", "items", rel, k + 2, "item_name", None,
                "accented pt-BR text in Latin-1 bytes", name,
            ))  # fmt: skip
            break
    for k, cost in enumerate(costs):
        if cost >= 1000:
            defects.append(Defect(
                "decimal_comma_thousands", "items", rel, k + 2, "unit_cost", None,
                "number written with '.' thousands and ',' decimals", f"{cost:.2f}",
            ))  # fmt: skip
            break
    return [written], defects


def _day_first_orders(ctx: DirtyContext) -> Step:
    rel = "purchase_orders/purchase_orders_ddmmyyyy.csv"
    table = ctx.purchase_order_variants["day_first"]
    written = write_table(ctx.out, rel, "purchase_orders", table, FileFormat.CSV, DAY_FIRST)
    defects = [
        Defect(
            "ddmmyyyy_dates",
            "purchase_orders",
            rel,
            None,
            None,
            None,
            f"dates written DD/MM/YYYY: all {table.num_rows} rows must be accepted",
        )
    ]
    for k, day in enumerate(table["order_date"].to_pylist()):
        if day.day <= 12 and day.day != day.month:  # would read differently as MM/DD
            defects.append(Defect(
                "ddmmyyyy_date", "purchase_orders", rel, k + 2, "order_date", None,
                f"{day:%d/%m/%Y} is day {day.day} of month {day.month}", day.isoformat(),
            ))  # fmt: skip
            break
    return [written], defects


def _parquet_orders(ctx: DirtyContext) -> Step:
    rel = "purchase_orders/purchase_orders_string_ids.parquet"
    table = ctx.purchase_order_variants["parquet"]
    written = write_table(ctx.out, rel, "purchase_orders", table, FileFormat.PARQUET)
    defects = [
        Defect(
            "leading_zero_ids_parquet",
            "purchase_orders",
            rel,
            None,
            None,
            None,
            "Parquet with IDs as strings ('000123'): all rows must be accepted and IDs kept "
            "as text, never turned into numbers",
        )
    ]
    for k, item_id in enumerate(table["item_id"].to_pylist()):
        if item_id.startswith("0"):
            defects.append(Defect(
                "leading_zero_id", "purchase_orders", rel, k + 1, "item_id", None,
                "ID with leading zeros in a Parquet string column", item_id,
            ))  # fmt: skip
            break
    return [written], defects
