"""The training loop: one global batch per optimizer step, read as the schedule dictates."""

from __future__ import annotations

import contextlib
import math
import resource
import signal
import time
from typing import Any, Dict, List, Optional, Tuple

import torch
import torch.nn.functional as F

from . import checkpoint as ckpt
from . import distributed as dd
from .compat import HAS_COMPILE
from .data import IGNORE, Blocks, chat_blocks, concat, corpus_blocks, mc_records
from .errors import SpecError, Terminated
from .evaluate import EvalSet, Measured, loss_metrics, mc_accuracy, measure
from .events import Events
from .methods import apply_method
from .model import count_parameters
from .optim import build_optimizer, lr_at, set_lr
from .sampler import Schedule, shard
from .setup import build_model_and_tokenizer
from .spec import Job


class Trainer:
    def __init__(self, job: Job, events: Events, d: dd.Dist) -> None:
        self.job, self.events, self.d = job, events, d
        self.hp = job.hp
        self._stop_signal: Optional[int] = None
        # tokens trained on before this process started (from the checkpoint it resumes), so the
        # run's `tokens` metric counts the whole run, not only the steps after a resume
        self.tokens_before = 0

    # ---- setup
    def _autocast(self):
        prec = self.job.spec["precision"]
        if prec == "fp32":
            return contextlib.nullcontext()
        dtype = torch.bfloat16 if prec == "bf16" else torch.float16
        return torch.autocast(device_type=self.d.device.type, dtype=dtype)

    def _paths(self, role: str, fmt: Optional[str] = None) -> List[Tuple[str, str]]:
        return [(d["path"], f"datasets.{i}.path") for i, d in enumerate(self.job.datasets)
                if d["role"] == role and (fmt is None or d["format"] == fmt)]

    def _blocks(self, role: str, shuffle_seed: int, fmt: Optional[str] = None) -> Optional[Blocks]:
        seq = self.hp["seqLen"]
        corpus, chat = self._paths(role, "corpus"), self._paths(role, "chat")
        if fmt is None and chat and corpus:
            raise SpecError("datasets", f"the {role} datasets mix corpus and chat records; use one format per role")
        if chat and fmt in (None, "chat"):
            return chat_blocks(chat, self.tok, seq, self.hp["packing"], shuffle_seed)
        if corpus and fmt in (None, "corpus"):
            # training never sees a held-out document, so any eval may measure them as unseen
            return corpus_blocks(corpus, self.tok, seq, "train")
        return None

    def eval_sets(self, role: str) -> List[EvalSet]:
        """Every corpus or chat dataset of the role on its own; a corpus reads its split."""
        seq, out = self.hp["seqLen"], []
        for i, d in enumerate(self.job.datasets):
            if d["role"] != role or d["format"] not in ("corpus", "chat"):
                continue
            src = [(d["path"], f"datasets.{i}.path")]
            if d["format"] == "corpus":
                blocks: Blocks = corpus_blocks(src, self.tok, seq, d.get("split", "all"), keep_tail=True)
            else:
                blocks = chat_blocks(src, self.tok, seq, self.hp["packing"], 0)
            out.append(EvalSet(i, d, blocks))
        return out

    def measure(self, sets: List[EvalSet]) -> List[Measured]:
        return measure(self.model, sets, max(1, self.hp["batchSize"] // self.d.world), self.hp["evalBatches"],
                       self.d.device, self._autocast)

    def setup(self) -> None:
        torch.manual_seed(self.hp["seed"])
        self.model, self.tok, self.tok_src = build_model_and_tokenizer(self.job, self.events, self.d)
        if self.tok.vocab_size > self.model.config.vocab_size:
            raise SpecError("tokenizer", "the tokenizer has more tokens than the model's vocabulary")
        # method-specific weights (LoRA A, adapters) come from the seed too, so a resumed run
        # rebuilds the same frozen and trainable parts before loading its checkpoint
        torch.manual_seed(self.hp["seed"] + 1)
        self.trainable = apply_method(self.model, self.job.method, self.hp)
        self.model.to(self.d.device)
        if self.hp["gradientCheckpointing"]:
            self.model.set_gradient_checkpointing(True)
        self.train = self._blocks("train", self.hp["seed"])
        self.replay = self._blocks("replay", self.hp["seed"] + 1) if self.hp["replayRatio"] > 0 else None
        self.evals = self.eval_sets("eval")
        self.mc = [rec for p, f in self._paths("mc_eval") for rec in mc_records(p, f)]
        if self.train is not None and self.train.n == 0:
            raise SpecError("datasets", f"the train data gives no block of seqLen {self.hp['seqLen']} tokens")
        # weights are restored before wrapping: DDP broadcasts them and FSDP shards them
        self.resume = self._find_checkpoint()
        if self.resume:
            ckpt.load_weights(self.resume[0], self.model)
        strategy = (self.job.spec.get("parallelism") or {}).get("strategy", "ddp")
        self.wrapped = dd.wrap(self.model, self.d, strategy)
        if self.hp["compile"]:
            if HAS_COMPILE:
                self.wrapped = torch.compile(self.wrapped)
            else:
                self.events.log("torch.compile needs PyTorch 2; running eagerly", "warning")
        self.opt = build_optimizer(self.model, self.hp["learningRate"], self.hp["weightDecay"])
        self.scaler = torch.cuda.amp.GradScaler() if self.job.spec["precision"] == "fp16" else None
        g = self.hp["batchSize"]
        self.schedule = Schedule(self.train.n if self.train else 0, self.replay.n if self.replay else 0,
                                 g, self.hp["replayRatio"], self.hp["seed"])
        if self.hp.get("maxSteps"):
            self.total = int(self.hp["maxSteps"])
        else:
            self.total = self.schedule.steps_for_epochs(float(self.hp.get("epochs") or 1.0))

    # ---- one step
    def _fetch(self, samples) -> Dict[str, torch.Tensor]:
        tr = [i for s, i in samples if s == "train"]
        rp = [i for s, i in samples if s == "replay"]
        parts = ([self.train.get(tr)] if tr else []) + ([self.replay.get(rp)] if rp else [])
        b = parts[0] if len(parts) == 1 else concat(parts[0], parts[1])
        return {k: v.to(self.d.device, non_blocking=True) for k, v in b.items()}

    def train_step(self, step: int) -> Tuple[float, int]:
        # DDP's gradient all-reduce runs inside backward: a time-out there names the step
        with dd.collective(f"training step {step + 1}", self.d):
            return self._train_step(step)

    def _train_step(self, step: int) -> Tuple[float, int]:
        accum = self.hp["gradientAccumulation"]
        micro = [self._fetch(m) for m in shard(self.schedule.step_samples(step), self.d.rank, self.d.world, accum)]
        local_tokens = sum(int((b["targets"] != IGNORE).sum()) for b in micro)
        # normalise by the global count of loss tokens, so any split over processes and
        # micro-batches gives the gradient of one big batch
        n_tokens = dd.all_sum(float(local_tokens), self.d, f"summing the loss tokens of step {step + 1}")
        scale = self.d.world / max(n_tokens, 1.0)
        loss_sum = 0.0
        for i, b in enumerate(micro):
            sync = not self.d.active or i == accum - 1
            ctx = contextlib.nullcontext() if sync or not hasattr(self.wrapped, "no_sync") else self.wrapped.no_sync()
            with ctx:
                with self._autocast():
                    logits = self.wrapped(b["input_ids"], b["position_ids"], b["segment_ids"])
                loss = F.cross_entropy(logits.float().reshape(-1, logits.shape[-1]), b["targets"].reshape(-1),
                                       ignore_index=IGNORE, reduction="sum")
                scaled = loss * scale
                (self.scaler.scale(scaled) if self.scaler else scaled).backward()
            loss_sum += float(loss.detach())
        lr = lr_at(step, self.hp["learningRate"], self.hp["warmupSteps"], self.total, self.hp["minLearningRateRatio"])
        set_lr(self.opt, lr)
        if self.scaler:
            self.scaler.unscale_(self.opt)
        if self.hp["maxGradNorm"] > 0:
            torch.nn.utils.clip_grad_norm_([p for p in self.model.parameters() if p.requires_grad], self.hp["maxGradNorm"])
        if self.scaler:
            self.scaler.step(self.opt)
            self.scaler.update()
        else:
            self.opt.step()
        self.opt.zero_grad(set_to_none=True)
        loss_mean = dd.all_sum(loss_sum, self.d, f"summing the loss of step {step + 1}") / max(n_tokens, 1.0)
        tokens = sum(b["input_ids"].numel() for b in micro) * self.d.world
        return loss_mean, tokens

    # ---- evaluation, checkpoints, signals
    def evaluate(self, final: bool) -> Dict[str, float]:
        if dd.is_fsdp(self.wrapped):
            with dd.full_params(self.wrapped):
                out = self._evaluate(final)
            dd.barrier(self.d, "the barrier after evaluation")
            return out
        return self._evaluate(final) if self.d.main else {}

    def _evaluate(self, final: bool) -> Dict[str, float]:
        # token-weighted over every eval dataset
        out: Dict[str, float] = loss_metrics(self.measure(self.evals), "evalLoss", "perplexity")
        if final and self.mc:
            out.update(mc_accuracy(self.model, self.tok, self.mc, self.d.device, self._autocast))
        return out

    def save_checkpoint(self, step: int, tokens_seen: int) -> str:
        path = ""
        with dd.full_params(self.wrapped):
            if self.d.main:
                # under FSDP the optimizer state saved is rank 0's shard; a resumed FSDP run
                # restores the weights exactly and warns that the optimizer restarts
                path = ckpt.save(self.job.checkpoint_dir, step, self.model, self.opt,
                                 {"specHash": self.job.spec_hash, "jobId": self.job.job_id,
                                  "fsdp": dd.is_fsdp(self.wrapped), "tokensSeen": int(tokens_seen)})
                self.events.emit("checkpoint", step=step, path=path)
            dd.barrier(self.d, f"the barrier after rank 0 writes the checkpoint of step {step}")
        return path

    def _find_checkpoint(self):
        if self.job.kind not in ("pretrain", "continued_pretraining", "sft"):
            return None
        path = ckpt.latest(self.job.checkpoint_dir)
        if not path:
            return None
        state = ckpt.read_state(path)
        if state.get("specHash") != self.job.spec_hash:
            self.events.log(f"ignoring checkpoint {path}: it belongs to another spec", "warning")
            return None
        return path, state

    def try_resume(self) -> int:
        if not self.resume:
            return 0
        path, state = self.resume
        fsdp = dd.is_fsdp(self.wrapped) or state.get("fsdp")
        if fsdp:
            self.events.log("FSDP resume restores the weights; the optimizer state restarts", "warning")
        ckpt.restore_state(state, None if fsdp else self.opt)
        self.events.log(f"resumed from {path} at step {state['step']}")
        if "tokensSeen" in state:
            self.tokens_before = int(state["tokensSeen"])
        else:
            self.events.log(f"checkpoint {path} does not record the tokens trained on before it; "
                            f"the tokens metric counts from step {state['step']}", "warning")
        return int(state["step"])

    def _on_signal(self, signum, frame) -> None:
        self._stop_signal = signum

    # ---- the run
    def run(self) -> Dict[str, Any]:
        self.setup()
        # each rank reads the checkpoint folder itself; ranks that started from different steps
        # would run different numbers of collectives, so a disagreement stops the run here
        start = int(dd.agree(float(self.try_resume()), self.d, "the step to resume from"))
        params = count_parameters(self.model)
        n_train = sum(p.numel() for p in self.model.parameters() if p.requires_grad)
        self.events.emit("started", kind=self.job.kind, method=self.job.method, totalSteps=self.total,
                         resumedFromStep=start or None, worldSize=self.d.world, device=str(self.d.device),
                         parameters=params, trainableParameters=n_train)
        previous = {s: signal.signal(s, self._on_signal) for s in (signal.SIGTERM, signal.SIGINT)}
        try:
            return self._loop(start, n_train)
        finally:
            for s, h in previous.items():
                signal.signal(s, h)

    def _loop(self, start: int, n_train: int) -> Dict[str, Any]:
        every = self.hp.get("checkpointEvery") or max(1, math.ceil(self.total / 10))
        log_every, eval_every = self.hp["logEvery"], self.hp.get("evalEvery")
        self.wrapped.train()
        last_loss, tokens_seen = float("nan"), self.tokens_before
        t0, tok_window = time.perf_counter(), 0
        for step in range(start, self.total):
            loss, tokens = self.train_step(step)
            if not math.isfinite(loss):
                raise FloatingPointError(f"loss is {loss} at step {step + 1}")
            done = step + 1
            last_loss = loss
            tokens_seen += tokens
            tok_window += tokens
            metrics: Dict[str, Any] = {}
            if eval_every and done % eval_every == 0 and done < self.total:
                metrics.update(self.evaluate(final=False))
            if done % log_every == 0 or done == self.total or metrics:
                dt = time.perf_counter() - t0
                self.events.emit("metrics", step=done, loss=loss, lr=self.opt.param_groups[0]["lr"],
                                 tokensPerSecond=tok_window / dt if dt > 0 else None,
                                 memoryBytes=self._memory(), **metrics)
                t0, tok_window = time.perf_counter(), 0
            if dd.any_flag(self._stop_signal is not None, self.d, f"checking for a stop signal after step {done}"):
                path = self.save_checkpoint(done, tokens_seen)
                raise Terminated(self._stop_signal or signal.SIGTERM, path)
            if done % every == 0 and done < self.total:
                self.save_checkpoint(done, tokens_seen)
        final = self.evaluate(final=True)
        metrics = {"trainLoss": last_loss, "steps": float(self.total), "tokens": float(tokens_seen),
                   "trainableParameters": float(n_train), **final}
        if final:
            self.events.emit("metrics", step=self.total, loss=last_loss, **{k: v for k, v in final.items()
                                                                             if k in ("evalLoss", "perplexity")})
        return metrics

    def _memory(self) -> int:
        if self.d.device.type == "cuda":
            return int(torch.cuda.max_memory_allocated(self.d.device))
        return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) * 1024
