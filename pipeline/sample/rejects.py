"""Rows and files of the dirty sample that the validator must reject, each listed as a Defect
with the rule it must give (``dirty.py`` writes them with the format variants)."""

from __future__ import annotations

from datetime import date, timedelta

import pyarrow as pa

from pipeline.sample.defects import Defect, DirtyContext, Step
from pipeline.sample.writers import (
    EXCEL_BR,
    STANDARD,
    FileFormat,
    WrittenFile,
    csv_text,
    dialect_lines,
    write_rows,
)


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


def consumption(ctx: DirtyContext) -> Step:
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


def missing_column(ctx: DirtyContext) -> Step:
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


def header_only(ctx: DirtyContext) -> Step:
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


def inventory(ctx: DirtyContext) -> Step:
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


def empty_file(ctx: DirtyContext) -> Step:
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


def purchase_orders(ctx: DirtyContext) -> Step:
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


def sites(ctx: DirtyContext) -> Step:
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


def items(ctx: DirtyContext) -> Step:
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
