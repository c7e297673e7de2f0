"""The per-series work: classify, backtest the candidates, select by RMSSE, forecast, intervals.

``forecast_series`` never raises and never drops a series: a candidate that fails is recorded and
skipped; when the chosen model's final fit fails the next-ranked one is used (a recorded
fallback); when all fail, the fallback model (history mean) is used, and if even that fails, a
zero forecast with the reason in ``note``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ml_env.backtest import (
    ALL,
    Outcome,
    Plan,
    block_rmse,
    metric_rows,
    plan_backtest,
    run_backtest,
    scale_floor,
)
from ml_env.classify import SHORT_HISTORY, DemandProfile, classify
from ml_env.config import TrainConfig
from ml_env.distribution import WindowRecords, horizon_grid, lump_statistics, window_records
from ml_env.models import Forecaster, ModelError, get_model, residual_bounds
from ml_env.models.base import interval_scale
from ml_env.seasonality import FLAT, CalendarProfile

logger = logging.getLogger(__name__)

MIN_CALIBRATION_POINTS = 20


@dataclass(frozen=True)
class SeriesInput:
    item_id: str
    warehouse_id: str
    start: pd.Timestamp  # first day of y
    y: np.ndarray  # daily demand, NaN on censored days
    allow_prophet: bool = False
    category: str = ""
    profile: CalendarProfile = FLAT  # pooled calendar factors (ml_env.seasonality)


@dataclass
class SeriesResult:
    item_id: str
    warehouse_id: str
    demand_class: str
    model: str
    forecast: dict[str, np.ndarray]  # yhat, yhat_lo80, ...
    backtest_rows: list[dict]
    scale: dict[str, object]
    calibration_residuals: np.ndarray | None = None  # what the intervals were built from
    # for the predictive distribution (ml_env.distribution, filled in by ml_env.predictive):
    cumulative_mean: np.ndarray | None = None  # expected cumulative demand at horizon_grid
    lump_raw: float = float("nan")
    lump_blocks: int = 0
    windows: WindowRecords | None = None  # the chosen model's backtest window totals


def eligible_candidates(
    series: SeriesInput, profile: DemandProfile, plan: Plan | None, cfg: TrainConfig
) -> list[str]:
    """The class's candidates, minus ARIMA/Prophet where the history does not justify them."""
    train_days = plan.first_train_days if plan else 0
    out = []
    for alias in cfg.candidates_for(profile.demand_class):
        if alias == "arima" and train_days < cfg.arima_min_train_days:
            continue
        if alias == "prophet" and (
            not series.allow_prophet or train_days < cfg.prophet_min_train_days
        ):
            continue
        out.append(alias)
    return out


def _rank(outcomes: list[Outcome], rows: dict[str, dict]) -> list[str]:
    """Successful candidates by RMSSE over all buckets (RMSE on ties or NaN), list order last."""

    def key(item: tuple[int, Outcome]) -> tuple[float, float, int]:
        i, outcome = item
        row = rows[outcome.model]
        rmsse, rmse = _selection_score(row), row["rmse"]
        return (
            rmsse if np.isfinite(rmsse) else np.inf,
            rmse if np.isfinite(rmse) else np.inf,
            i,
        )

    ok = [(i, o) for i, o in enumerate(outcomes) if o.ok]
    return [o.model for _, o in sorted(ok, key=key)]


def _selection_score(row: dict) -> float:
    """The error of the quantity decisions use: demand totals over 28-day windows (RMSSE of
    window totals), the daily RMSSE where the backtest is too short for a window."""
    window = row.get("rmsse_window", np.nan)
    return float(window) if np.isfinite(window) else float(row["rmsse"])


def prefer_default(
    ranking: list[str], overall: dict[str, dict], cfg: TrainConfig, demand_class: str
) -> list[str]:
    """Keep the class's default model first unless a challenger beats its backtest RMSSE by more
    than ``switch_margin``: three origins are a noisy judge, and switching on noise costs
    accuracy out of sample (measured by benchmarks/bench_ml.py)."""
    default = cfg.default_models.get(demand_class)
    if not ranking or default not in ranking or ranking[0] == default:
        return ranking
    best = _selection_score(overall[ranking[0]])
    incumbent = _selection_score(overall[default])
    if np.isfinite(best) and np.isfinite(incumbent) and best < incumbent * (1 - cfg.switch_margin):
        return ranking
    return [default, *(alias for alias in ranking if alias != default)]


def _fit_final(alias: str, y: pd.Series, h: int) -> tuple[Forecaster, np.ndarray]:
    model = get_model(alias).fit(y)
    return model, model.forecast(h)


def _seasonal(series: SeriesInput, n_history: int, n_future: int) -> tuple[np.ndarray, np.ndarray]:
    """Calendar factors of the history days and of the days after it."""
    factors = series.profile.factors(series.start, n_history + n_future)
    return factors[:n_history], factors[n_history:]


def forecast_series(series: SeriesInput, cfg: TrainConfig) -> SeriesResult:
    """Everything for one item x warehouse; never raises."""
    try:
        return _forecast_series(series, cfg)
    except Exception as exc:  # last line of defence: a bug must not drop the series
        logger.exception("series %s/%s failed", series.item_id, series.warehouse_id)
        return _emergency(series, cfg, f"{type(exc).__name__}: {exc}")


def _forecast_series(series: SeriesInput, cfg: TrainConfig) -> SeriesResult:
    y = np.asarray(series.y, dtype=float)
    index = pd.date_range(series.start, periods=y.size, freq="D")
    grid = horizon_grid(max(cfg.distribution_horizon, cfg.horizon))
    past, future = _seasonal(series, y.size, int(grid[-1]))
    adjusted = y / past  # models see deseasonalised demand; forecasts get the calendar back
    profile = classify(y, cfg.min_observed_days, cfg.recent_days)
    plan = None if profile.demand_class == SHORT_HISTORY else plan_backtest(y, cfg)
    candidates = eligible_candidates(series, profile, plan, cfg) if plan else []
    history = pd.Series(adjusted, index=index)

    outcomes = (
        [run_backtest(alias, adjusted, index, plan, y, past) for alias in candidates]
        if plan
        else []
    )
    levels = cfg.levels
    metrics: dict[str, list[dict]] = {}
    for outcome in outcomes:
        if outcome.ok:
            metrics[outcome.model] = metric_rows(outcome, cfg, levels, coverage=False)
    overall = {alias: rows[0] for alias, rows in metrics.items()}
    ranking = [a for a in _rank(outcomes, overall) if cfg.selectable(a, profile.demand_class)]
    ranking = prefer_default(ranking, overall, cfg, profile.demand_class)

    final = _fit_chosen(ranking, bool(outcomes), history, int(grid[-1]), cfg)
    chosen = final.model
    path = final.path * future
    forecast = path[: cfg.horizon]

    chosen_outcome = next((o for o in outcomes if o.model == chosen and o.ok), None)
    if chosen_outcome is not None:
        metrics[chosen] = metric_rows(chosen_outcome, cfg, levels)
    bounds, residuals, interval_source = _daily_bounds(
        forecast, chosen_outcome, final.fitted, y, levels
    )
    backtest_rows = _backtest_rows(outcomes, metrics, chosen, profile.demand_class, levels)

    scale = _error_scale(
        profile, chosen, chosen_outcome, overall.get(chosen), y, final.selection,
        final.fallback_from,
    )  # fmt: skip
    scale["interval_source"] = interval_source
    scale["note"] = "; ".join(final.notes)
    result = SeriesResult(
        item_id=series.item_id,
        warehouse_id=series.warehouse_id,
        demand_class=profile.demand_class,
        model=chosen,
        forecast={"yhat": forecast, **bounds},
        backtest_rows=backtest_rows,
        scale=scale,
        calibration_residuals=residuals,
        cumulative_mean=np.cumsum(path)[grid - 1],
        windows=(
            window_records(chosen_outcome.forecasts, chosen_outcome.actuals)
            if chosen_outcome is not None
            else None
        ),
    )
    result.lump_raw, result.lump_blocks = lump_statistics(adjusted)
    return result


@dataclass
class _FinalFit:
    """The model fitted on the whole history, and how it came to be the one."""

    model: str
    path: np.ndarray  # deseasonalised daily forecast over the whole grid
    fitted: Forecaster | None
    selection: str  # backtest, fallback or policy
    fallback_from: str = ""
    notes: list[str] = field(default_factory=list)


def _fit_chosen(
    ranking: list[str], backtested: bool, history: pd.Series, days: int, cfg: TrainConfig
) -> _FinalFit:
    """The first of ``ranking`` whose final fit succeeds (a recorded fallback past the first),
    else the fallback model, else a zero forecast with the reason in ``notes``."""
    notes: list[str] = []
    fallback_from = ""
    for alias in ranking:
        try:
            fitted, path = _fit_final(alias, history, days)
            selection = "fallback" if fallback_from else "backtest"
            return _FinalFit(alias, path, fitted, selection, fallback_from, notes)
        except ModelError as exc:
            notes.append(f"final fit of {alias} failed: {exc}")
            fallback_from = fallback_from or alias
    selection = "fallback" if backtested else "policy"
    if backtested and not ranking:
        notes.append("every candidate failed in the backtest")
    try:
        fitted, path = _fit_final(cfg.fallback_model, history, days)
        return _FinalFit(cfg.fallback_model, path, fitted, selection, fallback_from, notes)
    except ModelError as exc:
        notes.append(f"fallback {cfg.fallback_model} failed: {exc}")
        return _FinalFit("zero", np.zeros(days), None, selection, fallback_from, notes)


def _daily_bounds(
    forecast: np.ndarray,
    outcome: Outcome | None,
    fitted: Forecaster | None,
    y: np.ndarray,
    levels: tuple[int, ...],
) -> tuple[dict[str, np.ndarray], np.ndarray, str]:
    """Daily bounds from the chosen model's backtest errors (split-conformal), else from its own
    in-sample errors; ``ml_env.predictive.finalize`` replaces them with the distribution's."""
    residuals = outcome.residuals(normalised=True) if outcome is not None else np.empty(0)
    if residuals.size >= MIN_CALIBRATION_POINTS:
        unit = interval_scale(forecast, scale_floor(y))
        return residual_bounds(forecast, residuals, levels, unit), residuals, "backtest"
    if fitted is not None:  # no usable backtest: the model's own in-sample errors, additive
        residuals = fitted.in_sample_residuals()
    return residual_bounds(forecast, residuals, levels), residuals, "in_sample"


def _backtest_rows(
    outcomes: list[Outcome],
    metrics: dict[str, list[dict]],
    chosen: str,
    demand_class: str,
    levels: tuple[int, ...],
) -> list[dict]:
    """Every candidate's rows (failed ones with their error), the chosen one marked; a policy or
    fallback choice gets a ``not_backtested`` row that says so."""
    rows = []
    for outcome in outcomes:
        if outcome.ok:
            rows += [row | {"status": "ok", "error": ""} for row in metrics[outcome.model]]
        else:
            rows.append(_empty_row(outcome.model, "failed", outcome.error, levels))
    for row in rows:
        row["selected"] = row["model"] == chosen and row["status"] == "ok"
    if not any(row["selected"] for row in rows):
        why = f"{demand_class}: policy" if not outcomes else "fallback, see error_scale"
        rows.append(_empty_row(chosen, "not_backtested", why, levels) | {"selected": True})
    return rows


def _empty_row(model: str, status: str, error: str, levels: tuple[int, ...]) -> dict:
    row: dict = {"model": model, "horizon_bucket": ALL, "n_origins": 0, "n_points": 0}
    row |= dict.fromkeys(("rmsse", "mase", "mae", "rmse", "wape", "bias"), np.nan)
    for lv in levels:
        row[f"coverage{lv}"] = row[f"pit_coverage{lv}"] = np.nan
    return row | {"status": status, "error": error}


def _error_scale(
    profile: DemandProfile,
    chosen: str,
    outcome: Outcome | None,
    overall: dict | None,
    y: np.ndarray,
    selection: str,
    fallback_from: str,
) -> dict[str, object]:
    """The per-series error scale the pipeline turns into safety stock (docs/gold-snapshot.md)."""
    observed = y[np.isfinite(y)]
    if outcome is not None and overall is not None and overall["n_points"] > 0:
        residuals = outcome.residuals()
        sigma_1d = float(np.sqrt(np.mean(residuals**2)))
        sigma_7d, sigma_28d = block_rmse(outcome, 7), block_rmse(outcome, 28)
        bias_1d, n_points, source = -float(np.mean(residuals)), int(residuals.size), "backtest"
        rmsse = float(overall["rmsse"])
    else:
        sigma_1d = float(np.std(observed)) if observed.size > 1 else 0.0
        sigma_7d = sigma_1d * np.sqrt(7)
        sigma_28d = sigma_1d * np.sqrt(28)
        bias_1d, n_points, source, rmsse = np.nan, int(observed.size), "history_std", np.nan
    return {
        "model": chosen,
        "demand_class": profile.demand_class,
        "sigma_1d": sigma_1d,
        "sigma_7d": sigma_7d,
        "sigma_28d": sigma_28d,
        "bias_1d": bias_1d,
        "n_points": n_points,
        "sigma_source": source,
        "rmsse": rmsse,
        "selection": selection,
        "fallback_from": fallback_from,
        "adi": profile.adi,
        "cv2": profile.cv2,
        "n_days": profile.n_days,
        "n_observed_days": profile.n_observed_days,
        "n_censored_days": profile.n_censored_days,
        "n_demand_days": profile.n_demand_days,
        "mean_daily_demand": profile.mean_daily_demand,
    }


def _emergency(series: SeriesInput, cfg: TrainConfig, reason: str) -> SeriesResult:
    y = np.asarray(series.y, dtype=float)
    observed = y[np.isfinite(y)]
    level = max(float(observed.mean()) if observed.size else 0.0, 0.0)
    yhat = np.full(cfg.horizon, level)
    residuals = observed - level
    profile = classify(y, cfg.min_observed_days, cfg.recent_days)
    scale = _error_scale(profile, "mean", None, None, y, "fallback", "")
    scale |= {"interval_source": "in_sample", "note": f"series processing failed: {reason}"}
    grid = horizon_grid(max(cfg.distribution_horizon, cfg.horizon))
    result = SeriesResult(
        item_id=series.item_id,
        warehouse_id=series.warehouse_id,
        demand_class=profile.demand_class,
        model="mean",
        forecast={"yhat": yhat, **residual_bounds(yhat, residuals, cfg.levels)},
        backtest_rows=[
            _empty_row("mean", "failed", reason, cfg.levels) | {"selected": True},
        ],
        scale=scale,
        cumulative_mean=level * grid.astype(float),
    )
    result.lump_raw, result.lump_blocks = lump_statistics(y)
    return result
