"""A defect of the dirty sample (``--dirty``) and what its writers share.

Each ``Defect`` is one line of ``<out>/_defects.json``; ``dirty.py`` describes the fields.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

import pyarrow as pa

from pipeline.sample.catalog import Catalog
from pipeline.sample.writers import WrittenFile


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


Step = tuple[list[WrittenFile], list[Defect]]
