"""Run summary: series per class, chosen models, accuracy against seasonal naive, coverage."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa

BASELINE = "snaive"


def summarize(backtest: pa.Table, error_scale: pa.Table, levels: Sequence[int]) -> dict:
    """Figures for the end-of-run table and the manifest's ``summary``."""
    bt = backtest.to_pandas()
    scale = error_scale.to_pandas()
    overall = bt[(bt["horizon_bucket"] == "all") & (bt["status"] == "ok")]
    keys = ["item_id", "warehouse_id"]
    selected = overall[overall["selected"]]
    baseline = overall.loc[overall["model"] == BASELINE, [*keys, "rmsse"]]
    both = selected.merge(baseline, on=keys, how="inner", suffixes=("", "_baseline"))
    both = both[np.isfinite(both["rmsse"]) & np.isfinite(both["rmsse_baseline"])]
    out: dict = {
        "n_series": len(scale),
        "series_per_class": scale["demand_class"].value_counts().sort_index().to_dict(),
        "chosen_models": scale["model"].value_counts().to_dict(),
        "selection": scale["selection"].value_counts().to_dict(),
        "n_compared": len(both),
        "mean_rmsse_selected": _mean(both["rmsse"]),
        "mean_rmsse_snaive": _mean(both["rmsse_baseline"]),
        "failed_candidate_fits": int((bt["status"] == "failed").sum()),
    }
    for lv in levels:
        out[f"coverage{lv}"] = _weighted(selected, f"coverage{lv}")
        out[f"pit_coverage{lv}"] = _weighted(selected, f"pit_coverage{lv}")
    return out


def _mean(values: pd.Series) -> float | None:
    return float(values.mean()) if len(values) else None


def _weighted(frame: pd.DataFrame, col: str) -> float | None:
    ok = frame[np.isfinite(frame[col]) & (frame["n_points"] > 0)]
    if ok.empty:
        return None
    return float(np.average(ok[col], weights=ok["n_points"]))
