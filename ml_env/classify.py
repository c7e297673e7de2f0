"""Demand classes (Syntetos-Boylan: ADI and CV² of non-zero demand) plus two history policies.

- ``no_recent_demand``: no demand on any observed day of the last ``recent_days``;
- ``short_history``: fewer than ``min_observed_days`` observed (non-censored) days;
- otherwise by ADI (mean interval between demands, in observed days) and CV² of the demand sizes:
  smooth (ADI < 1.32, CV² < 0.49), erratic (ADI < 1.32), intermittent (CV² < 0.49), lumpy.

Censored days are left out of every statistic: they are neither zero demand nor demand.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

ADI_CUTOFF = 1.32
CV2_CUTOFF = 0.49

SMOOTH, ERRATIC, INTERMITTENT, LUMPY = "smooth", "erratic", "intermittent", "lumpy"
SHORT_HISTORY, NO_RECENT_DEMAND = "short_history", "no_recent_demand"
CLASSES = (SMOOTH, ERRATIC, INTERMITTENT, LUMPY, SHORT_HISTORY, NO_RECENT_DEMAND)


@dataclass(frozen=True)
class DemandProfile:
    demand_class: str
    adi: float  # NaN without demand
    cv2: float  # NaN without demand
    n_days: int
    n_observed_days: int
    n_censored_days: int
    n_demand_days: int
    mean_daily_demand: float  # over observed days; NaN without any


def adi_cv2(observed: np.ndarray) -> tuple[float, float]:
    sizes = observed[observed > 0]
    if sizes.size == 0:
        return float("nan"), float("nan")
    adi = observed.size / sizes.size
    mean = sizes.mean()
    cv2 = float(sizes.var() / mean**2) if sizes.size > 1 else 0.0
    return float(adi), cv2


def classify(y: np.ndarray, min_observed_days: int = 90, recent_days: int = 365) -> DemandProfile:
    """Classify one daily series (NaN = censored day)."""
    ok = np.isfinite(y)
    observed = y[ok]
    adi, cv2 = adi_cv2(observed)
    recent = y[-recent_days:]
    recent_demand = bool(np.any(recent[np.isfinite(recent)] > 0))
    if not recent_demand:
        demand_class = NO_RECENT_DEMAND
    elif observed.size < min_observed_days:
        demand_class = SHORT_HISTORY
    elif adi < ADI_CUTOFF:
        demand_class = SMOOTH if cv2 < CV2_CUTOFF else ERRATIC
    else:
        demand_class = INTERMITTENT if cv2 < CV2_CUTOFF else LUMPY
    return DemandProfile(
        demand_class=demand_class,
        adi=adi,
        cv2=cv2,
        n_days=int(y.size),
        n_observed_days=int(observed.size),
        n_censored_days=int(y.size - observed.size),
        n_demand_days=int(np.count_nonzero(observed > 0)),
        mean_daily_demand=float(observed.mean()) if observed.size else float("nan"),
    )
