"""Run ``forecast_series`` over many series: inline, on local processes, or on a Dask cluster.

Series are dealt round-robin into chunks (so the costly Prophet-eligible ones spread evenly),
each chunk is one task, and results come back in the input order whatever the executor.
"""

from __future__ import annotations

import logging
import math
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import replace
from multiprocessing import get_context

import numpy as np

from ml_env.classify import classify
from ml_env.config import TrainConfig
from ml_env.engine import SeriesInput, SeriesResult, forecast_series

logger = logging.getLogger(__name__)

EXECUTORS = ("local", "dask")
_THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")

Progress = Callable[[int], None]  # called with the number of series just finished


def allow_prophet(series: Sequence[SeriesInput], cfg: TrainConfig) -> list[SeriesInput]:
    """Mark the series Prophet may be tried on: its class lists it, the history is long enough,
    and the series is among the ``prophet_max_series`` with the largest mean demand."""
    eligible = []
    for i, s in enumerate(series):
        if s.y.size < cfg.prophet_min_train_days + cfg.horizon:
            continue
        profile = classify(s.y, cfg.min_observed_days, cfg.recent_days)
        if "prophet" in cfg.candidates_for(profile.demand_class):
            eligible.append((-np.nan_to_num(profile.mean_daily_demand), i))
    keep = {i for _, i in sorted(eligible)[: max(cfg.prophet_max_series, 0)]}
    if len(eligible) > len(keep):
        logger.info(
            "Prophet capped at %d of %d eligible series (largest demand first)",
            len(keep),
            len(eligible),
        )
    return [replace(s, allow_prophet=i in keep) for i, s in enumerate(series)]


def forecast_chunk(chunk: list[tuple[int, SeriesInput]], cfg: TrainConfig) -> list:
    """One task: forecast every series of the chunk; returns (position, result) pairs."""
    _quiet_workers()
    return [(i, forecast_series(s, cfg)) for i, s in chunk]


def _quiet_workers() -> None:
    from ml_env.models.prophet_model import quiet_prophet_logs

    quiet_prophet_logs()


def _chunks(series: Sequence[SeriesInput], n_chunks: int) -> list[list[tuple[int, SeriesInput]]]:
    indexed = list(enumerate(series))
    return [c for c in (indexed[k::n_chunks] for k in range(n_chunks)) if c]


def run(
    series: Sequence[SeriesInput],
    cfg: TrainConfig,
    executor: str = "local",
    workers: int = 2,
    scheduler: str | None = None,
    chunk_size: int = 100,
    progress: Progress | None = None,
) -> list[SeriesResult]:
    """Forecast every series; the result list is aligned with ``series``."""
    if executor not in EXECUTORS:
        raise ValueError(f"executor must be one of {', '.join(EXECUTORS)}, got {executor!r}")
    series = allow_prophet(series, cfg)
    n_chunks = max(1, math.ceil(len(series) / chunk_size), workers * 4)
    n_chunks = min(n_chunks, max(len(series), 1))
    chunks = _chunks(series, n_chunks)
    results: list[SeriesResult | None] = [None] * len(series)

    def collect(pairs: list[tuple[int, SeriesResult]]) -> None:
        for i, result in pairs:
            results[i] = result
        if progress:
            progress(len(pairs))

    if executor == "dask":
        _run_dask(chunks, cfg, workers, scheduler, collect)
    elif workers <= 1:
        for chunk in chunks:
            collect(forecast_chunk(chunk, cfg))
    else:
        _run_processes(chunks, cfg, workers, collect)
    missing = [i for i, r in enumerate(results) if r is None]
    if missing:  # never silently drop a series
        raise RuntimeError(f"{len(missing)} series came back without a result")
    return results  # type: ignore[return-value]


def _run_processes(
    chunks: list, cfg: TrainConfig, workers: int, collect: Callable[[list], None]
) -> None:
    for var in _THREAD_VARS:  # one BLAS thread per worker process: the workers are the parallelism
        os.environ.setdefault(var, "1")
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
        futures = [pool.submit(forecast_chunk, chunk, cfg) for chunk in chunks]
        for future in as_completed(futures):
            collect(future.result())


def _run_dask(
    chunks: list,
    cfg: TrainConfig,
    workers: int,
    scheduler: str | None,
    collect: Callable[[list], None],
) -> None:
    """Same tasks on Dask distributed: an existing scheduler, or a local cluster.

    Workers of a remote cluster need ml_env importable (same code and .venv-ml requirements).
    """
    from dask.distributed import Client, LocalCluster
    from dask.distributed import as_completed as dask_completed

    for var in _THREAD_VARS:
        os.environ.setdefault(var, "1")
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(
            n_workers=max(workers, 1),
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
        )
        client = Client(cluster)
    logger.info("dask: %s", client)
    try:
        futures = client.map(forecast_chunk, chunks, cfg=cfg, pure=False)
        for future in dask_completed(futures):
            collect(future.result())
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
