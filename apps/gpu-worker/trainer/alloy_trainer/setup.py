"""The model and tokenizer a job starts from: a base directory, or a fresh seeded model."""

from __future__ import annotations

import os
from typing import Optional, Tuple

from . import distributed as dd
from .bpe_trainer import MIN_VOCAB, save_tokenizer, train_bpe
from .data import chat_records, corpus_texts
from .errors import SpecError
from .events import Events
from .hf_dir import load_model
from .init_model import build_model
from .model import LlamaForCausalLM
from .spec import Job
from .tokenizer import Tokenizer


def _train_texts(job: Job):
    for i, d in enumerate(job.datasets):
        if d["role"] not in ("train", "replay"):
            continue
        field = f"datasets.{i}.path"
        if d["format"] == "corpus":
            # the tokenizer is trained too: held-out documents stay unseen by every part of the model
            yield from corpus_texts(d["path"], field, "train")
        elif d["format"] == "chat":
            for msgs in chat_records(d["path"], field):
                yield from (m["content"] for m in msgs)


def _trained_tokenizer(job: Job, events: Events, d: dd.Dist) -> Tuple[Tokenizer, str]:
    """Trained once and kept beside the checkpoints, so a resumed run uses the same one.

    Only rank 0 looks for the cached tokenizer and trains one when it is missing; every rank then
    meets at the barrier, whatever it would have found on disk. A rank that checked the cache
    itself could find the file rank 0 had just written, skip the barrier, and leave rank 0
    waiting in it while it went on to the next collective: a hang."""
    cache = os.path.join(job.checkpoint_dir, "tokenizer")
    if d.main and not os.path.exists(os.path.join(cache, "tokenizer.json")):
        size = (job.spec.get("tokenizer") or {}).get("vocabSize") or (job.spec.get("modelConfig") or {}).get("vocab_size") or 4096
        events.log(f"training a byte-level BPE tokenizer of {size} tokens")
        tok = train_bpe(_train_texts(job), max(int(size), MIN_VOCAB))
        save_tokenizer(tok, cache + ".partial")
        if os.path.exists(cache):
            import shutil

            shutil.rmtree(cache)
        os.replace(cache + ".partial", cache)
    dd.barrier(d, "the barrier after rank 0 looks for or trains the tokenizer")
    return Tokenizer.from_dir(cache), cache


def build_model_and_tokenizer(job: Job, events: Events, d: dd.Dist) -> Tuple[LlamaForCausalLM, Tokenizer, Optional[str]]:
    base = job.spec.get("base")
    tok_spec = job.spec.get("tokenizer") or {}
    if tok_spec.get("path"):
        tok_src = tok_spec["path"]
        tok = Tokenizer.from_dir(tok_src)
    elif base and not tok_spec.get("train"):
        tok_src = base["path"]
        try:
            tok = Tokenizer.from_dir(tok_src)
        except (ValueError, FileNotFoundError) as e:
            raise SpecError("base.path", f"tokenizer: {e}")
    else:
        tok, tok_src = _trained_tokenizer(job, events, d)
    if base:
        try:
            model = load_model(base["path"])
        except (ValueError, FileNotFoundError) as e:
            raise SpecError("base.path", str(e))
    else:
        cfg = dict(job.spec["modelConfig"])
        cfg.setdefault("max_position_embeddings", max(job.hp["seqLen"], 256))
        try:
            model = build_model(cfg, tok, job.hp["seed"])
        except (TypeError, ValueError) as e:
            raise SpecError("modelConfig", str(e))
    if job.hp["seqLen"] > model.config.max_position_embeddings:
        raise SpecError("hyperparameters.seqLen", f"exceeds the model's max_position_embeddings ({model.config.max_position_embeddings})")
    return model, tok, tok_src
