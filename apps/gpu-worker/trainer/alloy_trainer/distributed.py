"""Process groups under torchrun: gloo on the CPU, NCCL on GPUs; DDP, or FSDP on torch 2.x."""

from __future__ import annotations

import os
from dataclasses import dataclass

import torch
import torch.distributed as dist

from .compat import CUDA, TORCH2


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
    if world > 1 and not dist.is_initialized():
        dist.init_process_group("nccl" if use_cuda else "gloo")
    return Dist(rank=rank, local_rank=local, world=world, device=device)


def all_sum(value: float, d: Dist) -> float:
    if not d.active:
        return value
    t = torch.tensor([value], dtype=torch.float64, device=d.device if d.device.type == "cuda" else "cpu")
    dist.all_reduce(t)
    return float(t.item())


def any_flag(flag: bool, d: Dist) -> bool:
    return all_sum(1.0 if flag else 0.0, d) > 0


def wrap(model: torch.nn.Module, d: Dist, strategy: str) -> torch.nn.Module:
    if not d.active:
        return model
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


def barrier(d: Dist) -> None:
    if d.active:
        dist.barrier()


def teardown(d: Dist) -> None:
    if d.active and dist.is_initialized():
        dist.destroy_process_group()
