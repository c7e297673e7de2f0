"""How much maintenance work happens on a given day.

Crews work Monday to Friday, a reduced shift on Saturday and only emergencies on Sunday. National
holidays (the ``holidays`` package, Brazil) stop almost all work; Carnival, Ash Wednesday (morning
off), Corpus Christi and the eves of Christmas and New Year are "pontos facultativos" with reduced
crews, and a working day squeezed between a holiday and the weekend is a "ponte" (bridge) that many
take off.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays
import numpy as np

# Monday .. Sunday.
WEEKDAY_FACTOR = (1.05, 1.05, 1.0, 1.0, 0.9, 0.3, 0.05)
PUBLIC_HOLIDAY_FACTOR = 0.06
BRIDGE_FACTOR = 0.6
OPTIONAL_FACTOR = {
    "Carnival": 0.3,
    "Ash Wednesday": 0.6,
    "Corpus Christi": 0.5,
    "Christmas Eve": 0.4,
    "New Year's Eve": 0.4,
}
# Average of the weekday factors, what a planner sees as "demand per calendar day" over a year.
WEEK_AVERAGE = sum(WEEKDAY_FACTOR) / 7


@lru_cache(maxsize=64)
def _public(year: int) -> frozenset[date]:
    return frozenset(holidays.Brazil(years=year, language="en_US"))


@lru_cache(maxsize=64)
def _optional(year: int) -> dict[date, str]:
    found = holidays.Brazil(years=year, categories=("optional",), language="en_US")
    return {d: str(name) for d, name in found.items()}


def is_public_holiday(day: date) -> bool:
    return day in _public(day.year)


def work_factor(day: date) -> float:
    """Relative amount of maintenance work on ``day`` (1.0 = an ordinary Wednesday)."""
    factor = WEEKDAY_FACTOR[day.weekday()]
    if is_public_holiday(day):
        return factor * PUBLIC_HOLIDAY_FACTOR
    name = _optional(day.year).get(day)
    if name is not None:
        factor *= OPTIONAL_FACTOR.get(name, 1.0)
    if day.weekday() == 0 and is_public_holiday(day + timedelta(days=1)):
        factor *= BRIDGE_FACTOR
    if day.weekday() == 4 and is_public_holiday(day - timedelta(days=1)):
        factor *= BRIDGE_FACTOR
    if day.month == 12 and 26 <= day.day <= 30:
        factor *= 0.75  # collective holidays between Christmas and New Year
    return factor


def season_factor(day: date, peak_doy: np.ndarray, amplitude: np.ndarray) -> np.ndarray:
    """1 + amplitude * cos(2 pi (doy - peak) / 365.25): failures rise in the rainy season."""
    doy = day.timetuple().tm_yday
    return 1.0 + amplitude * np.cos(2.0 * np.pi * (doy - peak_doy) / 365.25)
