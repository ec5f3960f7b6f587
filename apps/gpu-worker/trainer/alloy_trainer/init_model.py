"""Creating a model directory from scratch: a trained tokenizer and seeded random weights."""

from __future__ import annotations

import json
from typing import Any, Dict, Iterable, Iterator, Optional

import torch

from .bpe_trainer import MIN_VOCAB, train_bpe
from .hf_dir import save_model, write_manifest
from .model import LlamaConfig, LlamaForCausalLM, count_parameters
from .tokenizer import EOS, PAD, Tokenizer


def read_texts(path: str) -> Iterator[str]:
    """Plain text (one document per file) or JSONL records with "text" or chat "messages"."""
    with open(path, encoding="utf-8") as f:
        first = f.read(1)
        f.seek(0)
        if first != "{":
            yield f.read()
            return
        for line in f:
            line = line.strip()
            if not line:
                continue
            rec = json.loads(line)
            if "text" in rec:
                yield rec["text"]
            for m in rec.get("messages", []):
                yield m.get("content", "")
            if "question" in rec:
                yield rec["question"]
                yield from (str(c) for c in rec.get("choices", []))


def build_model(cfg_dict: Dict[str, Any], tok: Tokenizer, seed: int) -> LlamaForCausalLM:
    d = dict(cfg_dict)
    d["vocab_size"] = max(int(d.get("vocab_size", 0)), tok.vocab_size)
    d["bos_token_id"] = tok.token_id(EOS)
    d["eos_token_id"] = tok.token_id(EOS)
    d["pad_token_id"] = tok.token_id(PAD)
    model = LlamaForCausalLM(LlamaConfig.from_dict(d))
    model.init_weights(seed)
    return model


def init_model(
    cfg_dict: Dict[str, Any],
    corpus_texts: Iterable[str],
    out_dir: str,
    seed: int = 0,
    vocab_size: Optional[int] = None,
) -> Dict[str, Any]:
    torch.manual_seed(seed)
    target = int(vocab_size or cfg_dict.get("vocab_size") or 512)
    tok = train_bpe(corpus_texts, max(target, MIN_VOCAB))
    model = build_model(cfg_dict, tok, seed)
    save_model(model, out_dir, tokenizer=tok)
    return write_manifest(
        out_dir,
        {
            "format": "hf-model",
            "versionId": None,
            "parentVersionId": None,
            "jobId": None,
            "datasetVersions": [],
            "metrics": {"parameters": count_parameters(model)},
            "seed": seed,
        },
    )
