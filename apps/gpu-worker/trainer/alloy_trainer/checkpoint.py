"""Checkpoints: <checkpointDir>/step-<N>/ with trainable.safetensors and state.pt, and a
LATEST file naming the newest complete one. A directory is renamed into place only when
complete, so a kill mid-write leaves the previous checkpoint as LATEST.

A checkpoint directory may have been written by someone else (a shared volume), so reading one
runs no code from it: state.pt holds only tensors and one JSON string (torch 1.13's weights_only
loader accepts no Python floats), it is read with weights_only, and LATEST must name a step
directory inside the checkpoint directory."""

from __future__ import annotations

import json
import os
import re
import shutil
from typing import Any, Dict, List, Optional

import torch
from torch import nn

from . import safetensors_io
from .compat import UnsafeLoadUnsupported, torch_load_weights_only
from .paths import UnsafePathError, confined

KEEP = 2
STATE_FORMAT = "alloy-checkpoint-state/1"
_STEP_NAME = re.compile(r"step-[0-9]+")


class CheckpointError(ValueError):
    """A checkpoint that cannot be read safely; the run stops instead of trusting it."""


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
    torch.save(encode_state(state), os.path.join(tmp, "state.pt"))
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
        name = f.read().strip()
    if not _STEP_NAME.fullmatch(name):
        raise CheckpointError(f"{p} names {name!r}, not a step-N directory of this checkpoint directory")
    try:
        path = confined(ckpt_dir, name, f"{p} entry")
    except UnsafePathError as e:
        raise CheckpointError(str(e)) from None
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
    file = os.path.join(path, "state.pt")
    try:
        raw = torch_load_weights_only(file)
    except (OSError, UnsafeLoadUnsupported):
        raise
    except Exception as e:  # noqa: BLE001 - the unpickler's refusals have several types
        raise CheckpointError(f"checkpoint state {file} holds more than tensors and plain values; "
                              f"refused to load it ({type(e).__name__})") from None
    if isinstance(raw, dict) and raw.get("format") == STATE_FORMAT:
        return decode_state(raw)
    if isinstance(raw, dict):
        return raw  # written before STATE_FORMAT; torch 2.x reads its floats with weights_only
    raise CheckpointError(f"checkpoint state {file} is not a checkpoint state")


def encode_state(state: Dict[str, Any]) -> Dict[str, Any]:
    """Tensors apart, everything else as JSON: what weights_only loads on every torch version."""
    tensors: List[torch.Tensor] = []

    def enc(v: Any) -> Any:
        if isinstance(v, torch.Tensor):
            tensors.append(v.detach().cpu())
            return {"$tensor": len(tensors) - 1}
        if isinstance(v, tuple):
            return {"$tuple": [enc(x) for x in v]}
        if isinstance(v, list):
            return [enc(x) for x in v]
        if isinstance(v, dict):
            if all(isinstance(k, str) and not k.startswith("$") for k in v):
                return {k: enc(x) for k, x in v.items()}
            return {"$items": [[enc(k), enc(x)] for k, x in v.items()]}
        if v is None or isinstance(v, (bool, int, float, str)):
            return v
        raise TypeError(f"checkpoint state cannot hold a {type(v).__name__}")

    meta = enc(state)
    return {"format": STATE_FORMAT, "meta": json.dumps(meta), "tensors": tensors}


def decode_state(raw: Dict[str, Any]) -> Dict[str, Any]:
    tensors = raw.get("tensors")
    if not isinstance(tensors, list) or not all(isinstance(t, torch.Tensor) for t in tensors):
        raise CheckpointError("checkpoint state has no tensor list")

    def dec(v: Any) -> Any:
        if isinstance(v, list):
            return [dec(x) for x in v]
        if isinstance(v, dict):
            if set(v) == {"$tensor"}:
                return tensors[v["$tensor"]]
            if set(v) == {"$tuple"}:
                return tuple(dec(x) for x in v["$tuple"])
            if set(v) == {"$items"}:
                return {dec(k): dec(x) for k, x in v["$items"]}
            return {k: dec(x) for k, x in v.items()}
        return v

    try:
        state = dec(json.loads(raw["meta"]))
    except (KeyError, TypeError, IndexError, ValueError) as e:
        raise CheckpointError(f"checkpoint state is malformed ({type(e).__name__})") from None
    if not isinstance(state, dict):
        raise CheckpointError("checkpoint state is malformed")
    return state


def restore_state(state: Dict[str, Any], opt: Optional[torch.optim.Optimizer]) -> None:
    if opt is not None:
        opt.load_state_dict(state["optimizer"])
    torch.set_rng_state(state["rng_cpu"])
    if "rng_cuda" in state and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(state["rng_cuda"])
