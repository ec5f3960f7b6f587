"""Byte-level BPE (GPT-2 style) encoding, loaded from a Hugging Face tokenizer.json.

The file format is the contract: the JavaScript tokenizers of the model server load the same
file, so ids must agree with theirs. Special tokens are inserted by id (never parsed out of user
text), which is also what the JavaScript side yields for a rendered chat template because added
tokens are split out before pre-tokenization there too.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

import regex

# The GPT-2 pattern, used by the ByteLevel pre-tokenizer with use_regex=true.
GPT2_PATTERN = r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"""

EOS = "<|endoftext|>"
IM_START = "<|im_start|>"
IM_END = "<|im_end|>"
PAD = "<|pad|>"
SPECIAL_TOKENS = (EOS, IM_START, IM_END, PAD)

CHAT_TEMPLATE = (
    "{% for message in messages %}"
    "{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}"
)


@lru_cache(maxsize=1)
def bytes_to_unicode() -> Dict[int, str]:
    """GPT-2's reversible map from bytes to printable characters (space becomes 'Ġ')."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(
        range(ord("®"), ord("ÿ") + 1)
    )
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, (chr(c) for c in cs)))


def byte_encode(text: str) -> str:
    table = bytes_to_unicode()
    return "".join(table[b] for b in text.encode("utf-8"))


class Tokenizer:
    def __init__(
        self,
        vocab: Dict[str, int],
        merges: Sequence[Tuple[str, str]],
        added: Dict[str, int],
        pattern: Optional[str] = GPT2_PATTERN,
        ignore_merges: bool = False,
        eos_token: str = EOS,
        chat_template: Optional[str] = CHAT_TEMPLATE,
    ) -> None:
        self.vocab = vocab
        self.merges = list(merges)
        self.ranks = {m: i for i, m in enumerate(self.merges)}
        self.added = added
        self.id_to_token = {i: t for t, i in vocab.items()}
        self.id_to_token.update({i: t for t, i in added.items()})
        self.pattern = regex.compile(pattern) if pattern else None
        self.ignore_merges = ignore_merges
        self.eos_token = eos_token
        self.chat_template = chat_template
        self._byte_decoder = {c: b for b, c in bytes_to_unicode().items()}
        self._cache: Dict[str, List[int]] = {}

    # ---- properties used by the data pipeline
    @property
    def vocab_size(self) -> int:
        return max(self.id_to_token) + 1

    def token_id(self, token: str) -> Optional[int]:
        return self.added.get(token, self.vocab.get(token))

    @property
    def eos_id(self) -> int:
        tid = self.token_id(self.eos_token)
        if tid is None:
            raise ValueError(f"tokenizer has no eos token {self.eos_token}")
        return tid

    # ---- encoding
    def _bpe(self, word: str) -> List[int]:
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        if self.ignore_merges and word in self.vocab:
            out = [self.vocab[word]]
        else:
            parts = list(word)
            while len(parts) > 1:
                best = None
                best_rank = None
                for i in range(len(parts) - 1):
                    r = self.ranks.get((parts[i], parts[i + 1]))
                    if r is not None and (best_rank is None or r < best_rank):
                        best, best_rank = i, r
                if best is None:
                    break
                a, b = parts[best], parts[best + 1]
                merged: List[str] = []
                i = 0
                # merge every occurrence of the winning pair, left to right, as transformers does
                while i < len(parts):
                    if i < len(parts) - 1 and parts[i] == a and parts[i + 1] == b:
                        merged.append(a + b)
                        i += 2
                    else:
                        merged.append(parts[i])
                        i += 1
                parts = merged
            out = [self.vocab[p] for p in parts]
        if len(self._cache) < 200_000:
            self._cache[word] = out
        return out

    def pretokenize(self, text: str) -> List[str]:
        pieces = self.pattern.findall(text) if self.pattern else [text]
        return [byte_encode(p) for p in pieces]

    def encode(self, text: str) -> List[int]:
        ids: List[int] = []
        for word in self.pretokenize(text):
            ids.extend(self._bpe(word))
        return ids

    def decode(self, ids: Iterable[int], skip_special: bool = False) -> str:
        out = bytearray()
        added_ids = set(self.added.values())
        for i in ids:
            tok = self.id_to_token[int(i)]
            if int(i) in added_ids:
                if not skip_special:
                    out.extend(tok.encode("utf-8"))
                continue
            out.extend(self._byte_decoder[c] for c in tok)
        return out.decode("utf-8", errors="replace")

    # ---- chat
    def encode_chat(self, messages: Sequence[dict]) -> Tuple[List[int], List[bool]]:
        """Token ids of the ChatML rendering and, per token, whether it is assistant output.

        Assistant output covers the content and its closing <|im_end|> (so the model learns to
        stop); the role header and every other message are context only.
        """
        start, end = self.token_id(IM_START), self.token_id(IM_END)
        if start is None or end is None:
            raise ValueError("tokenizer lacks the chat tokens <|im_start|>/<|im_end|>")
        nl = self.encode("\n")
        ids: List[int] = []
        mask: List[bool] = []
        for m in messages:
            header = [start] + self.encode(m["role"] + "\n")
            body = self.encode(m["content"]) + [end]
            train = m["role"] == "assistant"
            ids += header + body + nl
            mask += [False] * len(header) + [train] * len(body) + [False] * len(nl)
        return ids, mask

    def encode_generation_prompt(self, messages: Sequence[dict]) -> List[int]:
        """The chat rendered as encode_chat does, then the assistant turn opened
        (add_generation_prompt in CHAT_TEMPLATE): what a chat model answers from."""
        ids, _ = self.encode_chat(messages)
        return ids + [self.token_id(IM_START)] + self.encode("assistant\n")

    # ---- files
    @classmethod
    def from_dir(cls, path: str) -> "Tokenizer":
        with open(os.path.join(path, "tokenizer.json"), encoding="utf-8") as f:
            tj = json.load(f)
        cfg_path = os.path.join(path, "tokenizer_config.json")
        tcfg = {}
        if os.path.exists(cfg_path):
            with open(cfg_path, encoding="utf-8") as f:
                tcfg = json.load(f)
        return cls.from_json(tj, tcfg)

    @classmethod
    def from_json(cls, tj: dict, tcfg: Optional[dict] = None) -> "Tokenizer":
        tcfg = tcfg or {}
        model = tj.get("model") or {}
        if model.get("type") != "BPE":
            raise ValueError("only byte-level BPE tokenizer.json files are supported")
        pattern = _pattern_of(tj.get("pre_tokenizer"))
        merges = [tuple(m.split(" ", 1)) if isinstance(m, str) else tuple(m) for m in model["merges"]]
        added = {t["content"]: t["id"] for t in tj.get("added_tokens", [])}
        eos = tcfg.get("eos_token") or EOS
        if isinstance(eos, dict):
            eos = eos.get("content", EOS)
        return cls(
            model["vocab"],
            merges,
            added,
            pattern=pattern,
            ignore_merges=bool(model.get("ignore_merges")),
            eos_token=eos,
            chat_template=tcfg.get("chat_template"),
        )


def _pattern_of(pre: Optional[dict]) -> Optional[str]:
    if pre is None:
        raise ValueError("tokenizer.json without a pre-tokenizer is not byte-level")
    kind = pre.get("type")
    if kind == "ByteLevel":
        return GPT2_PATTERN if pre.get("use_regex", True) else None
    if kind == "Sequence":
        pattern = None
        for p in pre.get("pretokenizers", []):
            if p.get("type") == "Split":
                pattern = p["pattern"].get("Regex") or regex.escape(p["pattern"]["String"])
            elif p.get("type") == "ByteLevel":
                if p.get("use_regex", True):
                    pattern = pattern or GPT2_PATTERN
            else:
                raise ValueError(f"unsupported pre-tokenizer {p.get('type')}")
        return pattern
    raise ValueError(f"unsupported pre-tokenizer {kind}")
