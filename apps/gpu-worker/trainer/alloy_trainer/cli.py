"""Command line: `python -m alloy_trainer <command>`.

Only JSON goes to stdout (events, or the result of a command); human logs go to stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import List, Optional

from .compat import setup_threads


def _init_model(args) -> int:
    from .init_model import init_model, read_texts
    from .presets import resolve_config

    cfg = resolve_config(args.config)
    texts = list(read_texts(args.tokenizer_corpus))
    manifest = init_model(cfg, texts, args.out, seed=args.seed, vocab_size=args.vocab_size)
    print(json.dumps({"out": args.out, "parameters": manifest["metrics"]["parameters"],
                      "files": [f["path"] for f in manifest["files"]]}))
    return 0


def _logits(args) -> int:
    import torch

    from .hf_dir import load_model
    from .tokenizer import Tokenizer

    model = load_model(args.model).eval()
    if args.ids is not None:
        ids = [int(x) for x in args.ids.split(",") if x.strip()]
    else:
        ids = Tokenizer.from_dir(args.model).encode(args.text)
    with torch.no_grad():
        logits = model(torch.tensor([ids]))[0].double()
    rows = logits[-1:] if args.last else logits
    out = {"ids": ids, "shape": list(rows.shape), "logits": rows.tolist(),
           "argmax": rows.argmax(-1).tolist()}
    print(json.dumps(out))
    return 0


def _tokenize(args) -> int:
    from .tokenizer import Tokenizer

    tok = Tokenizer.from_dir(args.model)
    ids = tok.encode(args.text)
    print(json.dumps({"ids": ids, "decoded": tok.decode(ids)}, ensure_ascii=False))
    return 0


def _train_tokenizer(args) -> int:
    from .bpe_trainer import save_tokenizer, train_bpe
    from .init_model import read_texts

    tok = train_bpe(read_texts(args.corpus), args.vocab_size)
    save_tokenizer(tok, args.out)
    print(json.dumps({"out": args.out, "vocabSize": tok.vocab_size}))
    return 0


def _run(args) -> int:
    from .runner import run_from_file

    return run_from_file(args.spec)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="alloy_trainer")
    sub = p.add_subparsers(dest="command", required=True)

    r = sub.add_parser("run", help="run a job spec, writing events as JSON lines on stdout")
    r.add_argument("--spec", required=True)
    r.set_defaults(fn=_run)

    i = sub.add_parser("init-model", help="write an HF model directory with random weights")
    i.add_argument("--config", required=True, help="preset name, JSON file or inline JSON")
    i.add_argument("--tokenizer-corpus", required=True, help="text file or JSONL")
    i.add_argument("--out", required=True)
    i.add_argument("--seed", type=int, default=0)
    i.add_argument("--vocab-size", type=int, default=None)
    i.set_defaults(fn=_init_model)

    lg = sub.add_parser("logits", help="reference logits of a model directory as JSON")
    lg.add_argument("--model", required=True)
    g = lg.add_mutually_exclusive_group(required=True)
    g.add_argument("--ids", help="comma-separated token ids")
    g.add_argument("--text")
    lg.add_argument("--last", action="store_true", help="only the last position")
    lg.set_defaults(fn=_logits)

    t = sub.add_parser("tokenize", help="ids of a text with a model directory's tokenizer")
    t.add_argument("--model", required=True)
    t.add_argument("--text", required=True)
    t.set_defaults(fn=_tokenize)

    tt = sub.add_parser("train-tokenizer", help="train a byte-level BPE tokenizer")
    tt.add_argument("--corpus", required=True)
    tt.add_argument("--vocab-size", type=int, required=True)
    tt.add_argument("--out", required=True)
    tt.set_defaults(fn=_train_tokenizer)
    return p


def main(argv: Optional[List[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    setup_threads()
    try:
        return args.fn(args)
    except (ValueError, FileNotFoundError) as e:
        if args.command == "run":
            raise
        print(f"error: {e}", file=sys.stderr)
        return 2
