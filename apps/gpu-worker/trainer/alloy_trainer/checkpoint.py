"""Checkpoints: <checkpointDir>/step-<N>/ with trainable.safetensors and state.pt, and a
LATEST file naming the newest complete one. A directory is renamed into place only when
complete, so a kill mid-write leaves the previous checkpoint as LATEST."""

from __future__ import annotations

import os
import shutil
from typing import Any, Dict, Optional

import torch
from torch import nn

from . import safetensors_io

KEEP = 2


def trainable_state(model: nn.Module) -> Dict[str, torch.Tensor]:
    return {n: p.detach() for n, p in model.named_parameters() if p.requires_grad}


def save(ckpt_dir: str, step: int, model: nn.Module, opt: torch.optim.Optimizer, extra: Dict[str, Any]) -> str:
    os.makedirs(ckpt_dir, exist_ok=True)
    name = f"step-{step:08d}"
    final = os.path.join(ckpt_dir, name)
    tmp = final + ".partial"
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    safetensors_io.save_file({k: v.float() if v.dtype == torch.bfloat16 else v for k, v in trainable_state(model).items()},
                             os.path.join(tmp, "trainable.safetensors"))
    state = {"step": step, "optimizer": opt.state_dict(), "rng_cpu": torch.get_rng_state(), **extra}
    if torch.cuda.is_available():
        state["rng_cuda"] = torch.cuda.get_rng_state_all()
    torch.save(state, os.path.join(tmp, "state.pt"))
    shutil.rmtree(final, ignore_errors=True)
    os.replace(tmp, final)
    latest_tmp = os.path.join(ckpt_dir, "LATEST.tmp")
    with open(latest_tmp, "w") as f:
        f.write(name + "\n")
    os.replace(latest_tmp, os.path.join(ckpt_dir, "LATEST"))
    _prune(ckpt_dir, keep=KEEP)
    return final


def _prune(ckpt_dir: str, keep: int) -> None:
    steps = sorted(d for d in os.listdir(ckpt_dir) if d.startswith("step-") and not d.endswith(".partial"))
    for d in steps[:-keep]:
        shutil.rmtree(os.path.join(ckpt_dir, d), ignore_errors=True)


def latest(ckpt_dir: str) -> Optional[str]:
    p = os.path.join(ckpt_dir, "LATEST")
    if not os.path.exists(p):
        return None
    with open(p) as f:
        path = os.path.join(ckpt_dir, f.read().strip())
    return path if os.path.isdir(path) else None


def load_weights(path: str, model: nn.Module) -> None:
    weights = safetensors_io.load_file(os.path.join(path, "trainable.safetensors"))
    params = dict(model.named_parameters())
    if set(weights) != {n for n, p in params.items() if p.requires_grad}:
        raise ValueError(f"checkpoint {path} holds other parameters than this run trains")
    with torch.no_grad():
        for k, v in weights.items():
            params[k].copy_(v.to(params[k].dtype))


def read_state(path: str) -> Dict[str, Any]:
    return torch.load(os.path.join(path, "state.pt"), map_location="cpu")


def restore_state(state: Dict[str, Any], opt: Optional[torch.optim.Optimizer]) -> None:
    if opt is not None:
        opt.load_state_dict(state["optimizer"])
    torch.set_rng_state(state["rng_cpu"])
    if "rng_cuda" in state and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(state["rng_cuda"])
