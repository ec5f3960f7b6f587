"""Training a byte-level BPE tokenizer and writing it as Hugging Face tokenizer files.

Vocabulary layout: the special tokens first (ids 0-3), then the 256 byte symbols, then merges;
hence a minimum vocabulary of 260 (the job spec's `tokenizer.vocabSize` minimum).
"""

from __future__ import annotations

import collections
import heapq
import json
import os
from typing import Dict, Iterable, List, Tuple

import regex

from .tokenizer import (
    CHAT_TEMPLATE,
    EOS,
    GPT2_PATTERN,
    PAD,
    SPECIAL_TOKENS,
    Tokenizer,
    byte_encode,
    bytes_to_unicode,
)

MIN_VOCAB = len(SPECIAL_TOKENS) + 256


# BPE statistics settle long before this; the cap keeps training time bounded on big corpora
MAX_TRAINING_CHARS = 50_000_000


def _word_counts(texts: Iterable[str], max_chars: int = MAX_TRAINING_CHARS) -> Dict[str, int]:
    pat = regex.compile(GPT2_PATTERN)
    counts: Dict[str, int] = collections.Counter()
    seen = 0
    for text in texts:
        for piece in pat.findall(text):
            counts[byte_encode(piece)] += 1
        seen += len(text)
        if seen >= max_chars:
            break
    return counts


def train_bpe(texts: Iterable[str], vocab_size: int) -> Tokenizer:
    """Greedy BPE: repeatedly merge the most frequent adjacent pair (ties by the pair itself),
    on the first MAX_TRAINING_CHARS characters of the texts.

    Pair counts are kept incrementally with a lazy max-heap, so each merge touches only the
    words that contain the pair.
    """
    if vocab_size < MIN_VOCAB:
        raise ValueError(f"vocab_size must be at least {MIN_VOCAB}")
    added = {tok: i for i, tok in enumerate(SPECIAL_TOKENS)}
    vocab: Dict[str, int] = {}
    for ch in sorted(bytes_to_unicode().values(), key=lambda c: ord(c)):
        vocab[ch] = len(SPECIAL_TOKENS) + len(vocab)
    counts = _word_counts(texts)
    words: List[List[str]] = [list(w) for w in counts]
    freq: List[int] = list(counts.values())
    pair_count: Dict[Tuple[str, str], int] = collections.defaultdict(int)
    where: Dict[Tuple[str, str], set] = collections.defaultdict(set)
    for wi, w in enumerate(words):
        for a, b in zip(w, w[1:]):
            pair_count[(a, b)] += freq[wi]
            where[(a, b)].add(wi)
    # heap entries sort by (-count, pair) so ties break deterministically on the pair
    heap = [(-c, p) for p, c in pair_count.items()]
    heapq.heapify(heap)
    merges: List[Tuple[str, str]] = []
    next_id = len(SPECIAL_TOKENS) + len(vocab)
    while next_id < vocab_size and heap:
        neg, pair = heapq.heappop(heap)
        if pair_count.get(pair, 0) != -neg or -neg <= 0:
            continue  # stale entry
        a, b = pair
        new = a + b
        merges.append(pair)
        if new not in vocab:
            vocab[new] = next_id
            next_id += 1
        changed: Dict[Tuple[str, str], int] = {}
        for wi in list(where.pop(pair, ())):
            w = words[wi]
            f = freq[wi]
            for p in zip(w, w[1:]):
                pair_count[p] -= f
                changed[p] = pair_count[p]
            out: List[str] = []
            i = 0
            while i < len(w):
                if i < len(w) - 1 and w[i] == a and w[i + 1] == b:
                    out.append(new)
                    i += 2
                else:
                    out.append(w[i])
                    i += 1
            words[wi] = out
            for p in zip(out, out[1:]):
                pair_count[p] += f
                changed[p] = pair_count[p]
                where[p].add(wi)
        pair_count.pop(pair, None)
        for p, c in changed.items():
            if p != pair and c > 0:
                heapq.heappush(heap, (-c, p))
    return Tokenizer(vocab, merges, added, pattern=GPT2_PATTERN, eos_token=EOS)


def tokenizer_json(tok: Tokenizer) -> dict:
    byte_level = {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True}
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [
            {
                "id": i,
                "content": t,
                "single_word": False,
                "lstrip": False,
                "rstrip": False,
                "normalized": False,
                "special": True,
            }
            for t, i in sorted(tok.added.items(), key=lambda kv: kv[1])
        ],
        "normalizer": None,
        "pre_tokenizer": byte_level,
        "post_processor": dict(byte_level, trim_offsets=False),
        "decoder": dict(byte_level),
        "model": {
            "type": "BPE",
            "dropout": None,
            "unk_token": None,
            "continuing_subword_prefix": None,
            "end_of_word_suffix": None,
            "fuse_unk": False,
            "byte_fallback": False,
            "ignore_merges": False,
            "vocab": tok.vocab,
            "merges": [f"{a} {b}" for a, b in tok.merges],
        },
    }


def tokenizer_config(tok: Tokenizer, max_length: int) -> dict:
    return {
        "tokenizer_class": "PreTrainedTokenizerFast",
        "bos_token": None,
        "eos_token": EOS,
        "pad_token": PAD,
        "unk_token": None,
        "add_bos_token": False,
        "add_eos_token": False,
        "clean_up_tokenization_spaces": False,
        "model_max_length": max_length,
        "chat_template": tok.chat_template or CHAT_TEMPLATE,
        "added_tokens_decoder": {
            str(i): {
                "content": t,
                "lstrip": False,
                "normalized": False,
                "rstrip": False,
                "single_word": False,
                "special": True,
            }
            for t, i in sorted(tok.added.items(), key=lambda kv: kv[1])
        },
        "additional_special_tokens": [t for t in SPECIAL_TOKENS if t not in (EOS, PAD)],
    }


def save_tokenizer(tok: Tokenizer, out_dir: str, max_length: int = 2048) -> None:
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "tokenizer.json"), "w", encoding="utf-8") as f:
        json.dump(tokenizer_json(tok), f, ensure_ascii=False)
    with open(os.path.join(out_dir, "tokenizer_config.json"), "w", encoding="utf-8") as f:
        json.dump(tokenizer_config(tok, max_length), f, ensure_ascii=False, indent=2)
    with open(os.path.join(out_dir, "special_tokens_map.json"), "w", encoding="utf-8") as f:
        json.dump({"eos_token": EOS, "pad_token": PAD, "additional_special_tokens": list(SPECIAL_TOKENS[1:3])}, f, indent=2)


def copy_tokenizer_files(src: str, dst: str) -> None:
    import shutil

    os.makedirs(dst, exist_ok=True)
    for name in ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"):
        p = os.path.join(src, name)
        if os.path.exists(p):
            shutil.copyfile(p, os.path.join(dst, name))
