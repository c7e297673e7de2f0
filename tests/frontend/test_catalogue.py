"""The dashboard names every code the other parts emit: each model ml_env can choose, each
status, demand class, demand and lead-time source and purchase-proposal reason of gold, in pt-BR and in English (a code without a
message would show raw on screen)."""

from __future__ import annotations

import re

import pytest

from pipeline.gold.forecasts import DEMAND_CLASSES
from pipeline.gold.proposals import REASON_CODES
from pipeline.gold.reorder import DEMAND_SOURCES, LEAD_TIME_SOURCES
from pipeline.gold.tables import GOLD_TABLES, STATUSES
from tests.frontend.conftest import FRONTEND, ROOT

TRANSFER_COMPARED_WITH = next(
    spec.accepted["compared_with"] for spec in GOLD_TABLES if spec.name == "fct_transfer_suggestion"
)
CATALOGUES = [FRONTEND / "src" / "locales" / name for name in ("pt-BR.ts", "en.ts")]


def model_aliases() -> set[str]:
    aliases = set()
    for path in (ROOT / "ml_env" / "models").glob("*.py"):
        aliases |= set(re.findall(r'^\s+alias = "([a-z0-9_]+)"', path.read_text(), re.M))
    return aliases


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda p: p.name)
def test_every_code_has_a_message(catalogue):
    keys = set(re.findall(r"^  (\w+):", catalogue.read_text(), re.M))
    aliases = model_aliases()
    assert {"tsb", "croston_sba", "zero"} <= aliases  # the aliases were found
    wanted = {f"model_{a}" for a in aliases}
    wanted |= {f"st_{s}" for s in STATUSES}
    wanted |= {f"reasonCode_{r}" for r in REASON_CODES}
    wanted |= {f"cls_{c}" for c in DEMAND_CLASSES}
    wanted |= {f"comparedWith_{c}" for c in TRANSFER_COMPARED_WITH}
    wanted |= {f"src_{s}" for s in (*DEMAND_SOURCES, *LEAD_TIME_SOURCES)}
    assert sorted(wanted - keys) == []
