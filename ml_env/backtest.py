"""Rolling-origin backtest of one candidate on one series, and its metrics.

Origins are chronological cut-offs ``c``: the model is fitted on ``y[:c]`` and forecasts the next
``horizon`` days, compared with the actuals on observed days (censored days are missing). Windows
do not overlap when the history allows it; a shorter history gets closer origins, then a shorter
backtest horizon, and below ``min_backtest_horizon`` no backtest at all. An origin before the
series' first demand is left out: no method can learn a rate from nothing, and the intermittent
ones fail there (a part first used in year two of the history would otherwise fail every
intermittent candidate and fall back to a mean that does not rank).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ml_env.config import TrainConfig, bucket_label
from ml_env.metrics import pit_coverage, safe_ratio, scales
from ml_env.models import Forecaster, ModelError, get_model, residual_bounds
from ml_env.models.base import block_totals, interval_scale

ALL = "all"
WINDOW_DAYS = 28  # the selection metric's window: demand totals over 28 days


def window_scale(y: np.ndarray, days: int) -> float:
    """Mean squared change between consecutive ``days``-day totals of the training history
    (``block_totals``): the RMSSE scale of window totals."""
    totals = block_totals(y, days)
    totals = totals[np.isfinite(totals)]
    if totals.size < 3:
        return float("nan")
    change = float(np.mean(np.diff(totals) ** 2))
    return change if change > 0 else float("nan")


def window_rmsse(outcome: Outcome, days: int = WINDOW_DAYS) -> float:
    """Mean over origins of sqrt(mean squared error of ``days``-day totals / window scale);
    censored days count as zero error. NaN when the backtest horizon is shorter than a window."""
    scores = []
    for a, f, sc in zip(outcome.actuals, outcome.forecasts, outcome.window_scale, strict=True):
        n = a.size // days
        if n == 0 or not np.isfinite(sc):
            continue
        e = np.where(np.isfinite(a), a - f, 0.0)[: n * days].reshape(n, days).sum(axis=1)
        scores.append(np.sqrt(np.mean(e**2) / sc))
    return float(np.mean(scores)) if scores else float("nan")


@dataclass(frozen=True)
class Plan:
    origins: tuple[int, ...]  # cut-off indices, chronological
    horizon: int  # days forecast at each origin

    @property
    def first_train_days(self) -> int:
        return self.origins[0]


def plan_backtest(y: np.ndarray, cfg: TrainConfig) -> Plan | None:
    """Choose origins for the series ``y`` (daily demand, NaN = censored), none before its first
    demand; None when it is too short to backtest or has no demand before the last origin."""
    plan = _origins(y.size, cfg)
    if plan is None:
        return None
    seen = np.nancumsum(y) > 0  # seen[c - 1]: demand in y[:c]
    origins = tuple(c for c in plan.origins if seen[c - 1])
    return Plan(origins=origins, horizon=plan.horizon) if origins else None


def _origins(n_days: int, cfg: TrainConfig) -> Plan | None:
    k, h, room = cfg.n_origins, cfg.horizon, n_days - cfg.min_train_days
    gaps = k - 1
    if room >= h + gaps * h:
        step, h_bt = h, h
    elif room >= h + gaps * 7:
        step, h_bt = (room - h) // gaps if gaps else h, h
    elif room - gaps * 7 >= cfg.min_backtest_horizon:
        step, h_bt = 7, room - gaps * 7
    else:
        return None
    origins = tuple(n_days - h_bt - j * step for j in reversed(range(k)))
    return Plan(origins=origins, horizon=h_bt)


@dataclass
class Outcome:
    """One candidate's backtest on one series."""

    model: str
    ok: bool = True
    error: str = ""
    forecasts: list[np.ndarray] = field(default_factory=list)  # per origin
    actuals: list[np.ndarray] = field(default_factory=list)  # per origin (NaN = censored)
    scale_sq: list[float] = field(default_factory=list)
    scale_abs: list[float] = field(default_factory=list)
    floor: float = 1.0  # interval scale floor of the series (see interval_scale)
    window_scale: list[float] = field(default_factory=list)  # per origin, see window_scale

    def residuals(self, skip: int | None = None, normalised: bool = False) -> np.ndarray:
        """Actual - forecast on observed days over every origin but ``skip``; optionally divided
        by ``interval_scale(forecast)`` (the residuals conformal intervals are built from)."""
        parts = [
            (a - f) / interval_scale(f, self.floor) if normalised else a - f
            for i, (a, f) in enumerate(zip(self.actuals, self.forecasts, strict=True))
            if i != skip
        ]
        if not parts:
            return np.empty(0)
        res = np.concatenate(parts)
        return res[np.isfinite(res)]


def scale_floor(y: np.ndarray) -> float:
    """Floor of the interval scale: a tenth of the series' mean observed demand."""
    observed = y[np.isfinite(y)]
    mean = float(observed.mean()) if observed.size else 0.0
    return max(0.1 * mean, 1e-3)


def run_backtest(
    alias: str,
    y: np.ndarray,
    index: pd.DatetimeIndex,
    plan: Plan,
    actual: np.ndarray | None = None,
    factors: np.ndarray | None = None,
) -> Outcome:
    """Fit ``alias`` on ``y[:c]`` at each origin. With ``factors`` (calendar factors, one per
    day of ``y``), ``y`` is deseasonalised demand, forecasts are multiplied back by the factors
    and compared with ``actual`` (the demand as recorded)."""
    actual = y if actual is None else actual
    outcome = Outcome(model=alias, floor=scale_floor(actual))
    previous: Forecaster | None = None
    for cut in plan.origins:
        try:
            model = get_model(alias)
            if previous is not None:
                model.reuse_structure(previous)
            model.fit(pd.Series(y[:cut], index=index[:cut]))
            forecast = model.forecast(plan.horizon)
            if factors is not None:
                forecast = forecast * factors[cut : cut + plan.horizon]
        except ModelError as exc:
            return Outcome(model=alias, ok=False, error=str(exc))
        except Exception as exc:  # a bug in a model must not take the series down
            return Outcome(model=alias, ok=False, error=f"{type(exc).__name__}: {exc}")
        previous = model
        sq, ab = scales(actual[:cut])
        outcome.forecasts.append(forecast)
        outcome.actuals.append(actual[cut : cut + plan.horizon])
        outcome.window_scale.append(window_scale(actual[:cut], WINDOW_DAYS))
        outcome.scale_sq.append(sq)
        outcome.scale_abs.append(ab)
    return outcome


def _bucket_masks(h: int, cfg: TrainConfig) -> list[tuple[str, np.ndarray]]:
    steps = np.arange(1, h + 1)
    masks = [(ALL, np.ones(h, dtype=bool))]
    for lo, hi in cfg.buckets:
        if lo <= h:
            masks.append((bucket_label(lo, hi, h), (steps >= lo) & (steps <= hi)))
    return masks


def metric_rows(
    outcome: Outcome, cfg: TrainConfig, levels: Sequence[int], coverage: bool = True
) -> list[dict]:
    """Metrics per horizon bucket (``all`` first) for a successful outcome; without
    ``coverage`` the interval columns are NaN (the engine measures them for the chosen model
    only: they cost more than the point metrics of every candidate together)."""
    n_origins = len(outcome.forecasts)
    h = outcome.forecasts[0].size
    # leave-one-origin-out conformal bounds: each origin judged with the others' residuals
    inside: dict[int, list[np.ndarray]] = {lv: [] for lv in levels}
    pit: dict[int, list[np.ndarray]] = {lv: [] for lv in levels}
    pairs = zip(outcome.actuals, outcome.forecasts, strict=True) if coverage else []
    for i, (a, f) in enumerate(pairs):
        skip = i if n_origins > 1 else None
        others = outcome.residuals(skip=skip, normalised=True)
        unit = interval_scale(f, outcome.floor)
        bounds = residual_bounds(f, others, levels, unit)
        for lv in levels:
            lo, hi = bounds[f"yhat_lo{lv}"], bounds[f"yhat_hi{lv}"]
            with np.errstate(invalid="ignore"):
                inside[lv].append(np.where(np.isfinite(a), (a >= lo) & (a <= hi), np.nan))
            cover = np.full(h, np.nan)
            ok = np.isfinite(a)
            cover[ok] = pit_coverage(a[ok], f[ok], others, lv, unit[ok])
            pit[lv].append(cover)
    rows = []
    for label, mask in _bucket_masks(h, cfg):
        rmsse, mase, errors, actual_sum = [], [], [], 0.0
        for a, f, sq, ab in zip(
            outcome.actuals, outcome.forecasts, outcome.scale_sq, outcome.scale_abs, strict=True
        ):
            ok = mask & np.isfinite(a)
            if not ok.any():
                continue
            e = a[ok] - f[ok]
            rmsse.append(np.sqrt(np.mean(e**2) / sq))
            mase.append(np.mean(np.abs(e)) / ab)
            errors.append(e)
            actual_sum += float(a[ok].sum())
        row: dict = {"model": outcome.model, "horizon_bucket": label, "n_origins": n_origins}
        if errors:
            e = np.concatenate(errors)
            row |= {
                "rmsse": float(np.mean(rmsse)),
                "mase": float(np.mean(mase)),
                "mae": float(np.mean(np.abs(e))),
                "rmse": float(np.sqrt(np.mean(e**2))),
                "wape": safe_ratio(float(np.abs(e).sum()), actual_sum),
                "bias": float(-np.mean(e)),  # forecast - actual: > 0 over-forecasts
                "n_points": int(e.size),
            }
        else:
            row |= dict.fromkeys(("rmsse", "mase", "mae", "rmse", "wape", "bias"), np.nan)
            row["n_points"] = 0
        for lv in levels:
            if not coverage:
                row[f"coverage{lv}"] = row[f"pit_coverage{lv}"] = np.nan
                continue
            cov = np.concatenate([c[mask] for c in inside[lv]])
            pcov = np.concatenate([c[mask] for c in pit[lv]])
            row[f"coverage{lv}"] = float(np.nanmean(cov)) if np.isfinite(cov).any() else np.nan
            row[f"pit_coverage{lv}"] = (
                float(np.nanmean(pcov)) if np.isfinite(pcov).any() else np.nan
            )
        if label == ALL:
            row["rmsse_window"] = window_rmsse(outcome)
        rows.append(row)
    return rows


def block_rmse(outcome: Outcome, days: int) -> float:
    """RMSE of errors summed over ``days``-day blocks (censored days count as zero error)."""
    sums = []
    for a, f in zip(outcome.actuals, outcome.forecasts, strict=True):
        n_blocks = a.size // days
        if n_blocks == 0:
            continue
        e = np.where(np.isfinite(a), a - f, 0.0)[: n_blocks * days].reshape(n_blocks, days)
        sums.append(e.sum(axis=1))
    if not sums:
        return float("nan")
    block = np.concatenate(sums)
    return float(np.sqrt(np.mean(block**2)))
