"""Perplexity of each eval dataset and multiple-choice accuracy.

Multiple-choice records are {"question": str, "choices": [str, ...], "answer": index}. A choice
is scored by the summed log-probability of its tokens after the prompt
"Question: {question}\\nAnswer:" followed by " {choice}"; the highest score is the prediction.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Dict, Iterable, List, Tuple

import torch
import torch.nn.functional as F

from .data import IGNORE, Blocks
from .tokenizer import Tokenizer


@torch.no_grad()
def perplexity(model, blocks: Blocks, batch_size: int, max_batches: int, device, autocast) -> Tuple[float, int]:
    """Summed next-token loss and the number of loss tokens over the first blocks."""
    was_training = model.training
    model.eval()
    total, count = 0.0, 0
    n = min(blocks.n, batch_size * max_batches)
    for start in range(0, n, batch_size):
        b = {k: v.to(device) for k, v in blocks.get(range(start, min(n, start + batch_size))).items()}
        with autocast():
            logits = model(b["input_ids"], b["position_ids"], b["segment_ids"])
        loss = F.cross_entropy(logits.float().reshape(-1, logits.shape[-1]), b["targets"].reshape(-1),
                               ignore_index=IGNORE, reduction="sum")
        total += loss.item()
        count += int((b["targets"] != IGNORE).sum())
    model.train(was_training)
    return total, count


@dataclass
class EvalSet:
    """One dataset of the spec, read as blocks for a perplexity."""
    index: int
    dataset: Dict[str, Any]
    blocks: Blocks


@dataclass
class Measured:
    index: int
    dataset: Dict[str, Any]
    loss: float  # summed over the tokens
    tokens: int
    documents: int


def measure(model, sets: List[EvalSet], batch_size: int, max_batches: int, device, autocast) -> List[Measured]:
    """Each dataset on its own first blocks (at most max_batches batches of each), so the
    evaluation reports what it measured of every dataset."""
    out = []
    for s in sets:
        total, count = perplexity(model, s.blocks, batch_size, max_batches, device, autocast)
        used = min(s.blocks.n, batch_size * max_batches)
        out.append(Measured(s.index, s.dataset, total, count, s.blocks.documents(used)))
    return out


def loss_metrics(measured: List[Measured], loss_key: str, ppl_key: str) -> Dict[str, float]:
    """Token-weighted over the datasets; nothing when no token was measured."""
    count = sum(m.tokens for m in measured)
    if not count:
        return {}
    loss = sum(m.loss for m in measured) / count
    return {loss_key: loss, ppl_key: math.exp(min(loss, 50.0))}


def mc_prompt(question: str) -> str:
    return f"Question: {question}\nAnswer:"


@torch.no_grad()
def mc_score(model, tok: Tokenizer, records: Iterable[dict], device, autocast) -> Tuple[int, int, int]:
    """(correct, questions, choice tokens scored) over the records.

    The choices of a question run as one batch, right-padded: under the causal mask padding after
    a choice changes none of its logits, and one forward of four rows costs far less on a CPU
    than four forwards of one."""
    was_training = model.training
    model.eval()
    correct = total = tokens = 0
    pad = tok.eos_id
    for rec in records:
        prompt = tok.encode(mc_prompt(rec["question"]))
        rows = [prompt + tok.encode(" " + choice) for choice in rec["choices"]]
        width = max(len(r) for r in rows)
        ids = torch.tensor([r + [pad] * (width - len(r)) for r in rows], device=device)
        with autocast():
            logits = model(ids)
        logp = torch.log_softmax(logits[:, :-1].float(), dim=-1)
        scores: List[float] = []
        for i, row in enumerate(rows):
            # the log-probability of each choice token, given everything before it
            tgt = ids[i, len(prompt):len(row)]
            picked = logp[i, len(prompt) - 1:len(row) - 1].gather(1, tgt[:, None])[:, 0]
            scores.append(float(picked.sum()))
            tokens += len(row) - len(prompt)
        correct += int(max(range(len(scores)), key=scores.__getitem__) == rec["answer"])
        total += 1
    model.train(was_training)
    return correct, total, tokens


def mc_metrics(correct: int, total: int) -> Dict[str, float]:
    return {"mcAccuracy": correct / total, "mcQuestions": float(total)} if total else {}


def mc_accuracy(model, tok: Tokenizer, records: Iterable[dict], device, autocast) -> Dict[str, float]:
    """Over every record given (all mc_eval datasets together); nothing without a question."""
    correct, total, _ = mc_score(model, tok, records, device, autocast)
    return mc_metrics(correct, total)
