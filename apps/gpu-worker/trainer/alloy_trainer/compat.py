"""Feature checks, so the same code runs on Debian's torch 1.13 (CPU) and PyTorch 2.x (CUDA)."""

from __future__ import annotations

import functools
import os

import torch
import torch.nn.functional as F
import torch.utils.checkpoint as _ckpt

TORCH_VERSION = tuple(int(p) for p in torch.__version__.split("+")[0].split(".")[:2] if p.isdigit())
TORCH2 = TORCH_VERSION >= (2, 0)
HAS_SDPA = hasattr(F, "scaled_dot_product_attention")
HAS_COMPILE = TORCH2 and hasattr(torch, "compile")
CUDA = torch.cuda.is_available()


def checkpoint(fn, *args):
    return _ckpt.checkpoint(fn, *args, use_reentrant=False)


def setup_threads() -> None:
    # Debian's torch starts with one thread; the CPU path is several times faster with all cores
    n = int(os.environ.get("ALLOY_TRAINER_THREADS", "0")) or (os.cpu_count() or 1)
    torch.set_num_threads(n)


def bf16_supported() -> bool:
    return CUDA and torch.cuda.is_bf16_supported()


@functools.lru_cache(maxsize=None)
def optional_module(name: str):
    try:
        return __import__(name)
    except Exception:
        return None


class UnsafeLoadUnsupported(RuntimeError):
    pass


def torch_load_weights_only(path: str):
    """torch.load that never runs code from the file: only tensors and plain containers.
    Refuses on a torch without weights_only instead of unpickling."""
    import inspect

    if "weights_only" not in inspect.signature(torch.load).parameters:
        raise UnsafeLoadUnsupported(f"torch {torch.__version__} cannot load {os.path.basename(path)} safely "
                           "(no weights_only); PyTorch 1.13 or newer is required")
    return torch.load(path, map_location="cpu", weights_only=True)
