"""Process groups under torchrun: gloo on the CPU, NCCL on GPUs; DDP, or FSDP on torch 2.x.

Every rank must reach the same collectives in the same order. A rank that skips one (say, a
barrier it decided it did not need) leaves the others waiting in a collective that never
completes, so these collectives are never made conditional on anything a rank sees alone (a file
another rank writes, its own clock): they depend only on the spec and on values the ranks have
exchanged. Each one also has a time limit (`ALLOY_TRAINER_COLLECTIVE_TIMEOUT_S`), after which
the run fails with a `CollectiveTimeout` that names the collective instead of hanging.
"""

from __future__ import annotations

import contextlib
import datetime
import os
from dataclasses import dataclass
from typing import Iterator

import torch
import torch.distributed as dist

from .compat import CUDA, TORCH2, TORCH_VERSION
from .errors import RetryableError

COLLECTIVE_TIMEOUT_ENV = "ALLOY_TRAINER_COLLECTIVE_TIMEOUT_S"
# One rank legitimately waits in a collective while rank 0 alone trains the tokenizer (up to
# 50 million characters), evaluates, writes a checkpoint or exports the model: the limit must
# outlast the longest of these, as torch's own default (30 minutes) does.
DEFAULT_COLLECTIVE_TIMEOUT_S = 1800.0


class CollectiveTimeout(RetryableError):
    """A collective that the other processes did not join in time: a peer that hangs or is
    stopped (retryable, like a lost peer), or ranks that disagree on what comes next."""


def seconds_from_env(name: str, default: float) -> float:
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value > 0:
        raise ValueError(f"{name} must be a positive number of seconds, not {text!r}")
    return value


def collective_timeout_s() -> float:
    return seconds_from_env(COLLECTIVE_TIMEOUT_ENV, DEFAULT_COLLECTIVE_TIMEOUT_S)


def _is_timeout(e: BaseException) -> bool:
    # gloo: "Timed out waiting 1800000ms for recv operation to complete"; the store:
    # "Socket Timeout", "Timed out initializing process group in store based barrier";
    # NCCL with blocking wait: "Caught collective operation timeout"
    text = str(e).lower()
    return "timed out" in text or "timeout" in text


@contextlib.contextmanager
def collective(what: str, d: "Dist") -> Iterator[None]:
    """Turns a time-out inside the block into a CollectiveTimeout that names `what`."""
    try:
        yield
    except CollectiveTimeout:
        raise
    except RuntimeError as e:
        if not (d.active and _is_timeout(e)):
            raise
        first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise CollectiveTimeout(
            f"{what}: rank {d.rank} waited more than {collective_timeout_s():g} s for the other "
            f"{d.world - 1} process(es) in a collective ({COLLECTIVE_TIMEOUT_ENV}); a peer hung, "
            f"was stopped or skipped it ({first})") from e


@dataclass
class Dist:
    rank: int = 0
    local_rank: int = 0
    world: int = 1
    device: torch.device = torch.device("cpu")

    @property
    def main(self) -> bool:
        return self.rank == 0

    @property
    def active(self) -> bool:
        return self.world > 1


def launched_by_torchrun() -> bool:
    return "RANK" in os.environ and "WORLD_SIZE" in os.environ


def setup(want_cuda: bool = True) -> Dist:
    use_cuda = CUDA and want_cuda
    if not launched_by_torchrun():
        return Dist(device=torch.device("cuda", 0) if use_cuda else torch.device("cpu"))
    rank, world = int(os.environ["RANK"]), int(os.environ["WORLD_SIZE"])
    local = int(os.environ.get("LOCAL_RANK", "0"))
    if use_cuda:
        torch.cuda.set_device(local)
        device = torch.device("cuda", local)
    else:
        device = torch.device("cpu")
        # processes on one host share its cores
        local_world = int(os.environ.get("LOCAL_WORLD_SIZE", world))
        torch.set_num_threads(max(1, (os.cpu_count() or 1) // local_world))
    d = Dist(rank=rank, local_rank=local, world=world, device=device)
    if world > 1 and not dist.is_initialized():
        timeout = collective_timeout_s()
        if use_cuda and TORCH_VERSION < (2, 2):
            # NCCL honours the timeout only with asynchronous error handling, which became the
            # default (as TORCH_NCCL_ASYNC_ERROR_HANDLING) in 2.2; a timed-out rank then aborts
            # and the launcher reports the watchdog's message
            os.environ.setdefault("NCCL_ASYNC_ERROR_HANDLING", "1")
        # gloo applies the timeout to each collective (and to the start-up below); NCCL to each
        # collective through its watchdog
        with collective("starting the process group (every rank joins the store)", d):
            dist.init_process_group("nccl" if use_cuda else "gloo", timeout=datetime.timedelta(seconds=timeout))
    return d


def _tensor(values, d: Dist) -> torch.Tensor:
    return torch.tensor(values, dtype=torch.float64, device=d.device if d.device.type == "cuda" else "cpu")


def all_sum(value: float, d: Dist, what: str = "summing a value over the processes") -> float:
    if not d.active:
        return value
    t = _tensor([value], d)
    with collective(what, d):
        dist.all_reduce(t)
    return float(t.item())


def any_flag(flag: bool, d: Dist, what: str = "exchanging a flag") -> bool:
    return all_sum(1.0 if flag else 0.0, d, what) > 0


def agree(value: float, d: Dist, what: str) -> float:
    """`value`, after checking that every rank holds the same one: ranks that disagree (say, on
    the step they resume from) would run different collectives and hang, so this fails first."""
    if not d.active:
        return value
    t = _tensor([value, -value], d)
    with collective(f"checking that the processes agree on {what}", d):
        dist.all_reduce(t, op=dist.ReduceOp.MAX)
    high, low = float(t[0].item()), -float(t[1].item())
    if high != low:
        raise RuntimeError(f"the processes disagree on {what}: rank {d.rank} has {value:g}, "
                           f"others between {low:g} and {high:g}")
    return value


def wrap(model: torch.nn.Module, d: Dist, strategy: str) -> torch.nn.Module:
    if not d.active:
        return model
    with collective("wrapping the model (parameter check and broadcast from rank 0)", d):
        if strategy == "fsdp" and TORCH2 and d.device.type == "cuda":
            from torch.distributed.fsdp import FullyShardedDataParallel as FSDP

            return FSDP(model, device_id=d.device, use_orig_params=True)
        from torch.nn.parallel import DistributedDataParallel as DDP

        return DDP(model, device_ids=[d.local_rank] if d.device.type == "cuda" else None)


def full_params(wrapped: torch.nn.Module):
    """Under FSDP, every rank must enter this to see whole parameters on the raw module."""
    import contextlib

    if TORCH2 and type(wrapped).__name__ == "FullyShardedDataParallel":
        from torch.distributed.fsdp import FullyShardedDataParallel as FSDP

        return FSDP.summon_full_params(wrapped, writeback=False)
    return contextlib.nullcontext()


def is_fsdp(wrapped: torch.nn.Module) -> bool:
    return type(wrapped).__name__ == "FullyShardedDataParallel"


def barrier(d: Dist, what: str = "a barrier") -> None:
    if d.active:
        with collective(what, d):
            dist.barrier()


def teardown(d: Dist) -> None:
    if d.active and dist.is_initialized():
        dist.destroy_process_group()
