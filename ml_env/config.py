"""Run parameters of a training run; recorded verbatim in the export manifest (``params``)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from ml_env.classify import (
    ERRATIC,
    INTERMITTENT,
    LUMPY,
    NO_RECENT_DEMAND,
    SHORT_HISTORY,
    SMOOTH,
)

# The intermittent-demand methods (fitted on 28-day totals, ml_env.models.intermittent).
INTERMITTENT_METHODS = ("croston_sba", "tsb", "adida", "imapa")
# Cheap candidates, tried on every forecastable series; listed simplest first (ties go first).
CHEAP = ("ma", "mean365", "naive", "snaive", *INTERMITTENT_METHODS)


def default_candidates() -> dict[str, tuple[str, ...]]:
    return {
        # statsmodels' ARIMA (``arima``) stays registered but is not a default: AutoETS covers
        # regular demand at a hundredth of its cost (4 s per fit on 2 cores)
        SMOOTH: (*CHEAP, "ets", "prophet"),
        ERRATIC: (*CHEAP, "ets"),
        # Intermittent demand: the methods made for it, and the naive references. A 28-day moving
        # average or a zero forecast wins a squared-error backtest whenever the last weeks were
        # quiet, and then orders nothing for a part that is still used (RAF: 421 such picks).
        INTERMITTENT: ("naive", "snaive", *INTERMITTENT_METHODS),
        LUMPY: ("naive", "snaive", *INTERMITTENT_METHODS),
        # A year without demand is not the end of demand (RAF: 64% of such parts had demand the
        # next year): TSB lets the demand probability decay, the others keep the long-run rate.
        NO_RECENT_DEMAND: INTERMITTENT_METHODS,
        SHORT_HISTORY: ("mean",),  # too short to backtest: a policy, not a selection
    }


def default_models() -> dict[str, str]:
    """The model a class keeps unless a challenger is clearly better in the backtest. Intermittent
    classes have none: their four candidates are variants of one idea, and the plain ranking of
    28-day-total errors beat every fixed choice on the RAF parts (docs/benchmarks.md)."""
    return {SMOOTH: "adida", ERRATIC: "adida"}


@dataclass(frozen=True)
class TrainConfig:
    horizon: int = 90  # planning horizon, days (daily forecasts)
    # cumulative demand distribution exported up to this many days (lead time + review period)
    distribution_horizon: int = 728
    n_origins: int = 3  # rolling-origin backtest windows
    levels: tuple[int, ...] = (80, 95)
    # shortest training window at the first backtest origin: half a year, so an intermittent
    # part has demand to learn from (a candidate that still fails is recorded as failed)
    min_train_days: int = 182
    min_backtest_horizon: int = 14  # below this the series is not backtested
    min_observed_days: int = 90  # fewer observed days: short_history
    recent_days: int = 365  # no demand in this window: no_recent_demand
    candidates: dict[str, tuple[str, ...]] = field(default_factory=default_candidates)
    default_models: dict[str, str] = field(default_factory=default_models)
    switch_margin: float = 0.10  # a challenger must beat the default's window RMSSE by 10%
    # naive forecasts of intermittent demand are either 0 or a spike: backtested and reported as
    # references everywhere, selectable only for these classes
    reference_models: tuple[str, ...] = ("naive", "snaive")
    reference_selectable_in: tuple[str, ...] = (SMOOTH, ERRATIC)
    arima_min_train_days: int = 182  # ARIMA only with 26+ weeks at the first origin
    prophet_min_train_days: int = 365  # Prophet only with a year+ at the first origin
    prophet_max_series: int = 1500  # cap per run (largest mean demand first); 0 disables Prophet
    fallback_model: str = "mean"  # used when every candidate fails
    buckets: tuple[tuple[int, int], ...] = ((1, 7), (8, 28), (29, 10_000))

    def __post_init__(self) -> None:
        if self.horizon < 1:
            raise ValueError(f"horizon must be at least 1 day, got {self.horizon}")
        if self.n_origins < 1:
            raise ValueError(f"n_origins must be at least 1, got {self.n_origins}")
        for level in self.levels:
            if not 0 < level < 100:
                raise ValueError(f"interval levels must be between 0 and 100, got {level}")

    def candidates_for(self, demand_class: str) -> tuple[str, ...]:
        return self.candidates.get(demand_class, (self.fallback_model,))

    def selectable(self, alias: str, demand_class: str) -> bool:
        return alias not in self.reference_models or demand_class in self.reference_selectable_in

    def to_params(self) -> dict[str, object]:
        params = asdict(self)
        params["levels"] = list(self.levels)
        params["candidates"] = {k: list(v) for k, v in self.candidates.items()}
        params["buckets"] = [bucket_label(lo, hi, self.horizon) for lo, hi in self.buckets]
        return params


def bucket_label(lo: int, hi: int, horizon: int) -> str:
    return f"{lo}-{min(hi, horizon)}"
