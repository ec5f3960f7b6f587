"""Held-out perplexity and multiple-choice accuracy.

Multiple-choice records are {"question": str, "choices": [str, ...], "answer": index}. A choice
is scored by the summed log-probability of its tokens after the prompt
"Question: {question}\\nAnswer:" followed by " {choice}"; the highest score is the prediction.
"""

from __future__ import annotations

from typing import Dict, Iterable, List, Tuple

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


def mc_prompt(question: str) -> str:
    return f"Question: {question}\nAnswer:"


@torch.no_grad()
def mc_accuracy(model, tok: Tokenizer, records: Iterable[dict], device, autocast) -> Dict[str, float]:
    was_training = model.training
    model.eval()
    correct = total = 0
    for rec in records:
        prompt = tok.encode(mc_prompt(rec["question"]))
        scores: List[float] = []
        for choice in rec["choices"]:
            cont = tok.encode(" " + choice)
            ids = torch.tensor([prompt + cont], device=device)
            with autocast():
                logits = model(ids)
            logp = torch.log_softmax(logits[0, :-1].float(), dim=-1)
            tgt = ids[0, 1:]
            picked = logp.gather(1, tgt[:, None])[:, 0][len(prompt) - 1:]
            scores.append(float(picked.sum()))
        correct += int(max(range(len(scores)), key=scores.__getitem__) == rec["answer"])
        total += 1
    model.train(was_training)
    return {"mcAccuracy": correct / total if total else float("nan"), "mcQuestions": float(total)}
