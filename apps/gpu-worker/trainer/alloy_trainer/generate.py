"""Greedy generation for evaluation: the same model and prompt always give the same text.

No sampling: the most likely token each step, the first of equal ones. The prompt runs once
and each new token reads the keys and values cached for the tokens before it.
"""

from __future__ import annotations

import re
from typing import List, Sequence

import torch

from .tokenizer import SPECIAL_TOKENS, Tokenizer

# Chinese is written without spaces: a run of CJK characters counts one word per character
_WORD = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]|[^\s\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]+")


def first_words(text: str, n: int) -> str:
    """The text up to the end of its n-th word, as written (spacing and punctuation kept)."""
    end = 0
    for i, m in enumerate(_WORD.finditer(text)):
        if i == n:
            break
        end = m.end()
    return text[:end]


class Generator:
    def __init__(self, model, tok: Tokenizer, max_new_tokens: int, device, autocast) -> None:
        self.model, self.tok, self.max_new = model, tok, max_new_tokens
        self.device, self.autocast = device, autocast
        # any special token ends the answer: <|endoftext|>, the end of the turn, or a new turn
        self.stop = {i for i in (tok.token_id(t) for t in SPECIAL_TOKENS) if i is not None} | {tok.eos_id}
        self.generated = 0  # tokens generated so far, for the datasets' token counts

    @torch.no_grad()
    def greedy(self, prompt: Sequence[int]) -> List[int]:
        limit = self.model.config.max_position_embeddings
        # keep the end of a prompt too long to leave room for the answer
        ids = list(prompt)[-max(1, limit - self.max_new):]
        was_training = self.model.training
        self.model.eval()
        out: List[int] = []
        try:
            with self.autocast():
                logits, cache = self.model.forward_cached(torch.tensor([ids], device=self.device))
            while True:
                nxt = int(torch.argmax(logits[0, -1].float()))  # the first of equal scores: no ties to break
                if nxt in self.stop:
                    break
                out.append(nxt)
                if len(out) == self.max_new:
                    break
                with self.autocast():
                    logits, cache = self.model.forward_cached(torch.tensor([[nxt]], device=self.device), cache)
        finally:
            self.model.train(was_training)
        self.generated += len(out)
        return out

    def chat(self, prompt: str) -> str:
        ids = self.tok.encode_generation_prompt([{"role": "user", "content": prompt}])
        return self.tok.decode(self.greedy(ids), skip_special=True)

    def complete(self, text: str) -> str:
        # training documents follow <|endoftext|>: starting with it makes the prompt a document start
        return self.tok.decode(self.greedy([self.tok.eos_id] + self.tok.encode(text)), skip_special=True)
