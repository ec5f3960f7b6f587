"""Which blocks each optimizer step reads, as a pure function of the step number.

Nothing about the data order lives in process state, so a resumed run (or one with another
number of processes) reads exactly the blocks the uninterrupted run would have read.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import List, Tuple

import torch


@lru_cache(maxsize=8)
def _perm(n: int, seed: int, epoch: int) -> Tuple[int, ...]:
    g = torch.Generator().manual_seed(seed * 1_000_003 + epoch)
    return tuple(torch.randperm(n, generator=g).tolist())


def block_at(global_index: int, n: int, seed: int) -> int:
    epoch, i = divmod(global_index, n)
    return _perm(n, seed, epoch)[i]


class Schedule:
    def __init__(self, n_train: int, n_replay: int, global_batch: int, replay_ratio: float, seed: int) -> None:
        self.n_train, self.n_replay = n_train, n_replay
        self.g, self.r, self.seed = global_batch, replay_ratio if n_replay else 0.0, seed

    def _replay_before(self, step: int) -> int:
        return math.floor(step * self.g * self.r + 1e-9)

    def step_samples(self, step: int) -> List[Tuple[str, int]]:
        """(source, block index) for the global batch of optimizer step `step` (0-based)."""
        rb, ra = self._replay_before(step), self._replay_before(step + 1)
        k = ra - rb
        t0 = step * self.g - rb
        out = [("train", block_at(t0 + j, self.n_train, self.seed)) for j in range(self.g - k)]
        out += [("replay", block_at(rb + j, self.n_replay, self.seed + 1)) for j in range(k)]
        return out

    def steps_for_epochs(self, epochs: float) -> int:
        per_step = self.g * (1 - self.r)
        return max(1, math.ceil(epochs * self.n_train / max(per_step, 1e-9)))


def shard(samples: List[Tuple[str, int]], rank: int, world: int, accum: int) -> List[List[Tuple[str, int]]]:
    """This rank's micro-batches: sample j goes to rank j % world, in order."""
    mine = samples[rank::world]
    mb = len(mine) // accum
    return [mine[i * mb:(i + 1) * mb] for i in range(accum)]
