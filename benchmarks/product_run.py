"""Run the product as ``make demo`` does, in a scratch folder, and find its outputs.

Subprocesses only (``.venv`` for the pipeline, ``.venv-ml`` for ml_env), so a benchmark in
either environment can drive it; ``product`` is the checkout whose code runs (PYTHONPATH), the
pipeline's landing, lake, exports and work folders come from ``PIPELINE_*`` variables.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PY = str(REPO / ".venv" / "bin" / "python")
PY_ML = str(REPO / ".venv-ml" / "bin" / "python")


def product_env(product: Path, scratch: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        PYTHONPATH=str(product),
        PIPELINE_LANDING_URI=str(scratch / "landing"),
        PIPELINE_LAKE_URI=str(scratch / "lake"),
        PIPELINE_EXPORTS_URI=str(scratch / "exports"),
        PIPELINE_WORK_DIR=str(scratch / "work"),
        PIPELINE_LOG_LEVEL="WARNING",
    )
    return env


def run_steps(
    product: Path, scratch: Path, steps: dict[str, list[str]], log: Path
) -> dict[str, float]:
    """Run each command in ``scratch``; seconds per step; a failed step ends the benchmark."""
    env = product_env(product, scratch)
    seconds: dict[str, float] = {}
    with log.open("a") as out:
        for name, cmd in steps.items():
            print(f"  {name} ...", flush=True)
            started = time.perf_counter()
            out.write(f"\n$ {' '.join(cmd)}\n")
            out.flush()
            done = subprocess.run(cmd, cwd=scratch, env=env, stdout=out, stderr=out)
            seconds[name] = round(time.perf_counter() - started, 1)
            if done.returncode != 0:
                raise SystemExit(f"{name} failed (exit {done.returncode}); see {log}")
    return seconds


def demo_steps(scratch: Path, horizon: int, workers: int) -> dict[str, list[str]]:
    """pipeline run -> ml_env train (as the Makefile's ml-train, with ``horizon``) -> pipeline."""
    return {
        "pipeline run (1)": [PY, "-m", "pipeline", "run"],
        "ml_env train": [
            PY_ML,
            "-m",
            "ml_env",
            "train",
            "--dataset",
            str(scratch / "exports" / "training"),
            "--horizon",
            str(horizon),
            "--out",
            str(scratch / "exports" / "ml_results"),
            "--workers",
            str(workers),
            "--no-progress",
        ],
        "pipeline run (2)": [PY, "-m", "pipeline", "run"],
    }


def snapshot_folder(lake: Path) -> Path:
    current = json.loads((lake / "gold" / "_CURRENT").read_text())
    return lake / "gold" / "snapshots" / current["snapshot_id"]


def export_folder(exports: Path, lake: Path) -> Path | None:
    """The ML export the current gold snapshot used (else the newest one with a manifest)."""
    wanted = json.loads((lake / "gold" / "_CURRENT").read_text()).get("model_version")
    folders = sorted(
        p for p in (exports / "ml_results").glob("*") if (p / "manifest.json").exists()
    )
    for p in folders:
        if json.loads((p / "manifest.json").read_text()).get("model_version") == wanted:
            return p
    return folders[-1] if folders else None
