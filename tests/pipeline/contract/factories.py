"""Small factories for landing files: valid rows per source, written in any ERP dialect."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.contract.schema import SOURCES

VALID_ROWS: dict[str, list[dict[str, str]]] = {
    "suppliers": [
        {"supplier_id": "F00017", "name": "Eletro Sul Componentes Ltda", "nominal_lead_time_days": "21"},
        {"supplier_id": "F00018", "name": "Conecta Telecom S.A.", "nominal_lead_time_days": "35"},
    ],
    "warehouses": [
        {"warehouse_id": "CD-SP01", "name": "CD São Paulo", "city": "São Paulo", "state": "SP", "region": "SE"},
        {"warehouse_id": "CD-PE01", "name": "CD Recife", "city": "Recife", "state": "PE", "region": "NE"},
    ],
    "items": [
        {"item_id": "000123", "item_name": "Bateria VRLA 12V 100Ah", "category": "Baterias",
         "unit": "UN", "unit_cost": "1289.90", "criticality": "A", "supplier_id": "F00017"},
        {"item_id": "004512", "item_name": "Retificador Módulo 48V", "category": "Retificadores",
         "unit": "UN", "unit_cost": "4350.00", "criticality": "B", "supplier_id": "F00018"},
    ],
    "sites": [
        {"site_id": "SPO-0042", "name": "ERB Vila Mariana", "city": "São Paulo", "state": "SP",
         "warehouse_id": "CD-SP01", "sla_tier": "1"},
        {"site_id": "REC-0007", "name": "ERB Boa Viagem", "city": "Recife", "state": "PE",
         "warehouse_id": "CD-PE01", "sla_tier": ""},
    ],
    "consumption": [
        {"txn_id": "TX0001", "txn_date": "2026-03-14", "site_id": "SPO-0042", "item_id": "000123",
         "quantity": "2", "work_order_id": "OS-2026-000441"},
        {"txn_id": "TX0002", "txn_date": "2026-03-15", "site_id": "REC-0007", "item_id": "004512",
         "quantity": "1.5", "work_order_id": ""},
    ],
    "inventory": [
        {"snapshot_date": "2026-03-14", "warehouse_id": "CD-SP01", "item_id": "000123",
         "on_hand": "14", "on_order": "20"},
        {"snapshot_date": "2026-03-14", "warehouse_id": "CD-PE01", "item_id": "004512",
         "on_hand": "0", "on_order": "0"},
    ],
    "purchase_orders": [
        {"po_id": "4500012345-10", "item_id": "000123", "warehouse_id": "CD-SP01",
         "supplier_id": "F00017", "order_date": "2026-02-02", "expected_date": "2026-02-23",
         "received_date": "2026-02-27", "quantity": "20"},
        {"po_id": "4500012346-10", "item_id": "004512", "warehouse_id": "CD-PE01",
         "supplier_id": "F00018", "order_date": "2026-03-01", "expected_date": "2026-04-05",
         "received_date": "", "quantity": "4"},
    ],
}  # fmt: skip

REFERENCES = {
    "suppliers": {"F00017", "F00018"},
    "warehouses": {"CD-SP01", "CD-PE01"},
    "items": {"000123", "004512"},
    "sites": {"SPO-0042", "REC-0007"},
}


def rows_for(source: str, **changes: str) -> list[dict[str, str]]:
    """The valid rows of a source, with `changes` applied to the first row."""
    rows = [dict(r) for r in VALID_ROWS[source]]
    rows[0].update(changes)
    return rows


def csv_bytes(
    rows: Sequence[Mapping[str, str]],
    *,
    columns: Iterable[str] | None = None,
    delimiter: str = ",",
    decimal: str = ".",
    encoding: str = "utf-8",
) -> bytes:
    columns = list(columns) if columns is not None else list(rows[0])
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        values = [row.get(c, "") for c in columns]
        if decimal == ",":
            values = [_comma(v) for v in values]
        writer.writerow(values)
    return out.getvalue().encode(encoding)


def _comma(value: str) -> str:
    try:
        float(value)
    except ValueError:
        return value
    return value.replace(".", ",")


def write_csv(path: Path, rows: Sequence[Mapping[str, str]], **kwargs: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(csv_bytes(rows, **kwargs))  # type: ignore[arg-type]
    return path


def write_parquet(path: Path, rows: Sequence[Mapping[str, object]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pylist(list(rows)), path)
    return path


def write_valid_landing(landing: Path) -> None:
    for source in SOURCES:
        write_csv(landing / source / f"{source}.csv", VALID_ROWS[source])
