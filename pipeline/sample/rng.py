"""Seeded random streams. Every draw comes from a generator keyed by (seed, stream, keys...), so
what a day draws depends on the seed and that day only, never on the end of the run."""

from __future__ import annotations

from enum import IntEnum

import numpy as np


class Stream(IntEnum):
    CATALOG = 1
    SERIES = 2
    DAY = 3
    DIRTY = 4


def rng_for(seed: int, stream: Stream, *keys: int) -> np.random.Generator:
    if seed < 0:
        raise ValueError(f"seed must be zero or more, got {seed}")
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence([seed, int(stream), *keys])))
