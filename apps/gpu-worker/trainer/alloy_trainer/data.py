"""Datasets as fixed-length blocks: packed corpus text, and chat records with a loss mask.

Every block carries inputs, next-token targets (-100 where no loss is taken), position ids that
restart at each document, and segment ids that keep attention inside one document.
"""

from __future__ import annotations
import abc
import hashlib
import json
import random
from array import array
from typing import Dict, Iterator, List, Sequence, Tuple

import torch

from .errors import SpecError
from .tokenizer import Tokenizer

IGNORE = -100
Batch = Dict[str, torch.Tensor]


def read_jsonl(path: str, field: str) -> Iterator[Tuple[int, dict]]:
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as e:
                raise SpecError(field, f"line {n} is not JSON: {e.msg}")
            if not isinstance(rec, dict):
                raise SpecError(field, f"line {n} is not an object")
            yield n, rec


HELDOUT_MODULUS = 20
# which corpus documents a reader keeps: training never sees held-out ones, an eval may ask for them only
SPLITS = ("all", "heldout", "train")


def is_heldout(text: str) -> bool:
    """The shared rule (libs/contracts job-spec.schema.json): about 1 document in 20, chosen by the
    text alone, so every job and every version of a dataset holds out the same documents."""
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest()[:8], 16) % HELDOUT_MODULUS == 0


def corpus_texts(path: str, field: str, split: str = "all") -> Iterator[str]:
    if split not in SPLITS:
        raise ValueError(f"unknown split {split}")
    for n, rec in read_jsonl(path, field):
        if not isinstance(rec.get("text"), str):
            raise SpecError(field, f"line {n}: a corpus record needs a string \"text\"")
        if split == "all" or is_heldout(rec["text"]) == (split == "heldout"):
            yield rec["text"]


def chat_records(path: str, field: str) -> Iterator[List[dict]]:
    for n, rec in read_jsonl(path, field):
        msgs = rec.get("messages")
        ok = isinstance(msgs, list) and msgs and all(
            isinstance(m, dict) and isinstance(m.get("role"), str) and isinstance(m.get("content"), str) for m in msgs
        )
        if not ok:
            raise SpecError(field, f"line {n}: a chat record needs \"messages\": [{{role, content}}, ...]")
        yield msgs


def mc_records(path: str, field: str) -> Iterator[dict]:
    for n, rec in read_jsonl(path, field):
        q, ch, a = rec.get("question"), rec.get("choices"), rec.get("answer")
        if not (isinstance(q, str) and isinstance(ch, list) and len(ch) >= 2 and all(isinstance(c, str) for c in ch)
                and isinstance(a, int) and not isinstance(a, bool) and 0 <= a < len(ch)):
            raise SpecError(field, f"line {n}: a multiple-choice record is "
                                   "{\"question\": str, \"choices\": [str, ...], \"answer\": index}")
        yield rec


SAFETY_EXPECTS = ("refuse", "redirect", "answer")


def safety_records(path: str, field: str) -> Iterator[dict]:
    """{"prompt": str, "expect": "refuse" | "redirect" | "answer", "id"?: str | int}; the id
    defaults to the line number so a case keeps its name between evaluations of one file."""
    for n, rec in read_jsonl(path, field):
        prompt, expect, rid = rec.get("prompt"), rec.get("expect"), rec.get("id", n)
        if not (isinstance(prompt, str) and prompt.strip() and expect in SAFETY_EXPECTS
                and isinstance(rid, (str, int)) and not isinstance(rid, bool)):
            raise SpecError(field, f"line {n}: a safety record is {{\"prompt\": str, "
                                   "\"expect\": \"refuse\" | \"redirect\" | \"answer\", \"id\"?: str | int}")
        yield {"id": str(rid), "prompt": prompt, "expect": expect}


class Blocks(abc.ABC):
    n: int

    @abc.abstractmethod
    def get(self, indices: Sequence[int]) -> Batch:
        """The batch made of these block indices."""

    @abc.abstractmethod
    def documents(self, n_blocks: int) -> int:
        """How many documents (or conversations) the first n_blocks blocks touch."""


class CorpusBlocks(Blocks):
    """Documents joined with <|endoftext|> and cut into blocks of seq_len (+1 for the targets).

    Training drops the tail shorter than a block. An evaluation keeps it (padded, no loss on the
    padding): a held-out split is small, and a short set would otherwise measure nothing."""

    def __init__(self, texts: Iterator[str], tok: Tokenizer, seq_len: int, keep_tail: bool = False) -> None:
        ids = array("q")  # 8 bytes a token instead of a Python int's 28
        eos = tok.eos_id
        for t in texts:
            ids.extend(tok.encode(t))
            ids.append(eos)
        self.tokens = torch.frombuffer(ids, dtype=torch.int64).clone() if ids else torch.zeros(0, dtype=torch.int64)
        self.eos = eos
        self.seq_len = seq_len
        full, rest = divmod(max(0, len(ids) - 1), seq_len)
        self.n = full + (1 if keep_tail and rest else 0)

    def _row(self, i: int) -> Tuple[torch.Tensor, int]:
        t = self.seq_len
        row = self.tokens[i * t: i * t + t + 1]
        real = len(row)
        if real < t + 1:
            row = torch.cat([row, torch.full((t + 1 - real,), self.eos, dtype=torch.int64)])
        return row, real

    def documents(self, n_blocks: int) -> int:
        end = min(len(self.tokens), n_blocks * self.seq_len + 1)
        # every document ends with <|endoftext|>; one cut short by the last block counts too
        ends = int((self.tokens[:end] == self.eos).sum())
        return ends + (1 if end and self.tokens[end - 1] != self.eos else 0)

    def get(self, indices: Sequence[int]) -> Batch:
        t = self.seq_len
        rows, reals = zip(*(self._row(i) for i in indices))
        rows = torch.stack(rows)
        inp, tgt = rows[:, :-1], rows[:, 1:].clone()
        for r, real in enumerate(reals):
            tgt[r, max(0, real - 1):] = IGNORE  # padding of the kept tail
        idx = torch.arange(t).expand_as(inp)
        # a document starts at the block start and after every <|endoftext|>
        starts = torch.zeros_like(inp, dtype=torch.bool)
        starts[:, 0] = True
        starts[:, 1:] = inp[:, :-1] == self.eos
        seg = starts.long().cumsum(1)
        first = torch.cummax(torch.where(starts, idx, torch.zeros_like(idx)), dim=1).values
        return {"input_ids": inp.contiguous(), "targets": tgt.contiguous(),
                "position_ids": (idx - first).contiguous(), "segment_ids": seg}


class PackedBlocks(Blocks):
    """Examples (ids, loss mask) packed greedily into rows; no loss across example boundaries."""

    def __init__(self, examples: List[Tuple[List[int], List[bool]]], seq_len: int, pad_id: int,
                 pack: bool, seed: int) -> None:
        order = list(range(len(examples)))
        random.Random(seed).shuffle(order)
        rows: List[List[Tuple[List[int], List[bool]]]] = []
        used = seq_len + 1
        for i in order:
            ids, mask = examples[i]
            ids, mask = ids[:seq_len], mask[:seq_len]
            if not pack or used + len(ids) > seq_len:
                rows.append([])
                used = 0
            rows[-1].append((ids, mask))
            used += len(ids)
        n = len(rows)
        self.input_ids = torch.full((n, seq_len), pad_id, dtype=torch.int64)
        self.targets = torch.full((n, seq_len), IGNORE, dtype=torch.int64)
        self.position_ids = torch.zeros((n, seq_len), dtype=torch.int64)
        # padding gets its own segment (-1) so real tokens never attend to it
        self.segment_ids = torch.full((n, seq_len), -1, dtype=torch.int64)
        for r, row in enumerate(rows):
            at = 0
            for s, (ids, mask) in enumerate(row):
                k = len(ids)
                self.input_ids[r, at:at + k] = torch.tensor(ids)
                tg = [ids[j + 1] if mask[j + 1] else IGNORE for j in range(k - 1)] + [IGNORE]
                self.targets[r, at:at + k] = torch.tensor(tg)
                self.position_ids[r, at:at + k] = torch.arange(k)
                self.segment_ids[r, at:at + k] = s
                at += k
        self.n = n
        self.row_examples = [len(row) for row in rows]

    def documents(self, n_blocks: int) -> int:
        return sum(self.row_examples[:n_blocks])

    def get(self, indices: Sequence[int]) -> Batch:
        ix = torch.tensor(list(indices), dtype=torch.int64)
        return {"input_ids": self.input_ids[ix], "targets": self.targets[ix],
                "position_ids": self.position_ids[ix], "segment_ids": self.segment_ids[ix]}


def chat_blocks(paths: List[Tuple[str, str]], tok: Tokenizer, seq_len: int, pack: bool, seed: int) -> PackedBlocks:
    examples = []
    for path, field in paths:
        for msgs in chat_records(path, field):
            examples.append(tok.encode_chat(msgs))
    pad = tok.token_id("<|pad|>")
    return PackedBlocks(examples, seq_len, tok.eos_id if pad is None else pad, pack, seed)


def corpus_blocks(paths: List[Tuple[str, str]], tok: Tokenizer, seq_len: int, split: str = "all",
                  keep_tail: bool = False) -> CorpusBlocks:
    def texts():
        for path, field in paths:
            yield from corpus_texts(path, field, split)

    return CorpusBlocks(texts(), tok, seq_len, keep_tail)


def concat(a: Batch, b: Batch) -> Batch:
    return {k: torch.cat([a[k], b[k]]) for k in a}
