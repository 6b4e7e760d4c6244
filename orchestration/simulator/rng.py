"""Named, independent random streams, so that each part of the simulation is reproducible on its
own and adding draws in one system does not shift the numbers of another."""

from __future__ import annotations

import zlib

import numpy as np


def stream(seed: int, *names: str | int) -> np.random.Generator:
    """A generator keyed by the seed and a path of names, e.g. ``stream(42, "web", month)``."""
    key = [zlib.crc32(n.encode()) if isinstance(n, str) else int(n) for n in names]
    return np.random.default_rng(np.random.SeedSequence([seed, *key]))


def mix64(*values: np.ndarray | int) -> np.ndarray:
    """A stateless 64-bit hash (splitmix64 finaliser) of integer arrays.

    Used where a decision must be the same whenever it is taken again, e.g. the variant a
    visitor gets in an experiment, independent of which month the visitor shows up in.
    """
    h = np.zeros(np.broadcast(*[np.asarray(v) for v in values]).shape, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for v in values:
            h = h ^ np.asarray(v).astype(np.uint64)
            h = h + np.uint64(0x9E3779B97F4A7C15)
            h = (h ^ (h >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
            h = (h ^ (h >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
            h = h ^ (h >> np.uint64(31))
    return h


def unit_hash(*values: np.ndarray | int) -> np.ndarray:
    """``mix64`` mapped to [0, 1)."""
    return (mix64(*values) >> np.uint64(11)).astype(np.float64) / float(1 << 53)
