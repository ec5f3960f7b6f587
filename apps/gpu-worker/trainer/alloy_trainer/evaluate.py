"""Perplexity of each eval dataset and multiple-choice accuracy.

Multiple-choice records are {"question": str, "choices": [str, ...], "answer": index}. A choice
is scored by how much the question raises the log-probability of its tokens: their summed
log-probability after "Question: {question}\\nAnswer:" minus the same after the bare "Answer:"
(the calibration of Brown et al., 2020). Without it the score mostly ranks choices by length and
by how common their words are, whatever the question asked; the highest score is the prediction.
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


# what a choice's log-probability is calibrated against: the prompt without its question
MC_NEUTRAL_PROMPT = "Answer:"


def _choice_logprobs(model, prompts: List[List[int]], choices: List[List[int]], pad: int, device,
                     autocast) -> List[float]:
    """The summed log-probability of each choice's tokens after its prompt, all rows in one batch.

    Rows are right-padded: under the causal mask padding after a row changes none of its logits,
    and one forward of a question's four rows costs far less on a CPU than four forwards of one."""
    rows = [p + c for p, c in zip(prompts, choices)]
    width = max(len(r) for r in rows)
    ids = torch.tensor([r + [pad] * (width - len(r)) for r in rows], device=device)
    with autocast():
        logits = model(ids)
    logp = torch.log_softmax(logits[:, :-1].float(), dim=-1)
    out: List[float] = []
    for i, (p, r) in enumerate(zip(prompts, rows)):
        tgt = ids[i, len(p):len(r)]
        out.append(float(logp[i, len(p) - 1:len(r) - 1].gather(1, tgt[:, None])[:, 0].sum()))
    return out


@torch.no_grad()
def mc_score(model, tok: Tokenizer, records: Iterable[dict], device, autocast) -> Tuple[int, int, int]:
    """(correct, questions, choice tokens scored) over the records."""
    was_training = model.training
    model.eval()
    correct = total = tokens = 0
    neutral = tok.encode(MC_NEUTRAL_PROMPT)
    for rec in records:
        prompt = tok.encode(mc_prompt(rec["question"]))
        choices = [tok.encode(" " + choice) for choice in rec["choices"]]
        n = len(choices)
        # two batches: padded to one width, the short neutral rows would cost as much as the long ones
        given = _choice_logprobs(model, [prompt] * n, choices, tok.eos_id, device, autocast)
        bare = _choice_logprobs(model, [neutral] * n, choices, tok.eos_id, device, autocast)
        scores = [g - b for g, b in zip(given, bare)]
        correct += int(max(range(n), key=scores.__getitem__) == rec["answer"])
        total += 1
        tokens += sum(len(c) for c in choices)
    model.train(was_training)
    return correct, total, tokens


def mc_metrics(correct: int, total: int) -> Dict[str, float]:
    return {"mcAccuracy": correct / total, "mcQuestions": float(total)} if total else {}


def mc_accuracy(model, tok: Tokenizer, records: Iterable[dict], device, autocast) -> Dict[str, float]:
    """Over every record given (all mc_eval datasets together); nothing without a question."""
    correct, total, _ = mc_score(model, tok, records, device, autocast)
    return mc_metrics(correct, total)
