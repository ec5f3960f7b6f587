"""LoRA: a low-rank update beside chosen linear layers, saved in PEFT's adapter layout."""

from __future__ import annotations

import math
import os
from typing import Dict, List, Optional

import torch
from torch import nn

from . import safetensors_io
from .errors import SpecError
from .hf_dir import write_json

DEFAULT_TARGETS = ["q_proj", "v_proj"]  # PEFT's default for LLaMA
PEFT_PREFIX = "base_model.model."


class LoraLinear(nn.Module):
    def __init__(self, base: nn.Linear, rank: int, alpha: float, dropout: float) -> None:
        super().__init__()
        self.base_layer = base
        self.lora_A = nn.Linear(base.in_features, rank, bias=False)
        self.lora_B = nn.Linear(rank, base.out_features, bias=False)
        self.lora_dropout = nn.Dropout(dropout) if dropout > 0 else nn.Identity()
        self.scaling = alpha / rank
        # PEFT's initialisation: A as nn.Linear's default, B zero, so training starts at the base
        nn.init.kaiming_uniform_(self.lora_A.weight, a=math.sqrt(5))
        nn.init.zeros_(self.lora_B.weight)

    def forward(self, x):
        return self.base_layer(x) + self.lora_B(self.lora_A(self.lora_dropout(x))) * self.scaling

    def merged(self) -> nn.Linear:
        base = self.base_layer
        out = nn.Linear(base.in_features, base.out_features, bias=base.bias is not None)
        with torch.no_grad():
            delta = (self.lora_B.weight.float() @ self.lora_A.weight.float()) * self.scaling
            out.weight.copy_((base.weight.float() + delta).to(base.weight.dtype))
            if base.bias is not None:
                out.bias.copy_(base.bias)
        return out.to(base.weight.device)


def _targets(model: nn.Module, names: List[str]):
    found = []
    for mod_name, module in model.named_modules():
        for child_name, child in module.named_children():
            if child_name in names and isinstance(child, nn.Linear):
                found.append((mod_name, module, child_name, child))
    return found


def apply_lora(model: nn.Module, rank: int, alpha: float, dropout: float, targets: Optional[List[str]]) -> List[str]:
    targets = targets or DEFAULT_TARGETS
    if "lm_head" in targets and getattr(getattr(model, "config", None), "tie_word_embeddings", False):
        # merging would untie lm_head from the embeddings, and the tied file format drops it
        raise SpecError("hyperparameters.lora.targetModules", "lm_head is tied to the embeddings in this model")
    found = _targets(model, targets)
    present = {c for _, _, c, _ in found}
    for t in targets:
        if t not in present:
            raise SpecError("hyperparameters.lora.targetModules", f"the model has no linear layer named {t}")
    for p in model.parameters():
        p.requires_grad_(False)
    wrapped = []
    for mod_name, module, child_name, child in found:
        setattr(module, child_name, LoraLinear(child, rank, alpha, dropout))
        wrapped.append(f"{mod_name}.{child_name}" if mod_name else child_name)
    return wrapped


def merge_lora(model: nn.Module) -> None:
    """Replaces every LoraLinear by one Linear with W + scaling * B A (transformers' names again)."""
    for module in list(model.modules()):
        for name, child in list(module.named_children()):
            if isinstance(child, LoraLinear):
                setattr(module, name, child.merged())


def adapter_state_dict(model: nn.Module) -> Dict[str, torch.Tensor]:
    out = {}
    for name, module in model.named_modules():
        if isinstance(module, LoraLinear):
            out[f"{PEFT_PREFIX}{name}.lora_A.weight"] = module.lora_A.weight.detach()
            out[f"{PEFT_PREFIX}{name}.lora_B.weight"] = module.lora_B.weight.detach()
    return out


def load_adapter_state_dict(model: nn.Module, sd: Dict[str, torch.Tensor]) -> None:
    mine = adapter_state_dict(model)
    if set(mine) != set(sd):
        raise ValueError("adapter weights do not fit this model")
    with torch.no_grad():
        for k, v in mine.items():
            v.copy_(sd[k])


def save_adapter(model: nn.Module, out_dir: str, rank: int, alpha: float, dropout: float,
                 targets: List[str], base_path: Optional[str]) -> None:
    os.makedirs(out_dir, exist_ok=True)
    sd = {k: v.float() for k, v in adapter_state_dict(model).items()}
    safetensors_io.save_file(sd, os.path.join(out_dir, "adapter_model.safetensors"), metadata={"format": "pt"})
    write_json(os.path.join(out_dir, "adapter_config.json"), {
        "peft_type": "LORA",
        "task_type": "CAUSAL_LM",
        "base_model_name_or_path": base_path,
        "r": rank,
        "lora_alpha": alpha,
        "lora_dropout": dropout,
        "target_modules": sorted(targets),
        "bias": "none",
        "fan_in_fan_out": False,
        "inference_mode": True,
        "init_lora_weights": True,
        "modules_to_save": None,
        "layers_to_transform": None,
        "layers_pattern": None,
        "rank_pattern": {},
        "alpha_pattern": {},
        "use_rslora": False,
        "use_dora": False,
        "revision": None,
    })
