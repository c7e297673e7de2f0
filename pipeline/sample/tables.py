"""Arrow tables in the raw-data contract's column order, built from the catalog and the
simulation. IDs are always strings ("000123" stays "000123"); quantities are item units.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pipeline.contract.reader import ROW_NUMBER
from pipeline.contract.schema import SOURCES
from pipeline.contract.validate import arrow_schema
from pipeline.sample.catalog import Catalog, Item
from pipeline.sample.demand import TENTHS
from pipeline.sample.simulate import DayRecord

_EPOCH = date(1970, 1, 1).toordinal()

# Typed columns exactly as the raw-data contract declares them, in its order.
SCHEMAS: dict[str, pa.Schema] = {
    name: pa.schema([f.with_nullable(True) for f in arrow_schema(source) if f.name != ROW_NUMBER])
    for name, source in SOURCES.items()
}


def dates(ordinals: np.ndarray) -> pa.Array:
    return pa.array((ordinals - _EPOCH).astype("datetime64[D]"), type=pa.date32())


def _prefixed(prefix: str, numbers: np.ndarray, width: int) -> pa.Array:
    digits = pc.utf8_lpad(pc.cast(pa.array(numbers), pa.string()), width=width, padding="0")
    return pc.binary_join_element_wise(prefix, digits, "")


def _units(tenths: np.ndarray) -> pa.Array:
    return pa.array(tenths / TENTHS, type=pa.float64())


class CatalogIds:
    """String arrays of catalog IDs, for turning index arrays into ID columns."""

    def __init__(self, catalog: Catalog) -> None:
        self.item = pa.array([i.item_id for i in catalog.items], pa.string())
        self.warehouse = pa.array([w.warehouse_id for w in catalog.warehouses], pa.string())
        self.site = pa.array([s.site_id for s in catalog.sites], pa.string())
        self.supplier = pa.array([s.supplier_id for s in catalog.suppliers], pa.string())
        n_items = len(catalog.items)
        self.series_warehouse = np.repeat(np.arange(len(catalog.warehouses)), n_items)
        self.series_item = np.tile(np.arange(n_items), len(catalog.warehouses))


def consumption_table(records: Sequence[DayRecord], ids: CatalogIds) -> pa.Table:
    sizes = [r.txn_number.size for r in records]
    day = np.repeat([r.day.toordinal() for r in records], sizes)
    wo_year = np.repeat([r.work_order_year for r in records], sizes)
    wo = np.concatenate([r.work_order for r in records]) if records else np.zeros(0, np.int64)
    wo_id = pc.binary_join_element_wise(
        "OS-", pc.cast(pa.array(wo_year), pa.string()), _prefixed("-", np.maximum(wo, 0), 7), ""
    )
    wo_id = pc.if_else(pa.array(wo < 0), pa.scalar(None, pa.string()), wo_id)

    def cat(name: str) -> np.ndarray:
        arrays = [getattr(r, name) for r in records]
        return np.concatenate(arrays) if arrays else np.zeros(0, np.int64)

    columns = [
        _prefixed("TX", cat("txn_number"), 8),
        dates(day),
        ids.site.take(pa.array(cat("site"))),
        ids.item.take(pa.array(cat("item"))),
        _units(cat("quantity")),
        wo_id,
    ]
    return pa.Table.from_arrays(columns, schema=SCHEMAS["consumption"])


def inventory_table(records: Sequence[DayRecord], ids: CatalogIds) -> pa.Table:
    k = len(records)
    n = ids.series_item.size
    day = np.repeat([r.day.toordinal() for r in records], n)
    columns = [
        dates(day),
        ids.warehouse.take(pa.array(np.tile(ids.series_warehouse, k))),
        ids.item.take(pa.array(np.tile(ids.series_item, k))),
        _units(np.concatenate([r.on_hand for r in records])),
        _units(np.concatenate([r.on_order for r in records])),
    ]
    return pa.Table.from_arrays(columns, schema=SCHEMAS["inventory"])


def purchase_order_table(
    log: dict[str, np.ndarray],
    ids: CatalogIds,
    supplier_of_series: np.ndarray,
    start: date,
    first: date,
    end: date,
) -> pa.Table:
    """Purchase order lines as of ``end``, for files covering ``first``..``end``.

    A full extract (first = start) holds every line ordered up to ``end`` and not received
    before ``start``: lines still open at the start are part of it. An incremental extract
    (first > start) holds the lines ordered or received in ``first``..``end``; a line received
    in the window but ordered earlier appears again, now with its received_date.
    Receipts after ``end`` have not happened yet: received_date is empty (an open line).
    """
    order, receive = log["order_day"], log["receive_day"]
    first_o, end_o = first.toordinal(), end.toordinal()
    if first == start:
        keep = (order <= end_o) & (receive >= first_o)
    else:
        keep = ((order >= first_o) & (order <= end_o)) | ((receive >= first_o) & (receive <= end_o))
    sel = {k: v[keep] for k, v in log.items()}
    series = sel["series"]
    po_id = pc.binary_join_element_wise(
        pc.cast(pa.array(sel["po_number"]), pa.string()),
        pc.cast(pa.array(sel["line"]), pa.string()),
        "-",
    )
    received = dates(sel["receive_day"])
    open_line = pa.array(sel["receive_day"] > end_o)
    received = pc.if_else(open_line, pa.scalar(None, pa.date32()), received)
    columns = [
        po_id,
        ids.item.take(pa.array(ids.series_item[series])),
        ids.warehouse.take(pa.array(ids.series_warehouse[series])),
        ids.supplier.take(pa.array(supplier_of_series[series])),
        dates(sel["order_day"]),
        dates(sel["expected_day"]),
        received,
        _units(sel["quantity"]),
    ]
    return pa.Table.from_arrays(columns, schema=SCHEMAS["purchase_orders"])


# Optional ordering attributes (contract: items.moq, items.order_multiple,
# suppliers.min_order_value_brl), set for some rows only, as a real ERP has them: derived from
# the catalog without drawing random numbers, so every other column stays as it was.
BULK_UNITS = ("M", "KG", "RL")  # sold by the reel, drum or cylinder: a minimum applies


def item_ordering(item: Item) -> tuple[float | None, float | None]:
    """(moq, order_multiple): the pack the simulation orders in becomes the order multiple
    when there is one (> 1); bulk items also carry a minimum of two packs."""
    if item.pack <= 1:
        return None, None
    moq = 2 * item.pack if item.unit in BULK_UNITS else None
    return moq, item.pack


def supplier_minimum(index: int) -> float | None:
    """Every third supplier has a minimum order value (BRL 500, 1,000 or 2,000)."""
    return (500.0, 1000.0, 2000.0)[index // 3 % 3] if index % 3 == 0 else None


def master_tables(catalog: Catalog) -> dict[str, pa.Table]:
    def table(source: str, rows: list[tuple[object, ...]]) -> pa.Table:
        schema = SCHEMAS[source]
        columns = list(zip(*rows, strict=True)) if rows else [[] for _ in schema.names]
        return pa.Table.from_arrays(
            [pa.array(list(col), type=f.type) for col, f in zip(columns, schema, strict=True)],
            schema=schema,
        )

    return {
        "suppliers": table(
            "suppliers",
            [
                (s.supplier_id, s.name, s.nominal_lead_time_days, supplier_minimum(k))
                for k, s in enumerate(catalog.suppliers)
            ],
        ),
        "warehouses": table(
            "warehouses",
            [(w.warehouse_id, w.name, w.city, w.state, w.region) for w in catalog.warehouses],
        ),
        "items": table(
            "items",
            [
                (
                    i.item_id,
                    i.item_name,
                    i.category,
                    i.unit,
                    i.unit_cost,
                    i.criticality,
                    i.supplier_id,
                    *item_ordering(i),
                )
                for i in catalog.items
            ],
        ),
        "sites": table(
            "sites",
            [
                (s.site_id, s.name, s.city, s.state, s.warehouse_id, s.sla_tier)
                for s in catalog.sites
            ],
        ),
    }
