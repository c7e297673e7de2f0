"""The raw-data contract: what the ERP drops in ``landing/<source>/`` (docs/data-contract.md).

Each source is declared once here. The validator (``validate.py``) enforces it and the integrator
documentation (``docs/data-contract.md``) is generated from it, so the three never drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Kind(StrEnum):
    """How a raw value is read. Every raw value arrives as text; the kind says how to type it."""

    ID = "id"  # opaque identifier, kept as a string: "000123" stays "000123"
    TEXT = "text"  # free text, trimmed
    CODE = "code"  # one of a fixed list of values, compared case-insensitively, stored upper-case
    DATE = "date"  # calendar date
    INTEGER = "integer"  # whole number
    DECIMAL = "decimal"  # number with an optional decimal part (`.` or `,` separator)


# Rules, by the stable name that every rejected row carries in `reject_rule`.
RULES: dict[str, str] = {
    "missing_column": "a required column is absent from the file header",
    "malformed_row": "the row does not have the same number of fields as the header",
    "required": "a required value is empty",
    "id_format": "an ID must be 1-64 characters of letters, digits and . _ / -",
    "max_length": "text longer than the column allows",
    "date_format": "not a date in YYYY-MM-DD or DD/MM/YYYY form",
    "date_range": "a date before 2000-01-01, or a promised date more than 5 years ahead",
    "not_future": "a date after the day of the run",
    "number_format": "not a number (decimal separator `.` or `,`; thousands grouped by `.`)",
    "integer": "a whole number is required",
    "positive": "must be greater than zero",
    "non_negative": "must be zero or more",
    "accepted_values": "not one of the accepted values",
    "unknown_reference": "refers to an ID that is not in its master data",
    "date_order": "a date earlier than the one it must follow",
}

MIN_DATE = date(2000, 1, 1)
ID_PATTERN = r"[A-Za-z0-9][A-Za-z0-9._/\-]{0,63}"
MAX_TEXT_LENGTH = 200

# The 27 federative units of Brazil.
UF_CODES: tuple[str, ...] = (
    "AC", "AL", "AP", "AM", "BA", "CE", "DF", "ES", "GO", "MA", "MT", "MS", "MG", "PA",
    "PB", "PR", "PE", "PI", "RJ", "RN", "RS", "RO", "RR", "SC", "SP", "SE", "TO",
)  # fmt: skip
REGIONS: tuple[str, ...] = ("N", "NE", "CO", "SE", "S")
CRITICALITIES: tuple[str, ...] = ("A", "B", "C")
SLA_TIERS: tuple[str, ...] = ("1", "2", "3")


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    description: str
    required: bool = True
    accepted: tuple[str, ...] = ()
    # "positive" (> 0) or "non_negative" (>= 0) for numbers.
    sign: str | None = None
    not_future: bool = False
    # Name of the source whose key this column must match.
    references: str | None = None
    unit: str | None = None
    example: str = ""
    # An optional attribute whose unexpected value must not cost the row (a tower quarantined
    # over a label would drop its consumption): the value becomes null and is counted as a
    # warning instead of a reject.
    lenient: bool = False

    def __post_init__(self) -> None:
        if self.lenient and self.required:
            raise ValueError(f"{self.name}: only an optional column can be lenient")


@dataclass(frozen=True)
class DateOrder:
    """A row-level rule: `later` must not be before `earlier` (when both are present)."""

    later: str
    earlier: str


@dataclass(frozen=True)
class Source:
    name: str
    description: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    date_orders: tuple[DateOrder, ...] = ()

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def required_columns(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(f"{self.name} has no column {name!r}")


SUPPLIERS = Source(
    name="suppliers",
    description="Suppliers of spare parts and their nominal (quoted) lead time.",
    key=("supplier_id",),
    columns=(
        Column("supplier_id", Kind.ID, "Supplier code in the ERP.", example="F00017"),
        Column("name", Kind.TEXT, "Supplier name.", example="Eletro Sul Componentes Ltda"),
        Column(
            "nominal_lead_time_days",
            Kind.INTEGER,
            "Lead time quoted by the supplier, from order to receipt.",
            sign="positive",
            unit="days",
            example="21",
        ),
        Column(
            "min_order_value_brl",
            Kind.DECIMAL,
            "Smallest order value the supplier accepts; empty = no minimum.",
            required=False,
            sign="positive",
            unit="BRL",
            example="1500,00",
            lenient=True,
        ),
    ),
)

WAREHOUSES = Source(
    name="warehouses",
    description="Regional warehouses (CDs) that hold stock and supply towers.",
    key=("warehouse_id",),
    columns=(
        Column("warehouse_id", Kind.ID, "Warehouse code.", example="CD-SP01"),
        Column("name", Kind.TEXT, "Warehouse name.", example="CD São Paulo"),
        Column("city", Kind.TEXT, "City.", example="São Paulo"),
        Column("state", Kind.CODE, "State (UF), two letters.", accepted=UF_CODES, example="SP"),
        Column("region", Kind.CODE, "Region of Brazil.", accepted=REGIONS, example="SE"),
    ),
)

ITEMS = Source(
    name="items",
    description="Spare parts (materials) kept in stock for tower maintenance.",
    key=("item_id",),
    columns=(
        Column("item_id", Kind.ID, "Material code; leading zeros matter.", example="004512"),
        Column("item_name", Kind.TEXT, "Material description.", example="Bateria VRLA 12V 100Ah"),
        Column("category", Kind.TEXT, "Material group.", example="Baterias"),
        Column("unit", Kind.TEXT, "Unit of measure.", example="UN"),
        Column(
            "unit_cost",
            Kind.DECIMAL,
            "Standard cost of one unit.",
            sign="non_negative",
            unit="BRL",
            example="1289,90",
        ),
        Column(
            "criticality",
            Kind.CODE,
            "ABC criticality; sets the target service level (A 99%, B 95%, C 90%).",
            accepted=CRITICALITIES,
            example="A",
        ),
        Column(
            "supplier_id",
            Kind.ID,
            "Usual supplier.",
            references="suppliers",
            example="F00017",
        ),
        Column(
            "moq",
            Kind.DECIMAL,
            "Minimum order quantity; empty = no minimum.",
            required=False,
            sign="positive",
            unit="item unit",
            example="100",
            lenient=True,
        ),
        Column(
            "order_multiple",
            Kind.DECIMAL,
            "Pack size: orders are whole multiples of it (a reel of 100 m); empty = any quantity.",
            required=False,
            sign="positive",
            unit="item unit",
            example="50",
            lenient=True,
        ),
    ),
)

SITES = Source(
    name="sites",
    description="Telecom towers (ERBs) where parts are consumed, each served by one warehouse.",
    key=("site_id",),
    columns=(
        Column("site_id", Kind.ID, "Tower code.", example="SPO-0042"),
        Column("name", Kind.TEXT, "Tower name.", example="ERB Vila Mariana 2"),
        Column("city", Kind.TEXT, "City.", example="São Paulo"),
        Column("state", Kind.CODE, "State (UF), two letters.", accepted=UF_CODES, example="SP"),
        Column(
            "warehouse_id",
            Kind.ID,
            "Warehouse that supplies this tower.",
            references="warehouses",
            example="CD-SP01",
        ),
        Column(
            "sla_tier",
            Kind.CODE,
            "Maintenance SLA tier, 1 (strictest) to 3.",
            required=False,
            accepted=SLA_TIERS,
            example="2",
            lenient=True,
        ),
    ),
)

CONSUMPTION = Source(
    name="consumption",
    description="Parts issued to a tower for a work order: one row per issue transaction.",
    key=("txn_id",),
    columns=(
        Column("txn_id", Kind.ID, "Transaction (material document) number.", example="TX00012345"),
        Column(
            "txn_date",
            Kind.DATE,
            "Day the parts were issued (local time, America/Sao_Paulo).",
            not_future=True,
            example="2026-03-14",
        ),
        Column("site_id", Kind.ID, "Tower.", references="sites", example="SPO-0042"),
        Column("item_id", Kind.ID, "Material.", references="items", example="004512"),
        Column(
            "quantity",
            Kind.DECIMAL,
            "Quantity issued, in the item's unit.",
            sign="positive",
            unit="item unit",
            example="2",
        ),
        Column(
            "work_order_id",
            Kind.ID,
            "Maintenance work order.",
            required=False,
            example="OS-2026-004411",
        ),
    ),
)

INVENTORY = Source(
    name="inventory",
    description=(
        "End-of-day stock position per item and warehouse. A position holds until the next "
        "position of the same item and warehouse, so an ERP may send every day or only changes."
    ),
    key=("snapshot_date", "warehouse_id", "item_id"),
    columns=(
        Column(
            "snapshot_date",
            Kind.DATE,
            "Day of the position (end of day, local time).",
            not_future=True,
            example="2026-03-14",
        ),
        Column("warehouse_id", Kind.ID, "Warehouse.", references="warehouses", example="CD-SP01"),
        Column("item_id", Kind.ID, "Material.", references="items", example="004512"),
        Column(
            "on_hand",
            Kind.DECIMAL,
            "Quantity physically in stock and available.",
            sign="non_negative",
            unit="item unit",
            example="14",
        ),
        Column(
            "on_order",
            Kind.DECIMAL,
            "Quantity ordered from suppliers and not yet received.",
            sign="non_negative",
            unit="item unit",
            example="20",
        ),
    ),
)

PURCHASE_ORDERS = Source(
    name="purchase_orders",
    description=(
        "Purchase order lines; the source of actual lead times. Open lines have no receipt."
    ),
    key=("po_id",),
    columns=(
        Column("po_id", Kind.ID, "Purchase order line number.", example="4500012345-10"),
        Column("item_id", Kind.ID, "Material.", references="items", example="004512"),
        Column(
            "warehouse_id",
            Kind.ID,
            "Receiving warehouse.",
            references="warehouses",
            example="CD-SP01",
        ),
        Column("supplier_id", Kind.ID, "Supplier.", references="suppliers", example="F00017"),
        Column("order_date", Kind.DATE, "Day ordered.", not_future=True, example="2026-02-02"),
        Column("expected_date", Kind.DATE, "Day promised by the supplier.", example="2026-02-23"),
        Column(
            "received_date",
            Kind.DATE,
            "Day received; empty while the order is open.",
            required=False,
            not_future=True,
            example="2026-02-27",
        ),
        Column(
            "quantity",
            Kind.DECIMAL,
            "Quantity ordered, in the item's unit.",
            sign="positive",
            unit="item unit",
            example="20",
        ),
    ),
    date_orders=(
        DateOrder(later="expected_date", earlier="order_date"),
        DateOrder(later="received_date", earlier="order_date"),
    ),
)

# In dependency order: a source only references sources listed before it.
SOURCES: dict[str, Source] = {
    s.name: s
    for s in (SUPPLIERS, WAREHOUSES, ITEMS, SITES, CONSUMPTION, INVENTORY, PURCHASE_ORDERS)
}


def get_source(name: str) -> Source:
    try:
        return SOURCES[name]
    except KeyError:
        known = ", ".join(SOURCES)
        raise KeyError(f"unknown source {name!r}; the contract knows: {known}") from None
