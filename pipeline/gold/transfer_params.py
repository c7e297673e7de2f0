"""Transfer lead times by region pair and the other knobs of ``pipeline.gold.transfers``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import combinations
from types import MappingProxyType

from pipeline.contract.schema import REGIONS

# Regions of Brazil that share a border (the rest are "other": two or more borders away).
ADJACENT_REGIONS = frozenset(
    frozenset(pair)
    for pair in (
        ("N", "NE"), ("N", "CO"), ("NE", "CO"), ("NE", "SE"), ("CO", "SE"), ("CO", "S"),
        ("SE", "S"),
    )
)  # fmt: skip
DEFAULT_TRANSFER_LEAD_TIMES = "same=2,adjacent=5,other=9"


def parse_transfer_lead_times(text: str) -> dict[frozenset[str], int]:
    """Transfer lead time in days for every pair of regions (a region with itself included).

    ``text``: comma-separated ``key=days``; a key is ``same`` (both warehouses in one region),
    ``adjacent`` (neighbouring regions), ``other`` or a region pair such as ``SE-S`` (either
    order), which overrides the class the pair belongs to. Missing classes take the default
    (``same=2,adjacent=5,other=9``). Raises ValueError naming the bad entry.
    """
    classes = dict(entry.split("=") for entry in DEFAULT_TRANSFER_LEAD_TIMES.split(","))
    days = {name: int(value) for name, value in classes.items()}
    pairs: dict[frozenset[str], int] = {}
    for raw in (part.strip() for part in text.split(",")):
        if not raw:
            continue
        key, sep, value = raw.partition("=")
        key = key.strip()
        if not sep or not value.strip().isdigit() or int(value) < 1:
            raise ValueError(f"transfer lead time {raw!r}: expected key=days with days >= 1")
        if key in days:
            days[key] = int(value)
            continue
        regions = key.split("-")
        if len(regions) != 2 or not set(regions) <= set(REGIONS):
            raise ValueError(
                f"transfer lead time {raw!r}: the key is same, adjacent, other or a pair of "
                f"regions ({', '.join(REGIONS)}) such as SE-S"
            )
        pairs[frozenset(regions)] = int(value)
    table = {frozenset([r]): days["same"] for r in REGIONS}
    for a, b in combinations(REGIONS, 2):
        pair = frozenset([a, b])
        table[pair] = days["adjacent"] if pair in ADJACENT_REGIONS else days["other"]
    table.update(pairs)
    return table


@dataclass(frozen=True)
class TransferParams:
    """Knobs of the transfer suggestions (docs/gold-snapshot.md).

    - ``lead_times``: days by region pair (``parse_transfer_lead_times``; the pipeline setting
      ``PIPELINE_TRANSFER_LEAD_TIMES``, default ``same=2,adjacent=5,other=9``);
    - ``excess_margin``: an origin keeps its order-up-to level plus this share of it (0.10);
    - ``min_value_brl``: a transfer moves at least this much stock, BRL (500).
    """

    lead_times: Mapping[frozenset[str], int] = field(
        default_factory=lambda: parse_transfer_lead_times("")
    )
    excess_margin: float = 0.10
    min_value_brl: float = 500.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "lead_times", MappingProxyType(dict(self.lead_times)))
        if self.excess_margin < 0 or self.min_value_brl < 0:
            raise ValueError("TransferParams: excess_margin and min_value_brl must be >= 0")

    @classmethod
    def from_setting(cls, text: str) -> TransferParams:
        return cls(lead_times=parse_transfer_lead_times(text))

    def days(self, region_a: str | None, region_b: str | None) -> int | None:
        return self.lead_times.get(frozenset([region_a, region_b]))
