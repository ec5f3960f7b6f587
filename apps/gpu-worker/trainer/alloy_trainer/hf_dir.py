"""Hugging Face model directories: config.json, model.safetensors, tokenizer, generation config.

alloy.json (the artifact manifest) is written last, with the sha256 of every other file.
"""

from __future__ import annotations

import hashlib
import json
import os
from typing import Any, Dict, List, Optional

import torch

from . import safetensors_io
from .model import ARCHITECTURES, LlamaConfig, LlamaForCausalLM
from .tokenizer import EOS, IM_END, Tokenizer

MANIFEST = "alloy.json"


def read_config(model_dir: str) -> LlamaConfig:
    with open(os.path.join(model_dir, "config.json")) as f:
        d = json.load(f)
    arch = (d.get("architectures") or ["LlamaForCausalLM"])[0]
    if arch not in ARCHITECTURES:
        raise ValueError(f"unsupported architecture {arch}; supported: {', '.join(ARCHITECTURES)}")
    return LlamaConfig.from_dict(d)


def load_model(model_dir: str, dtype: torch.dtype = torch.float32) -> LlamaForCausalLM:
    from .methods import ADAPTER_CONFIG_KEY, add_adapters

    cfg = read_config(model_dir)
    model = LlamaForCausalLM(cfg)
    with open(os.path.join(model_dir, "config.json")) as f:
        adapter = json.load(f).get(ADAPTER_CONFIG_KEY)
    if adapter:
        add_adapters(model, int(adapter["bottleneck"]))
    model.load_hf_state_dict(safetensors_io.load_sharded(model_dir))
    return model.to(dtype)


def write_json(path: str, obj: Any) -> None:
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(obj, f, indent=2, ensure_ascii=False)
        f.write("\n")
    os.replace(tmp, path)


def generation_config(cfg: LlamaConfig, tok: Optional[Tokenizer]) -> Dict[str, Any]:
    eos: List[int] = [cfg.eos_token_id] if isinstance(cfg.eos_token_id, int) else list(cfg.eos_token_id or [])
    if tok is not None:
        im_end = tok.token_id(IM_END)
        if im_end is not None and im_end not in eos:
            eos.append(im_end)  # chat models stop at the end of their turn
    out: Dict[str, Any] = {
        "bos_token_id": cfg.bos_token_id,
        "eos_token_id": eos if len(eos) != 1 else eos[0],
        "do_sample": False,
        "transformers_version": "4.44.0",
    }
    if cfg.pad_token_id is not None:
        out["pad_token_id"] = cfg.pad_token_id
    return out


def save_model(
    model: LlamaForCausalLM,
    out_dir: str,
    tokenizer_src: Optional[str] = None,
    tokenizer: Optional[Tokenizer] = None,
    dtype: torch.dtype = torch.float32,
) -> None:
    """Writes the model directory (not the manifest). The tokenizer is copied from tokenizer_src
    when given, else written from `tokenizer`."""
    from .bpe_trainer import copy_tokenizer_files, save_tokenizer

    os.makedirs(out_dir, exist_ok=True)
    cfg = model.config
    hf = cfg.to_hf_dict()
    hf.update(getattr(model, "config_extra", {}))
    hf["torch_dtype"] = {torch.float32: "float32", torch.bfloat16: "bfloat16", torch.float16: "float16"}[dtype]
    write_json(os.path.join(out_dir, "config.json"), hf)
    sd = {k: v.to(dtype) for k, v in model.hf_state_dict().items()}
    safetensors_io.save_file(sd, os.path.join(out_dir, "model.safetensors"), metadata={"format": "pt"})
    if tokenizer_src:
        copy_tokenizer_files(tokenizer_src, out_dir)
        tokenizer = tokenizer or Tokenizer.from_dir(out_dir)
    elif tokenizer is not None:
        save_tokenizer(tokenizer, out_dir, cfg.max_position_embeddings)
    write_json(os.path.join(out_dir, "generation_config.json"), generation_config(cfg, tokenizer))


def sha256_file(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def file_list(root: str) -> List[Dict[str, Any]]:
    out = []
    for d, _, names in os.walk(root):
        for n in names:
            p = os.path.join(d, n)
            rel = os.path.relpath(p, root).replace(os.sep, "/")
            if rel == MANIFEST or n.endswith(".tmp"):
                continue
            out.append({"path": rel, "sha256": sha256_file(p), "bytes": os.path.getsize(p)})
    return sorted(out, key=lambda e: e["path"])


def write_manifest(out_dir: str, fields: Dict[str, Any]) -> Dict[str, Any]:
    manifest = dict(fields)
    manifest["files"] = file_list(out_dir)
    write_json(os.path.join(out_dir, MANIFEST), manifest)
    return manifest
