"""Which parameters train: full, LoRA, bottleneck adapters, or a selected subset."""

from __future__ import annotations

import fnmatch
import re
from typing import Any, Dict, List

import torch
from torch import nn

from .errors import SpecError
from .lora import DEFAULT_TARGETS, apply_lora

ADAPTER_CONFIG_KEY = "alloy_bottleneck_adapter"


class BottleneckAdapter(nn.Module):
    """Houlsby-style residual bottleneck; `up` starts at zero so training starts at the base."""

    def __init__(self, hidden: int, bottleneck: int) -> None:
        super().__init__()
        self.down_proj = nn.Linear(hidden, bottleneck)
        self.up_proj = nn.Linear(bottleneck, hidden)
        nn.init.normal_(self.down_proj.weight, std=0.02)
        nn.init.zeros_(self.down_proj.bias)
        nn.init.zeros_(self.up_proj.weight)
        nn.init.zeros_(self.up_proj.bias)

    def forward(self, h):
        return h + self.up_proj(torch.nn.functional.silu(self.down_proj(h)))


def _adapter_hook(module, inputs, output):
    return module._alloy_adapter(output)


def add_adapters(model: nn.Module, bottleneck: int) -> None:
    """One adapter on each decoder layer's MLP output, registered as `model.layers.N.mlp_adapter`
    so every base parameter keeps its transformers name."""
    for layer in model.model.layers:
        adapter = BottleneckAdapter(model.config.hidden_size, bottleneck)
        layer.mlp_adapter = adapter
        object.__setattr__(layer.mlp, "_alloy_adapter", adapter)  # not a submodule: no second name
        layer.mlp.register_forward_hook(_adapter_hook)
    model.config_extra = {ADAPTER_CONFIG_KEY: {"bottleneck": bottleneck, "placement": "mlp_output",
                                               "activation": "silu"}}


def _select(model: nn.Module, sel: Dict[str, Any]) -> List[str]:
    n_layers = len(model.model.layers)
    top = int(sel.get("topLayers") or 0)
    layer_re = re.compile(r"^model\.layers\.(\d+)\.")
    chosen = []
    for name, _ in model.named_parameters():
        m = layer_re.match(name)
        hit = (
            (sel.get("norms") and (name.endswith("layernorm.weight") or name == "model.norm.weight"))
            or (sel.get("biases") and name.endswith(".bias"))
            or (top and m is not None and int(m.group(1)) >= n_layers - top)
            or any(fnmatch.fnmatchcase(name, p) for p in sel.get("patterns") or [])
        )
        if hit:
            chosen.append(name)
    return chosen


def apply_method(model: nn.Module, method: str, hp: Dict[str, Any]) -> List[str]:
    """Sets requires_grad; returns the names of the trainable parameters."""
    if method == "lora":
        lo = hp.get("lora") or {}
        rank = int(lo.get("rank", 8))
        apply_lora(model, rank, float(lo.get("alpha", 2 * rank)), float(lo.get("dropout", 0.0)),
                   lo.get("targetModules") or DEFAULT_TARGETS)
    elif method == "adapter":
        for p in model.parameters():
            p.requires_grad_(False)
        add_adapters(model, int((hp.get("adapter") or {}).get("bottleneck", 16)))
    elif method == "selective":
        chosen = set(_select(model, hp.get("selective") or {}))
        if not chosen:
            raise SpecError("hyperparameters.selective", "matches no parameter of this model")
        for name, p in model.named_parameters():
            p.requires_grad_(name in chosen)
    elif method != "full":
        raise SpecError("method", f"unknown method {method}")
    return [n for n, p in model.named_parameters() if p.requires_grad]
