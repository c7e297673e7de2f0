"""Planning parameters of the reorder-point calculation (docs/gold-snapshot.md)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from statistics import NormalDist
from types import MappingProxyType

DEFAULT_SERVICE_LEVELS: Mapping[str, float] = MappingProxyType({"A": 0.99, "B": 0.95, "C": 0.90})


@dataclass(frozen=True)
class ReorderParams:
    """Knobs of ``reorder_points``; the defaults are the planners' policy.

    - ``service_levels``: target cycle service level (probability of no stockout in a replenishment
      cycle) by item criticality; default A 0.99, B 0.95, C 0.90.
    - ``review_days``: days between two reviews of the same item; order-up-to adds this much demand.
    - ``min_lead_time_observations``: received purchase orders of the item from its supplier needed
      before their lead times are trusted over the supplier's nominal lead time (3).
    - ``min_lead_time_days``: floor of the lead time, in days (1): a same-day receipt still leaves
      one day of demand exposure, and it keeps ``daily_demand = lead_time_demand / lead_time_days``
      defined.
    - ``history_days``: days of demand history, ending on as_of, used by every history fallback,
      the no_demand test, the history demand class and the empirical quantile (365).
    - ``excess_cover_min_days`` and ``excess_cover_multiple``: a series is in excess when its days
      of cover exceed ``max(excess_cover_min_days, excess_cover_multiple * (L + review_days))``:
      three replenishment cycles of stock, and never less than a quarter (90 days, 3.0).
    - ``stockout_horizon_days``: how far ahead a stockout is projected, in days after as_of; the
      forecast horizon (90). A forecast series is never projected past its last forecast day.
    - ``empirical_classes``: demand classes whose fallback safety stock (no forecast distribution)
      also considers the history quantile of lead-time demand (intermittent, lumpy).
    - ``min_empirical_windows``: lead-time windows of history (censored ones included) needed
      before that quantile is used (90: a quarter of a year of window start days).
    - ``lead_time_mixture_points``: most lead times mixed per series (8); with more received
      orders, that many of their quantiles stand for them, equal weight each.
    - ``insurance_criticalities``: criticalities whose dormant parts keep an insurance reorder
      point (A).
    - ``insurance_lookback_days``: a part with demand within this many days before as_of (and the
      long-run rate over them) is dormant, not dead, when no demand is expected (1095: 3 years).
    """

    service_levels: Mapping[str, float] = field(default_factory=lambda: DEFAULT_SERVICE_LEVELS)
    review_days: int = 7
    min_lead_time_observations: int = 3
    min_lead_time_days: float = 1.0
    history_days: int = 365
    excess_cover_min_days: float = 90.0
    excess_cover_multiple: float = 3.0
    stockout_horizon_days: int = 90
    empirical_classes: tuple[str, ...] = ("intermittent", "lumpy")
    min_empirical_windows: int = 90
    lead_time_mixture_points: int = 8
    insurance_criticalities: tuple[str, ...] = ("A",)
    insurance_lookback_days: int = 1095

    def __post_init__(self) -> None:
        levels = MappingProxyType(dict(self.service_levels))
        object.__setattr__(self, "service_levels", levels)
        object.__setattr__(self, "empirical_classes", tuple(self.empirical_classes))
        object.__setattr__(self, "insurance_criticalities", tuple(self.insurance_criticalities))
        if not levels:
            raise ValueError("ReorderParams.service_levels: at least one criticality is required")
        for criticality, level in levels.items():
            if not 0.0 < level < 1.0:
                raise ValueError(
                    f"ReorderParams.service_levels[{criticality!r}] = {level}: "
                    "a service level is a probability strictly between 0 and 1"
                )
        positive = {
            "review_days": self.review_days,
            "min_lead_time_days": self.min_lead_time_days,
            "history_days": self.history_days,
            "stockout_horizon_days": self.stockout_horizon_days,
            "min_lead_time_observations": self.min_lead_time_observations,
            "min_empirical_windows": self.min_empirical_windows,
            "lead_time_mixture_points": self.lead_time_mixture_points,
            "insurance_lookback_days": self.insurance_lookback_days,
        }
        not_negative = {
            "excess_cover_min_days": self.excess_cover_min_days,
            "excess_cover_multiple": self.excess_cover_multiple,
        }
        for name, value in positive.items():
            if not value > 0:
                raise ValueError(f"ReorderParams.{name} = {value}: must be greater than zero")
        for name, value in not_negative.items():
            if not value >= 0:
                raise ValueError(f"ReorderParams.{name} = {value}: must be zero or more")

    def z(self, criticality: str) -> float:
        """Standard normal quantile of the criticality's service level (safety factor)."""
        return NormalDist().inv_cdf(self.service_levels[criticality])
