"""The bad-input corpus: one entry per defect, each with the files that carry it and what must
happen to them. ``README.md`` in this folder is rendered from this table (``python -m
tests.corpus.readme``) and a test keeps the two identical.

Every case uses keys of its own (``<CASE>-n``) on top of the baseline's master data
(``baseline.py``), so all cases of a run share one pipeline run without touching each other.
Files whose defect lives in the bytes (encodings, NUL) are checked in under ``files/``; the rest
are written here as text or built deterministically (Parquet, the 1 MB field).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from textwrap import dedent

import pyarrow as pa
import pyarrow.parquet as pq

from tests.corpus.expect import Current, Note, Rows, Unreadable, Value

FILES = Path(__file__).parent / "files"
C_HEADER = "txn_id,txn_date,site_id,item_id,quantity,work_order_id"
I_HEADER = "item_id,item_name,category,unit,unit_cost,criticality,supplier_id"
INV_HEADER = "snapshot_date,warehouse_id,item_id,on_hand,on_order"
PO_HEADER = "po_id,item_id,warehouse_id,supplier_id,order_date,expected_date,received_date,quantity"


@dataclass(frozen=True)
class Case:
    id: str
    source: str
    defect: str
    files: dict[str, bytes]  # file name in landing/<source>/ -> content, in landing order
    expect: tuple
    run: int = 1  # 2: dropped after the first run, as a later batch
    checked_in: bool = False

    @property
    def file(self) -> str:
        """The display name of the case's (last) file, as reject reasons name it."""
        return f"landing/{self.source}/{list(self.files)[-1]}"

    def landing_name(self, name: str) -> str:
        return f"landing/{self.source}/{name}"


def text(body: str) -> bytes:
    return dedent(body).lstrip("\n").encode("utf-8")


def checked_in(source: str, name: str) -> dict[str, bytes]:
    return {name: (FILES / source / name).read_bytes()}


def parquet(columns: dict[str, pa.Array | list]) -> bytes:
    out = io.BytesIO()
    pq.write_table(pa.table(columns), out)
    return out.getvalue()


def consumption_parquet(**overrides: pa.Array | list) -> dict[str, pa.Array | list]:
    columns: dict[str, pa.Array | list] = {
        "txn_id": ["P-1", "P-2", "P-3"],
        "txn_date": ["2026-10-05", "2026-10-05", "2026-10-06"],
        "site_id": ["SPO-0042", "SPO-0043", "REC-0007"],
        "item_id": ["000123", "000777", "004512"],
        "quantity": [1.0, 2.5, 1.0],
    }
    columns.update(overrides)
    return columns


def _truncated_parquet() -> bytes:
    whole = parquet(consumption_parquet(txn_id=["F04-1", "F04-2", "F04-3"]))
    return whole[: len(whole) // 2]


HUGE = "X" * (1 << 20)  # a 1 MB value

# fmt: off
RAW_CASES: tuple[Case, ...] = (
    # --- encodings -------------------------------------------------------------------------
    Case(
        "E01", "items", "Latin-1 file from Excel pt-BR: `;`, CRLF, decimal comma, `1.289,90`",
        checked_in("items", "e01_latin1_excel.csv"),
        (Rows(silver=[2, 3]), Value(2, "item_name", "Bateria Lítio Módulo 48V"),
         Value(2, "unit_cost", 1289.9), Value(2, "criticality", "A"),
         Value(3, "unit_cost", 18.5)),
        checked_in=True,
    ),
    Case(
        "E02", "warehouses", "UTF-8 with a byte-order mark before the first header name",
        checked_in("warehouses", "e02_utf8_bom.csv"),
        (Rows(silver=[2]), Value(2, "warehouse_id", "CD-RJ01"), Value(2, "city", "Niterói"),
         Note("byte-order mark")),
        checked_in=True,
    ),
    Case(
        "E03", "sites", "mixed encoding: UTF-8 file with one row pasted from a Latin-1 system",
        checked_in("sites", "e03_mixed_encoding.csv"),
        (Rows(silver=[2, 3, 4]), Value(2, "city", "São Paulo"),
         Value(3, "city", "Ribeirão Preto"), Value(4, "name", "ERB Olinda Sé"),
         Note("read as Windows-1252")),
        checked_in=True,
    ),
    Case(
        "E04", "consumption", "an invalid UTF-8 byte (0xFF) inside an ID",
        checked_in("consumption", "e04_invalid_utf8_byte.csv"),
        (Rows(silver=[2, 4], rejects=[(3, "txn_id", "id_format")]),),
        checked_in=True,
    ),
    Case(
        "E05", "consumption", "NUL byte inside an ID",
        checked_in("consumption", "e05_nul_in_id.csv"),
        (Rows(silver=[3], rejects=[(2, "item_id", "id_format")]),),
        checked_in=True,
    ),
    Case(
        "E06", "consumption", "file padded with NUL bytes after the last row (interrupted copy)",
        checked_in("consumption", "e06_nul_padded_tail.csv"),
        (Rows(silver=[2, 3], rejects=[(4, "(row)", "malformed_row")]),),
        checked_in=True,
    ),
    # --- delimiters ------------------------------------------------------------------------
    Case(
        "D01", "consumption", "`;` delimiter with decimal comma quantities",
        {"d01_semicolon.csv": text("""
            txn_id;txn_date;site_id;item_id;quantity;work_order_id
            D01-1;2026-10-02;SPO-0042;000777;12,5;OS-3001
            D01-2;2026-10-03;SPO-0043;000777;1.234,5;
            """)},
        (Rows(silver=[2, 3]), Value(2, "quantity", 12.5), Value(3, "quantity", 1234.5)),
    ),
    Case(
        "D02", "inventory", "tab-delimited file",
        {"d02_tab.txt": text("""
            snapshot_date\twarehouse_id\titem_id\ton_hand\ton_order
            2026-10-07\tCD-SP01\t000123\t7\t0
            """)},
        (Rows(silver=[2]), Value(2, "on_hand", 7.0)),
    ),
    Case(
        "D03", "purchase_orders", "pipe-delimited file",
        {"d03_pipe.csv": text("""
            po_id|item_id|warehouse_id|supplier_id|order_date|expected_date|received_date|quantity
            D03-1|000777|CD-SP01|F001|2026-10-01|2026-10-20||30
            """)},
        (Rows(silver=[2]), Value(2, "received_date", None)),
    ),
    Case(
        "D04", "consumption", "one row written with `;` in a `,` file",
        {"d04_mixed_delimiter.csv": text(f"""
            {C_HEADER}
            D04-1,2026-10-02,SPO-0042,000123,1,
            D04-2;2026-10-02;SPO-0042;000123;1;
            D04-3,2026-10-03,SPO-0042,000123,1,
            """)},
        (Rows(silver=[2, 4], rejects=[(3, "(row)", "malformed_row")]),),
    ),
    Case(
        "D05", "consumption", "unquoted decimal comma in a `,` file: one field too many",
        {"d05_extra_field.csv": text(f"""
            {C_HEADER}
            D05-1,2026-10-02,SPO-0042,000777,2,5,OS-1
            D05-2,2026-10-02,SPO-0042,000777,2,OS-2
            """)},
        (Rows(silver=[3], rejects=[(2, "(row)", "malformed_row")]),),
    ),
    # --- headers ---------------------------------------------------------------------------
    Case(
        "H01", "consumption", "required column `quantity` missing from the header",
        {"h01_missing_column.csv": text("""
            txn_id,txn_date,site_id,item_id,work_order_id
            H01-1,2026-10-02,SPO-0042,000123,OS-1
            H01-2,2026-10-03,SPO-0042,000123,OS-2
            """)},
        (Rows(silver=[], rejects=[(2, "quantity", "missing_column"),
                                  (3, "quantity", "missing_column")]),),
    ),
    Case(
        "H02", "items", "duplicate column `item_name` (the first one is read)",
        {"h02_duplicate_column.csv": text(f"""
            {I_HEADER},item_name
            H02-1,Antena Setorial 65 graus,Antenas,UN,2100.00,B,F002,Antena velha
            """)},
        (Rows(silver=[2]), Value(2, "item_name", "Antena Setorial 65 graus"),
         Note("['item_name'] appear more than once in the header; the first")),
    ),
    Case(
        "H03", "suppliers", "unknown extra column",
        {"h03_extra_column.csv": text("""
            supplier_id,name,nominal_lead_time_days,comprador
            H03-1,Fornecedor Extra,14,Ana
            """)},
        (Rows(silver=[2]), Note("comprador")),
    ),
    Case(
        "H04", "inventory", "header only, no data row",
        {"h04_header_only.csv": text(f"""
            {INV_HEADER}
            """)},
        (Rows(silver=[]),),
    ),
    Case(
        "H05", "warehouses", "header names in other case, with spaces around them",
        {"h05_header_case.csv": text("""
             Warehouse_ID ;NAME; City ;STATE;Region
            CD-BA01;CD Salvador;Salvador;ba;ne
            """)},
        (Rows(silver=[2]), Value(2, "state", "BA"), Value(2, "region", "NE")),
    ),
    Case(
        "H06", "consumption", "no header row: the first record is read as the header",
        {"h06_no_header.csv": text("""
            H06-1,2026-10-02,SPO-0042,000123,1,
            H06-2,2026-10-02,SPO-0042,000123,1,
            """)},
        (Rows(silver=[], rejects=[(2, "txn_id", "missing_column")]),),
    ),
    Case(
        "H07", "consumption", "blank first line before the header",
        {"h07_blank_first_line.csv": b"\n" + text(f"""
            {C_HEADER}
            H07-1,2026-10-02,SPO-0042,000123,1,
            """)},
        (Unreadable("first line is blank"),),
    ),
    # --- types -----------------------------------------------------------------------------
    Case(
        "T01", "consumption", "text in a numeric column",
        {"t01_text_number.csv": text(f"""
            {C_HEADER}
            T01-1,2026-10-02,SPO-0042,000123,dois,
            T01-2,2026-10-02,SPO-0042,000123,2,
            """)},
        (Rows(silver=[3], rejects=[(2, "quantity", "number_format")]),),
    ),
    Case(
        "T02", "consumption", "pt-BR `1.234,56` in a file with decimal point",
        {"t02_grouped_in_dot_file.csv": text(f"""
            {C_HEADER}
            T02-1,2026-10-02,SPO-0042,000777,"1.234,56",
            T02-2,2026-10-02,SPO-0042,000777,0.5,
            T02-3,2026-10-02,SPO-0042,000777,1.5,
            """)},
        (Rows(silver=[3, 4], rejects=[(2, "quantity", "number_format")]),
         Value(3, "quantity", 0.5)),
    ),
    Case(
        "T03", "consumption", "scientific notation in a CSV number",
        {"t03_scientific.csv": text(f"""
            {C_HEADER}
            T03-1,2026-10-02,SPO-0042,000777,1.5E+3,
            T03-2,2026-10-02,SPO-0042,000777,3,
            """)},
        (Rows(silver=[3], rejects=[(2, "quantity", "number_format")]),),
    ),
    Case(
        "T04", "items", "IDs with leading zeros stay text (`000900`, and `000123` referenced)",
        {"t04_leading_zeros.csv": text(f"""
            {I_HEADER}
            000900,Fusível NH 100A,Proteção,UN,35.00,C,F001
            """)},
        (Rows(silver=[2]), Value(2, "item_id", "000900")),
    ),
    Case(
        "T05", "consumption", "Parquet with numeric item_id: `000123` arrived as 123",
        {"t05_numeric_ids.parquet": parquet(consumption_parquet(
            txn_id=["T05-1", "T05-2", "T05-3"], item_id=pa.array([123, 123, 777], pa.int64())))},
        (Rows(silver=[], rejects=[(1, "item_id", "unknown_reference"),
                                  (2, "item_id", "unknown_reference"),
                                  (3, "item_id", "unknown_reference")]),
         Note("leading zeros")),
    ),
    Case(
        "T06", "consumption", "Parquet with wrong column types (text quantity, timestamp date)",
        {"t06_wrong_types.parquet": parquet(consumption_parquet(
            txn_id=["T06-1", "T06-2", "T06-3"],
            txn_date=pa.array([datetime(2026, 10, 5, 14, 30)] * 3, pa.timestamp("us")),
            quantity=["2", "abc", "1.5"]))},
        (Rows(silver=[1, 3], rejects=[(2, "quantity", "number_format")]),
         Value(1, "txn_date", date(2026, 10, 5)), Value(3, "quantity", 1.5)),
    ),
    Case(
        "T07", "consumption", "Parquet float quantities that print in scientific notation",
        {"t07_small_floats.parquet": parquet(consumption_parquet(
            txn_id=["T07-1", "T07-2", "T07-3"], quantity=[0.00005, 2.5e-7, 1.0]))},
        (Rows(silver=[1, 2, 3]), Value(1, "quantity", 0.00005), Value(2, "quantity", 2.5e-7)),
    ),
    Case(
        "T08", "suppliers", "fractional lead time where a whole number is required",
        {"t08_fraction.csv": text("""
            supplier_id,name,nominal_lead_time_days
            T08-1,Fornecedor Fracionado,2.5
            T08-2,Fornecedor Inteiro,21.0
            """)},
        (Rows(silver=[3], rejects=[(2, "nominal_lead_time_days", "integer")]),
         Value(3, "nominal_lead_time_days", 21)),
    ),
    Case(
        "T09", "items", "criticality outside A/B/C (lower case is accepted)",
        {"t09_criticality.csv": text(f"""
            {I_HEADER}
            T09-1,Disjuntor 32A,Proteção,UN,45.00,D,F001
            T09-2,Disjuntor 40A,Proteção,UN,47.00,b,F001
            """)},
        (Rows(silver=[3], rejects=[(2, "criticality", "accepted_values")]),
         Value(3, "criticality", "B")),
    ),
    Case(
        "T10", "warehouses", "unknown UF and region",
        {"t10_codes.csv": text("""
            warehouse_id,name,city,state,region
            T10-1,CD Lugar Nenhum,Atlantida,XX,SE
            T10-2,CD Porto Alegre,Porto Alegre,RS,SUL
            T10-3,CD Curitiba,Curitiba,PR,S
            """)},
        (Rows(silver=[4], rejects=[(2, "state", "accepted_values"),
                                   (3, "region", "accepted_values")]),),
    ),
    Case(
        "T11", "sites", "SLA tier outside 1-3: an optional label, the tower is kept",
        {"t11_sla_tier.csv": text("""
            site_id,name,city,state,warehouse_id,sla_tier
            T11-1,ERB Tier Sete,Recife,PE,CD-PE01,7
            T11-2,ERB Sem Tier,Recife,PE,CD-PE01,
            """)},
        (Rows(silver=[2, 3]), Value(2, "sla_tier", None), Value(3, "sla_tier", None),
         Note("unexpected sla_tier (first: row 2, '7'")),
    ),
    Case(
        "T12", "consumption", "required value empty, and an ID with a space",
        {"t12_required_and_id.csv": text(f"""
            {C_HEADER}
            ,2026-10-02,SPO-0042,000123,1,
            T12 2,2026-10-02,SPO-0042,000123,1,
            T12-3,2026-10-02,SPO-0042,000123,1,
            """)},
        (Rows(silver=[4], rejects=[(2, "txn_id", "required"), (3, "txn_id", "id_format")]),),
    ),
    # --- dates -----------------------------------------------------------------------------
    Case(
        "DT1", "consumption", "impossible date 31/02",
        {"dt1_31_feb.csv": text(f"""
            {C_HEADER}
            DT1-1,31/02/2026,SPO-0042,000123,1,
            DT1-2,14/10/2026,SPO-0042,000123,1,
            """)},
        (Rows(silver=[3], rejects=[(2, "txn_date", "date_format")]),
         Value(3, "txn_date", date(2026, 10, 14))),
    ),
    Case(
        "DT2", "consumption", "dates in formats outside the contract (US, dashes, slashes)",
        {"dt2_formats.csv": text(f"""
            {C_HEADER}
            DT2-1,10/13/2026,SPO-0042,000123,1,
            DT2-2,13-10-2026,SPO-0042,000123,1,
            DT2-3,2026/10/13,SPO-0042,000123,1,
            DT2-4,2026-10-13 08:15:00,SPO-0042,000123,1,
            """)},
        (Rows(silver=[5], rejects=[(2, "txn_date", "date_format"), (3, "txn_date", "date_format"),
                                   (4, "txn_date", "date_format")]),
         Value(5, "txn_date", date(2026, 10, 13))),
    ),
    Case(
        "DT3", "consumption", "transaction far in the future",
        {"dt3_future.csv": text(f"""
            {C_HEADER}
            DT3-1,2099-01-01,SPO-0042,000123,1,
            DT3-2,2026-10-10,SPO-0042,000123,1,
            """)},
        (Rows(silver=[3], rejects=[(2, "txn_date", "not_future")]),),
    ),
    Case(
        "DT4", "inventory", "stock position dated in the future",
        {"dt4_future.csv": text(f"""
            {INV_HEADER}
            2099-12-31,CD-SP01,000123,5,0
            2026-10-07,CD-SP01,004512,2,0
            """)},
        (Rows(silver=[3], rejects=[(2, "snapshot_date", "not_future")]),),
    ),
    Case(
        "DT5", "purchase_orders", "promised date more than 5 years ahead, and one before 2000",
        {"dt5_range.csv": text(f"""
            {PO_HEADER}
            DT5-1,000123,CD-SP01,F001,2026-10-01,2099-01-01,,5
            DT5-2,000123,CD-SP01,F001,1999-12-31,2026-10-20,,5
            DT5-3,000123,CD-SP01,F001,2026-10-01,2026-10-20,,5
            """)},
        (Rows(silver=[4], rejects=[(2, "expected_date", "date_range"),
                                   (3, "order_date", "date_range")]),),
    ),
    Case(
        "DT6", "purchase_orders", "order_date after received_date (and after expected_date)",
        {"dt6_order.csv": text(f"""
            {PO_HEADER}
            DT6-1,004512,CD-PE01,F002,2026-10-10,2026-10-30,2026-10-05,2
            DT6-2,004512,CD-PE01,F002,2026-10-10,2026-10-01,,2
            DT6-3,004512,CD-PE01,F002,2026-10-01,2026-10-10,2026-10-10,2
            """)},
        (Rows(silver=[4], rejects=[(2, "received_date", "date_order"),
                                   (3, "expected_date", "date_order")]),),
    ),
    # --- negatives and zeros ---------------------------------------------------------------
    Case(
        "N01", "consumption", "negative and zero quantity issued",
        {"n01_quantity.csv": text(f"""
            {C_HEADER}
            N01-1,2026-10-02,SPO-0042,000123,-2,
            N01-2,2026-10-02,SPO-0042,000123,0,
            N01-3,2026-10-02,SPO-0042,000123,2,
            """)},
        (Rows(silver=[4], rejects=[(2, "quantity", "positive"), (3, "quantity", "positive")]),),
    ),
    Case(
        "N02", "inventory", "negative stock and negative on-order (zero stock is valid)",
        {"n02_stock.csv": text(f"""
            {INV_HEADER}
            2026-10-08,CD-PE01,000123,-1,0
            2026-10-08,CD-PE01,004512,1,-3
            2026-10-08,CD-PE01,000777,0,0
            """)},
        (Rows(silver=[4], rejects=[(2, "on_hand", "non_negative"),
                                   (3, "on_order", "non_negative")]),
         Value(4, "on_hand", 0.0)),
    ),
    Case(
        "N03", "purchase_orders", "zero and negative quantity ordered",
        {"n03_quantity.csv": text(f"""
            {PO_HEADER}
            N03-1,000123,CD-SP01,F001,2026-10-01,2026-10-20,,0
            N03-2,000123,CD-SP01,F001,2026-10-01,2026-10-20,,-4
            """)},
        (Rows(silver=[], rejects=[(2, "quantity", "positive"), (3, "quantity", "positive")]),),
    ),
    Case(
        "N04", "items", "negative unit cost (zero is valid)",
        {"n04_cost.csv": text(f"""
            {I_HEADER}
            N04-1,Parafuso M8,Fixação,UN,-10,C,F001
            N04-2,Brinde,Diversos,UN,0,C,F001
            """)},
        (Rows(silver=[3], rejects=[(2, "unit_cost", "non_negative")]),),
    ),
    Case(
        "N05", "suppliers", "zero and negative nominal lead time",
        {"n05_lead_time.csv": text("""
            supplier_id,name,nominal_lead_time_days
            N05-1,Fornecedor Zero,0
            N05-2,Fornecedor Negativo,-5
            """)},
        (Rows(silver=[], rejects=[(2, "nominal_lead_time_days", "positive"),
                                  (3, "nominal_lead_time_days", "positive")]),),
    ),
    # --- duplicates ------------------------------------------------------------------------
    Case(
        "DU1", "consumption", "exact duplicate row in one file",
        {"du1_exact.csv": text(f"""
            {C_HEADER}
            DU1-1,2026-10-02,SPO-0042,000123,1,OS-9
            DU1-1,2026-10-02,SPO-0042,000123,1,OS-9
            """)},
        (Rows(silver=[3], duplicates=[2]),),
    ),
    Case(
        "DU2", "inventory", "same key (day, warehouse, item) twice in one file, values differ",
        {"du2_same_key.csv": text(f"""
            {INV_HEADER}
            2026-10-09,CD-SP01,000777,150,0
            2026-10-09,CD-SP01,000777,149,0
            """)},
        (Rows(silver=[3], duplicates=[2]), Value(3, "on_hand", 149.0)),
    ),
    Case(
        "DU3", "consumption", "same txn_id in two files of one delivery: the later file wins",
        {"du3_a.csv": text(f"""
            {C_HEADER}
            DU3-1,2026-10-04,SPO-0042,000777,5,
            """), "du3_b.csv": text(f"""
            {C_HEADER}
            DU3-1,2026-10-04,SPO-0042,000777,6,
            """)},
        (Rows(silver=[2], file="landing/consumption/du3_a.csv"), Rows(silver=[2]),
         Current("consumption", {"txn_id": "DU3-1"}, "quantity", 6.0,
                 gold=("fct_consumption", {}, "quantity"))),
    ),
    Case(
        "DU4", "consumption", "a later delivery repeats a transaction with a new quantity",
        {"du4_resent.csv": text(f"""
            {C_HEADER}
            TX0004,2026-10-06,SPO-0042,000777,40,OS-1003
            """)},
        (Rows(silver=[2]),
         Current("consumption", {"txn_id": "TX0004"}, "quantity", 40.0,
                 gold=("fct_consumption", {}, "quantity"))),
        run=2,
    ),
    Case(
        "DU5", "items", "a later delivery renames an item: the newest master data wins",
        {"du5_renamed.csv": text(f"""
            {I_HEADER}
            000777,Cabo RF 1/2 pol (rolo 50 m),Cabos,M,12.50,C,F001
            """)},
        (Rows(silver=[2]),
         Current("items", {"item_id": "000777"}, "item_name", "Cabo RF 1/2 pol (rolo 50 m)",
                 gold=("dim_item", {}, "item_name"))),
        run=2,
    ),
    # --- foreign keys ----------------------------------------------------------------------
    Case(
        "FK1", "consumption", "unknown tower (site_id)",
        {"fk1_site.csv": text(f"""
            {C_HEADER}
            FK1-1,2026-10-02,XXX-9999,000123,1,
            FK1-2,2026-10-02,SPO-0042,000123,1,
            """)},
        (Rows(silver=[3], rejects=[(2, "site_id", "unknown_reference")]),),
    ),
    Case(
        "FK2", "consumption", "unknown item, and `123` for item `000123`",
        {"fk2_item.csv": text(f"""
            {C_HEADER}
            FK2-1,2026-10-02,SPO-0042,999999,1,
            FK2-2,2026-10-02,SPO-0042,123,1,
            """)},
        (Rows(silver=[], rejects=[(2, "item_id", "unknown_reference"),
                                  (3, "item_id", "unknown_reference")]),),
    ),
    Case(
        "FK3", "inventory", "unknown warehouse",
        {"fk3_warehouse.csv": text(f"""
            {INV_HEADER}
            2026-10-08,CD-XX99,000123,1,0
            """)},
        (Rows(silver=[], rejects=[(2, "warehouse_id", "unknown_reference")]),),
    ),
    Case(
        "FK4", "purchase_orders", "unknown supplier",
        {"fk4_supplier.csv": text(f"""
            {PO_HEADER}
            FK4-1,000123,CD-SP01,F999,2026-10-01,2026-10-20,,5
            """)},
        (Rows(silver=[], rejects=[(2, "supplier_id", "unknown_reference")]),),
    ),
    Case(
        "FK5", "sites", "tower served by an unknown warehouse",
        {"fk5_warehouse.csv": text("""
            site_id,name,city,state,warehouse_id,sla_tier
            FK5-1,ERB Fantasma,Manaus,AM,CD-AM99,1
            """)},
        (Rows(silver=[], rejects=[(2, "warehouse_id", "unknown_reference")]),),
    ),
    Case(
        "FK6", "items", "item of an unknown supplier",
        {"fk6_supplier.csv": text(f"""
            {I_HEADER}
            FK6-1,Gerador Diesel,Energia,UN,55000.00,A,F999
            """)},
        (Rows(silver=[], rejects=[(2, "supplier_id", "unknown_reference")]),),
    ),
    Case(
        "FK7", "consumption", "refers to an item whose own master row was rejected (T09-1)",
        {"fk7_rejected_item.csv": text(f"""
            {C_HEADER}
            FK7-1,2026-10-02,SPO-0042,T09-1,1,
            FK7-2,2026-10-02,SPO-0042,T09-2,1,
            """)},
        (Rows(silver=[3], rejects=[(2, "item_id", "unknown_reference")]),),
    ),
    # --- empty and truncated files ---------------------------------------------------------
    Case(
        "F01", "consumption", "empty file (0 bytes)",
        {"f01_empty.csv": b""},
        (Rows(silver=[]), Note("empty file")),
    ),
    Case(
        "F02", "consumption", "CSV cut in the middle of its last row",
        {"f02_cut_mid_row.csv": text(f"""
            {C_HEADER}
            F02-1,2026-10-02,SPO-0042,000123,1,
            F02-2,2026-10-02,SPO-0042,000123,1,
            F02-3,2026-10-0""").rstrip(b"\n")},
        (Rows(silver=[2, 3], rejects=[(4, "(row)", "malformed_row")]),),
    ),
    Case(
        "F03", "suppliers", "CSV cut inside a quoted value (the quote never closes)",
        {"f03_cut_in_quote.csv": text("""
            supplier_id,name,nominal_lead_time_days
            F03-1,Fornecedor Inteiro,10
            F03-2,"Fornecedor, Cortado""").rstrip(b"\n")},
        (Rows(silver=[2], rejects=[(3, "(row)", "malformed_row")]),),
    ),
    Case(
        "F04", "consumption", "Parquet file truncated to half its size",
        {"f04_truncated.parquet": _truncated_parquet()},
        (Unreadable("not a readable Parquet file"),),
    ),
    Case(
        "F05", "inventory", "CSV text saved with a .parquet name",
        {"f05_not_parquet.parquet": text(f"""
            {INV_HEADER}
            2026-10-08,CD-SP01,000123,1,0
            """)},
        (Unreadable("not a readable Parquet file"),),
    ),
    # --- huge fields, quotes, embedded newlines, blank lines -------------------------------
    Case(
        "X01", "items", "1 MB item name",
        {"x01_huge_name.csv": (
            f"{I_HEADER}\nX01-1,{HUGE},Cabos,M,1.00,C,F001\nX01-2,Cabo curto,Cabos,M,1.00,C,F001\n"
        ).encode()},
        (Rows(silver=[3], rejects=[(2, "item_name", "max_length")]),),
    ),
    Case(
        "X02", "consumption", "1 MB value in an ID column (the message shows it cut)",
        {"x02_huge_id.csv": (
            f"{C_HEADER}\n{HUGE},2026-10-02,SPO-0042,000123,1,\n"
            f"X02-2,2026-10-02,SPO-0042,000123,1,\n"
        ).encode()},
        (Rows(silver=[3], rejects=[(2, "txn_id", "id_format")]),),
    ),
    Case(
        "Q01", "suppliers", "quoted name with delimiter and newline; a bad row after it",
        {"q01_multiline.csv": text("""
            supplier_id,name,nominal_lead_time_days
            Q01-1,"Silva, Irmãos
            & Cia Ltda",10
            Q01-2,"Cabo 1/2"" Ltda",0
            Q01-3,"Cabo 1/2"" Ltda",12
            """)},
        (Rows(silver=[2, 4], rejects=[(3, "nominal_lead_time_days", "positive")]),
         Value(2, "name", "Silva, Irmãos\n& Cia Ltda"), Value(4, "name", 'Cabo 1/2" Ltda')),
    ),
    Case(
        "Q02", "consumption", "blank lines inside the file keep spreadsheet row numbers",
        {"q02_blank_lines.csv": text(f"""
            {C_HEADER}
            Q02-1,2026-10-02,SPO-0042,000123,1,


            Q02-2,2026-10-02,SPO-0042,000123,-1,
            """)},
        (Rows(silver=[2], rejects=[(5, "quantity", "positive")]), Note("blank line")),
    ),
)
# fmt: on
