#!/usr/bin/python3
"""Trainer throughput against a bare PyTorch loop of the same model and batch, in the same run.

Prints tokens/s of both and their ratio (goal: at least 0.95). On a CUDA host it also measures
bf16 training of a ~100M-parameter model and its model FLOPs utilisation (MFU).

    /usr/bin/python3 tools/bench/trainer/bench_trainer.py [--preset mini] [--batch 8] [--seq 128]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "apps", "gpu-worker", "trainer"))

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

from alloy_trainer import distributed as dd  # noqa: E402
from alloy_trainer.compat import setup_threads  # noqa: E402
from alloy_trainer.data import IGNORE  # noqa: E402
from alloy_trainer.events import Events  # noqa: E402
from alloy_trainer.model import LlamaForCausalLM, count_parameters  # noqa: E402
from alloy_trainer.optim import build_optimizer  # noqa: E402
from alloy_trainer.presets import PRESETS  # noqa: E402
from alloy_trainer.spec import parse_spec  # noqa: E402
from alloy_trainer.trainer import Trainer  # noqa: E402

WORDS = ("the bank raised the rate on the loan while the market held steady and the patient rested "
         "in the hospital as the student read the lesson at school").split()


def corpus(path: str, docs: int) -> None:
    rng = random.Random(0)
    with open(path, "w") as f:
        for _ in range(docs):
            f.write(json.dumps({"text": " ".join(rng.choice(WORDS) for _ in range(200))}) + "\n")


def make_trainer(work: str, preset: str, batch: int, seq: int, precision: str, steps: int) -> Trainer:
    data = os.path.join(work, "corpus.jsonl")
    corpus(data, 400)
    cfg = dict(PRESETS[preset])
    spec = {
        "specVersion": 1, "jobId": "bench", "kind": "pretrain", "method": "full", "modelConfig": cfg,
        "tokenizer": {"train": True, "vocabSize": min(cfg["vocab_size"], 1024)},
        "datasets": [{"path": data, "role": "train", "format": "corpus"}],
        "hyperparameters": {"learningRate": 1e-3, "maxSteps": steps, "batchSize": batch, "seqLen": seq,
                            "maxGradNorm": 1.0, "weightDecay": 0.1},
        "precision": precision, "output": {"dir": os.path.join(work, "out")},
    }
    job = parse_spec(spec)
    t = Trainer(job, Events(enabled=False), dd.setup(want_cuda=precision != "fp32"))
    t.setup()
    return t


def bare_loop(t: Trainer, batches, precision: str):
    """The textbook loop: forward, mean loss, backward, clip, AdamW step."""
    model = LlamaForCausalLM(t.model.config).to(t.d.device)
    model.load_state_dict(t.model.state_dict())
    opt = build_optimizer(model, 1e-3, 0.1)
    ctx = (lambda: torch.autocast(t.d.device.type, dtype=torch.bfloat16)) if precision == "bf16" else None

    def step(b):
        if ctx:
            with ctx():
                logits = model(b["input_ids"], b["position_ids"], b["segment_ids"])
        else:
            logits = model(b["input_ids"], b["position_ids"], b["segment_ids"])
        loss = F.cross_entropy(logits.float().reshape(-1, logits.shape[-1]), b["targets"].reshape(-1), ignore_index=IGNORE)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        opt.zero_grad(set_to_none=True)
    return step


def sync(device):
    if device.type == "cuda":
        torch.cuda.synchronize()


def timed(fn, i, device) -> float:
    sync(device)
    t0 = time.perf_counter()
    fn(i)
    sync(device)
    return time.perf_counter() - t0


def compare(preset: str, batch: int, seq: int, steps: int, precision: str) -> dict:
    with tempfile.TemporaryDirectory() as work:
        total = steps + 3
        t = make_trainer(work, preset, batch, seq, precision, total)
        tokens = batch * seq
        batches = [t._fetch(t.schedule.step_samples(i)) for i in range(total)]
        bare = bare_loop(t, batches, precision)
        state = {"step": 0}

        def trainer_step(_):
            t.train_step(state["step"])
            state["step"] += 1

        def bare_step(i):
            bare(batches[i % len(batches)])

        for i in range(2):  # warm up both (allocator, kernels)
            trainer_step(i)
            bare_step(i)
        ours = theirs = 0.0
        # alternate single steps, so load from other processes on the host hits both alike
        for i in range(steps):
            ours += timed(trainer_step, i, t.d.device)
            theirs += timed(bare_step, i, t.d.device)
            if (i + 1) % max(1, steps // 5) == 0:
                print(f"  {i + 1}/{steps} steps: trainer {(i + 1) * tokens / ours:,.0f} tok/s, "
                      f"bare loop {(i + 1) * tokens / theirs:,.0f} tok/s", file=sys.stderr, flush=True)
        return {"preset": preset, "parameters": count_parameters(t.model), "batch": batch, "seq": seq,
                "precision": precision, "device": str(t.d.device),
                "trainerTokensPerSecond": steps * tokens / ours, "bareTokensPerSecond": steps * tokens / theirs,
                "model": t.model}


PEAK_BF16_TFLOPS = {"H200": 989.0, "H100": 989.0, "A100": 312.0, "L40S": 362.0, "A10": 125.0, "4090": 165.0}


def gpu_section(args) -> None:
    r = compare("100m", args.gpu_batch, args.gpu_seq, args.steps, "bf16")
    cfg = r["model"].config
    n = r["parameters"]
    # 6N per token for the weights plus attention's 12 * layers * hidden * seq (PaLM's accounting)
    flops_per_token = 6 * n + 12 * cfg.num_hidden_layers * cfg.hidden_size * args.gpu_seq
    name = torch.cuda.get_device_name()
    peak = args.peak_tflops or next((v for k, v in PEAK_BF16_TFLOPS.items() if k in name), None)
    tps = r["trainerTokensPerSecond"]
    print(f"GPU {name}: 100M-class model ({n / 1e6:.1f}M parameters), bf16, batch {args.gpu_batch} x {args.gpu_seq}")
    print(f"  trainer {tps:,.0f} tokens/s, bare loop {r['bareTokensPerSecond']:,.0f} tokens/s, "
          f"ratio {tps / r['bareTokensPerSecond']:.3f}")
    if peak:
        print(f"  MFU {flops_per_token * tps / (peak * 1e12):.1%} of {peak:.0f} TFLOP/s bf16 peak")
    else:
        print("  MFU: unknown peak for this GPU; pass --peak-tflops")


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--preset", default="mini", choices=sorted(PRESETS))
    p.add_argument("--batch", type=int, default=8)
    p.add_argument("--seq", type=int, default=128)
    p.add_argument("--steps", type=int, default=30)
    p.add_argument("--gpu-batch", type=int, default=16)
    p.add_argument("--gpu-seq", type=int, default=1024)
    p.add_argument("--peak-tflops", type=float, default=None)
    p.add_argument("--no-gpu", action="store_true")
    args = p.parse_args()
    setup_threads()
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads", flush=True)
    r = compare(args.preset, args.batch, args.seq, args.steps, "fp32")
    ratio = r["trainerTokensPerSecond"] / r["bareTokensPerSecond"]
    print(f"CPU fp32, preset {r['preset']} ({r['parameters'] / 1e6:.2f}M parameters), batch {r['batch']} x {r['seq']}:")
    print(f"  trainer   {r['trainerTokensPerSecond']:,.0f} tokens/s")
    print(f"  bare loop {r['bareTokensPerSecond']:,.0f} tokens/s")
    print(f"  ratio     {ratio:.3f} (goal >= 0.95) {'OK' if ratio >= 0.95 else 'BELOW GOAL'}")
    if torch.cuda.is_available() and not args.no_gpu:
        gpu_section(args)
    else:
        print("GPU section skipped: no CUDA device")
    return 0


if __name__ == "__main__":
    sys.exit(main())
