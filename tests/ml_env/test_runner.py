from __future__ import annotations

import numpy as np
import pytest

from ml_env.config import CHEAP, TrainConfig, default_candidates
from ml_env.runner import allow_prophet, run
from tests.ml_env.factories import series, weekly_pattern


def some_series() -> list:
    rng = np.random.default_rng(2)
    out = [series(weekly_pattern(150), item=f"{i:06d}") for i in range(3)]
    out += [series(rng.poisson(0.3, 150).astype(float), item=f"1{i:05d}") for i in range(5)]
    return out


def config() -> TrainConfig:
    candidates = default_candidates() | {"smooth": CHEAP, "erratic": CHEAP}
    return TrainConfig(horizon=7, candidates=candidates)


@pytest.mark.slow
@pytest.mark.parametrize(("executor", "workers"), [("local", 2), ("dask", 2)])
def test_parallel_executors_match_the_inline_run(executor: str, workers: int) -> None:
    inputs = some_series()
    inline = run(inputs, config(), workers=1, chunk_size=3)
    parallel = run(inputs, config(), executor=executor, workers=workers, chunk_size=3)
    assert [(r.item_id, r.model) for r in parallel] == [(r.item_id, r.model) for r in inline]
    for a, b in zip(inline, parallel, strict=True):
        np.testing.assert_allclose(a.forecast["yhat"], b.forecast["yhat"])


def test_progress_counts_every_series() -> None:
    seen: list[int] = []
    run(some_series(), config(), workers=1, chunk_size=3, progress=seen.append)
    assert sum(seen) == 8


def test_prophet_is_capped_to_the_largest_series() -> None:
    long = [series(weekly_pattern(500) * k, item=f"{k:06d}") for k in (1, 3, 2)]
    cfg = TrainConfig(prophet_max_series=2)
    assert [s.allow_prophet for s in allow_prophet(long, cfg)] == [False, True, True]
    assert not any(s.allow_prophet for s in allow_prophet(long, TrainConfig(prophet_max_series=0)))
