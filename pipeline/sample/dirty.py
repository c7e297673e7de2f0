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
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pipeline.sample.catalog import Catalog
from pipeline.sample.writers import (
    EXCEL_BR,
    STANDARD,
    CsvDialect,
    FileFormat,
    WrittenFile,
    csv_text,
    dialect_lines,
    write_rows,
    write_table,
)

LATIN1_EXCEL = CsvDialect(
    delimiter=";", decimal=",", encoding="latin-1", line_end="\r\n", thousands=".",
    float_decimals=2,
)  # fmt: skip
DAY_FIRST = CsvDialect(date_format="%d/%m/%Y")
LATIN1_SHOWCASE = "Retificador Módulo"


@dataclass(frozen=True)
class Defect:
    kind: str
    source: str
    file: str
    row: int | None
    field: str | None
    rule: str | None
    note: str
    value: str | None = None

    def as_json(self) -> dict[str, object]:
        return asdict(self)


@dataclass
class DirtyContext:
    out: Path
    catalog: Catalog
    start: date
    first: date
    end: date
    files: dict[str, WrittenFile]  # the clean file of each source
    consumption_sample: pa.Table  # first rows of the clean consumption file
    inventory_sample: pa.Table
    purchase_order_sample: pa.Table
    latin1_items: pa.Table
    purchase_order_variants: dict[str, pa.Table] = field(default_factory=dict)


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
        _latin1_items, _day_first_orders, _parquet_orders, _consumption, _missing_column,
        _header_only, _inventory, _empty_file, _purchase_orders, _sites, _items,
    ):  # fmt: skip
        written, found = step(ctx)
        files.extend(written)
        defects.extend(found)
    return files, defects


Step = tuple[list[WrittenFile], list[Defect]]


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


# ---- rows and files that must be rejected --------------------------------------------------


def _clean_row_number(ctx: DirtyContext, source: str, index: int) -> tuple[str, int]:
    clean = ctx.files[source]
    return clean.path, index + (2 if clean.file_format == FileFormat.CSV else 1)


def _text_file(
    ctx: DirtyContext, rel: str, source: str, header: list[str], lines: list[str]
) -> WrittenFile:
    path = ctx.out / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    text = ",".join(header) + "\n" + "".join(line + "\n" for line in lines)
    path.write_bytes(text.encode("utf-8"))
    return WrittenFile(source, rel, FileFormat.CSV, len(lines), path.stat().st_size, None, None)


def _unknown_item_id(ctx: DirtyContext, nth: int = 0) -> str:
    """An item ID that is not in the item master (the highest free ones)."""
    known = {i.item_id for i in ctx.catalog.items}
    free = (f"{n:06d}" for n in range(99_999, 0, -1) if f"{n:06d}" not in known)
    for _ in range(nth):
        next(free)
    return next(free)


def _duplicate_pair(
    ctx: DirtyContext, source: str, rel: str, index: int, key_field: str, defects: list[Defect]
) -> list[str]:
    """Two exact repeats of row ``index`` of the clean sample, as rows 2 and 3 of ``rel``.

    Within the file, row 2 is the duplicate: the contract validator keeps the later of two rows
    with the same key. Row 3 repeats a row of the clean file, which only a layer that sees every
    file (silver) can tell; which copy it drops is its policy, the data is identical."""
    clean_file, clean_row = _clean_row_number(ctx, source, index)
    sample = ctx.consumption_sample if source == "consumption" else ctx.inventory_sample
    line = csv_text(sample.slice(index, 1)).rstrip("\n")
    defects.append(
        Defect(
            "duplicate_row", source, rel, 2, key_field, "duplicate_key",
            f"exact repeat of {rel} row 3, the later row, which is kept (and of {clean_file} "
            f"row {clean_row})",
        )
    )  # fmt: skip
    defects.append(
        Defect(
            "duplicate_row_across_files", source, rel, 3, key_field, "duplicate_key",
            f"exact repeat of {clean_file} row {clean_row}: the same row sent again in another "
            "file; not a duplicate within this file, the layer that sees every file must "
            "count it once",
        )
    )  # fmt: skip
    return [line, line]


def _consumption(ctx: DirtyContext) -> Step:
    rel = "consumption/consumption_dirty_01.csv"
    sample = ctx.consumption_sample
    if sample.num_rows < 8:
        return [], []
    header = list(sample.schema.names)
    lines: list[str] = []
    defects: list[Defect] = []

    def add(kind: str, field_name: str | None, rule: str, note: str) -> None:
        defects.append(Defect(kind, "consumption", rel, len(lines) + 1, field_name, rule, note))

    lines.extend(_duplicate_pair(ctx, "consumption", rel, 7, "txn_id", defects))

    base = dict(zip(header, csv_text(sample.slice(3, 1)).rstrip("\n").split(","), strict=True))
    site_code = base["site_id"].split("-")[0]
    counter = iter(range(1, 100))

    def row(**changes: str) -> None:
        values = {**base, "txn_id": f"TXD{next(counter):07d}", **changes}
        lines.append(",".join(values[c] for c in header))

    row(quantity="-2")
    add("negative_quantity", "quantity", "positive", "quantity -2 (a return booked as an issue)")
    row(quantity="0")
    add("zero_quantity", "quantity", "positive", "quantity 0")
    row(item_id=_unknown_item_id(ctx))
    add("unknown_item", "item_id", "unknown_reference", "item not in the item master")
    row(site_id=f"{site_code}-9999")
    add("unknown_site", "site_id", "unknown_reference", "tower not in the site master")
    row(txn_date=f"{ctx.end.year}-02-30")
    add("unparseable_date", "txn_date", "date_format", "30 February does not exist")
    row(txn_date=f"{ctx.end:%d.%m.%Y}")
    add("unparseable_date", "txn_date", "date_format", "DD.MM.YYYY is not an accepted form")
    future = date(ctx.end.year + 5, 6, 15)
    row(txn_date=future.isoformat())
    add(
        "future_date", "txn_date", "not_future",
        f"{future} is years after the data's last day {ctx.end} (a typo for {ctx.end.year})",
    )  # fmt: skip
    row(quantity="")
    add("empty_required", "quantity", "required", "quantity left empty")
    return [_text_file(ctx, rel, "consumption", header, lines)], defects


def _missing_column(ctx: DirtyContext) -> Step:
    rel = "consumption/consumption_dirty_missing_column.csv"
    sample = ctx.consumption_sample.drop_columns(["quantity"])
    n = min(5, sample.num_rows)
    if n == 0:
        return [], []
    ids = pa.array([f"TXD{k:07d}" for k in range(50, 50 + n)])
    sample = sample.slice(0, n).set_column(0, "txn_id", ids)
    lines = csv_text(sample).splitlines()
    written = _text_file(ctx, rel, "consumption", list(sample.schema.names), lines)
    return [written], [
        Defect(
            "missing_column", "consumption", rel, None, "quantity", "missing_column",
            f"header has no quantity column: all {n} data rows (rows 2-{n + 1}) are rejected",
        )
    ]  # fmt: skip


def _header_only(ctx: DirtyContext) -> Step:
    rel = "consumption/consumption_dirty_header_only.csv"
    header = list(ctx.consumption_sample.schema.names)
    return [_text_file(ctx, rel, "consumption", header, [])], [
        Defect(
            "header_only",
            "consumption",
            rel,
            None,
            None,
            None,
            "a header and no data rows: valid, nothing to load",
        )
    ]


def _inventory(ctx: DirtyContext) -> Step:
    rel = "inventory/inventory_dirty_01.csv"
    sample = ctx.inventory_sample
    if sample.num_rows < 6:
        return [], []
    header = list(sample.schema.names)
    defects: list[Defect] = []
    lines = _duplicate_pair(ctx, "inventory", rel, 5, "snapshot_date", defects)
    values = dict(zip(header, csv_text(sample.slice(2, 1)).rstrip("\n").split(","), strict=True))
    # The day before the start: no clean row has this key, so only the sign rule applies.
    values["snapshot_date"] = (ctx.start - timedelta(days=1)).isoformat()
    values["on_hand"] = "-3"
    lines.append(",".join(values[c] for c in header))
    defects.append(
        Defect(
            "negative_on_hand",
            "inventory",
            rel,
            len(lines) + 1,
            "on_hand",
            "non_negative",
            "on_hand -3",
        )
    )
    return [_text_file(ctx, rel, "inventory", header, lines)], defects


def _empty_file(ctx: DirtyContext) -> Step:
    rel = "inventory/inventory_dirty_empty.csv"
    path = ctx.out / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"")
    written = WrittenFile("inventory", rel, FileFormat.CSV, 0, 0, None, None)
    return [written], [
        Defect(
            "empty_file",
            "inventory",
            rel,
            None,
            None,
            None,
            "0 bytes, not even a header: must be reported, not crash; nothing to load",
        )
    ]


def _purchase_orders(ctx: DirtyContext) -> Step:
    rel = "purchase_orders/purchase_orders_dirty_01.csv"
    sample = ctx.purchase_order_sample
    if sample.num_rows == 0:
        return [], []
    first = sample.slice(0, 1).to_pylist()[0]
    nominal = (first["expected_date"] - first["order_date"]).days
    ordered = ctx.first + timedelta(days=min(10, (ctx.end - ctx.first).days))
    row = {
        **first,
        "po_id": "4599999001-10",
        "order_date": ordered,
        "expected_date": ordered + timedelta(days=nominal),
        "received_date": ordered - timedelta(days=3),
    }
    table = pa.Table.from_pylist([row], schema=sample.schema)
    lines = dialect_lines(table, STANDARD)
    size = write_rows(ctx.out, rel, lines, STANDARD)
    written = WrittenFile("purchase_orders", rel, FileFormat.CSV, 1, size, None, None)
    return [written], [
        Defect(
            "received_before_ordered", "purchase_orders", rel, 2, "received_date", "date_order",
            f"received {row['received_date']}, 3 days before it was ordered ({ordered})",
        )
    ]  # fmt: skip


def _sites(ctx: DirtyContext) -> Step:
    rel = "sites/sites_dirty_01.csv"
    site = ctx.catalog.sites[0]
    code = site.site_id.split("-")[0]
    rows = [
        ["site_id", "name", "city", "state", "warehouse_id", "sla_tier"],
        [f"{code}-9990", "ERB Nova Torre", site.city, "BR", site.warehouse_id, "2"],
    ]
    size = write_rows(ctx.out, rel, rows, STANDARD)
    # A name with an unquoted comma, as a hand-made export writes it: one field too many.
    path = ctx.out / rel
    malformed = f"{code}-9991,ERB Centro, Torre 2,{site.city},{site.state},{site.warehouse_id},3\n"
    with open(path, "a", encoding="utf-8", newline="") as handle:
        handle.write(malformed)
    size = path.stat().st_size
    written = WrittenFile("sites", rel, FileFormat.CSV, 2, size, None, None)
    return [written], [
        Defect(
            "bad_uf", "sites", rel, 2, "state", "accepted_values",
            "'BR' is the country, not a state (UF)",
        ),
        Defect(
            "too_many_fields", "sites", rel, 3, None, "malformed_row",
            "unquoted comma in the name 'ERB Centro, Torre 2': 7 fields for a 6-column header",
        ),
    ]  # fmt: skip


def _items(ctx: DirtyContext) -> Step:
    rel = "items/items_dirty_01.csv"
    item = ctx.catalog.items[0]
    rows = [
        ["item_id", "item_name", "category", "unit", "unit_cost", "criticality", "supplier_id"],
        [
            _unknown_item_id(ctx, 1), "Conector N fêmea para painel", "Conectores RF", "UN",
            "52,30", "D", item.supplier_id,
        ],
    ]  # fmt: skip
    size = write_rows(ctx.out, rel, rows, EXCEL_BR)
    written = WrittenFile("items", rel, FileFormat.CSV, 1, size, None, None)
    return [written], [
        Defect(
            "bad_criticality",
            "items",
            rel,
            2,
            "criticality",
            "accepted_values",
            "criticality 'D': only A, B and C exist",
        )
    ]
