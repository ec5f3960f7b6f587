"""Loading a job spec: the shared JSON Schema first, then the rules a schema cannot express."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

from .errors import SpecError
from .schema_validator import validate

SCHEMA_REL = os.path.join("libs", "contracts", "src", "schemas", "job-spec.schema.json")
TRAINING_KINDS = ("pretrain", "continued_pretraining", "sft")
EVAL_ROLES = ("eval", "general_eval", "mc_eval", "safety_eval")


def schema_path() -> str:
    env = os.environ.get("ALLOY_JOB_SPEC_SCHEMA")
    if env:
        return env
    d = os.path.dirname(os.path.abspath(__file__))
    while True:
        p = os.path.join(d, SCHEMA_REL)
        if os.path.exists(p):
            return p
        parent = os.path.dirname(d)
        if parent == d:
            raise FileNotFoundError(f"{SCHEMA_REL} not found above {__file__}; set ALLOY_JOB_SPEC_SCHEMA")
        d = parent


def load_schema() -> Dict[str, Any]:
    with open(schema_path(), encoding="utf-8") as f:
        return json.load(f)


DEFAULTS: Dict[str, Any] = {
    "learningRate": 3e-4,
    "batchSize": 8,
    "gradientAccumulation": 1,
    "seqLen": 256,
    "warmupSteps": 0,
    "weightDecay": 0.0,
    "maxGradNorm": 1.0,
    "seed": 0,
    "replayRatio": 0.0,
    "gradientCheckpointing": False,
    "compile": False,
    "logEvery": 10,
    "packing": True,
    "minLearningRateRatio": 0.1,
    "evalBatches": 16,
}


@dataclass
class Job:
    spec: Dict[str, Any]
    hp: Dict[str, Any]
    world_size: int = 1
    spec_hash: str = ""
    datasets: List[Dict[str, Any]] = field(default_factory=list)

    @property
    def job_id(self) -> str:
        return self.spec["jobId"]

    @property
    def kind(self) -> str:
        return self.spec["kind"]

    @property
    def method(self) -> str:
        return self.spec["method"]

    @property
    def output_dir(self) -> str:
        return self.spec["output"]["dir"]

    @property
    def checkpoint_dir(self) -> str:
        out = self.spec["output"]
        if out.get("checkpointDir"):
            return out["checkpointDir"]
        # beside the output, one folder per job, so retries find it and jobs never share one
        parent = os.path.dirname(os.path.abspath(out["dir"]))
        return os.path.join(parent, "checkpoints", self.job_id)

    def role(self, role: str) -> List[Dict[str, Any]]:
        return [d for d in self.datasets if d["role"] == role]


def parse_spec(spec: Any, base_dir: str = ".", check_files: bool = True, world_size: int = 1) -> Job:
    errors = validate(spec, load_schema())
    if errors:
        field_, msg = errors[0]
        raise SpecError(field_, msg)
    hp = dict(DEFAULTS)
    hp.update(spec.get("hyperparameters", {}))
    kind, method = spec["kind"], spec["method"]
    base = spec.get("base")

    if kind != "pretrain" and not base:
        raise SpecError("base", f"is required for kind {kind}")
    if kind == "pretrain" and not base and not spec.get("modelConfig"):
        raise SpecError("modelConfig", "is required for kind pretrain without a base")
    if base and (spec.get("tokenizer") or {}).get("train"):
        raise SpecError("tokenizer.train", "a base model keeps the tokenizer its embeddings were trained with")
    if kind == "pretrain" and method != "full":
        raise SpecError("method", "pretraining from scratch trains every parameter (method full)")
    if method == "selective":
        sel = hp.get("selective") or {}
        if not (sel.get("norms") or sel.get("biases") or sel.get("topLayers") or sel.get("patterns")):
            raise SpecError("hyperparameters.selective", "selects no parameters")
    if spec["precision"] == "fp16":
        import torch

        if not torch.cuda.is_available():
            raise SpecError("precision", "fp16 needs a CUDA device; use fp32 or bf16 on the CPU")

    datasets = []
    for i, d in enumerate(spec["datasets"]):
        d = dict(d)
        path = d["path"] if os.path.isabs(d["path"]) else os.path.join(base_dir, d["path"])
        d["path"] = path
        # roles that read one format only, and formats that serve one role only
        for role, fmt in (("mc_eval", "multiple_choice"), ("safety_eval", "safety")):
            if d["role"] == role and d["format"] != fmt:
                raise SpecError(f"datasets.{i}.format", f"an {role} dataset must be {fmt}")
            if d["role"] != role and d["format"] == fmt:
                raise SpecError(f"datasets.{i}.role", f"a {fmt} dataset must have role {role}")
        if d["role"] == "general_eval" and d["format"] != "corpus":
            raise SpecError(f"datasets.{i}.format", "a general_eval dataset is a corpus (general text)")
        if d.get("split") == "heldout":
            # held-out is a property of corpus documents, and training never reads them
            if d["format"] != "corpus":
                raise SpecError(f"datasets.{i}.split", "the held-out split is defined for corpus datasets")
            if d["role"] in ("train", "replay"):
                raise SpecError(f"datasets.{i}.split", "training never trains on held-out documents")
        if kind == "sft" and d["role"] == "train" and d["format"] != "chat":
            raise SpecError(f"datasets.{i}.format", "sft trains on chat records")
        if kind in ("pretrain", "continued_pretraining") and d["role"] in ("train", "replay") and d["format"] != "corpus":
            raise SpecError(f"datasets.{i}.format", f"{kind} trains on corpus records")
        if check_files:
            if not os.path.isfile(path):
                raise SpecError(f"datasets.{i}.path", f"no such file: {path}")
            if d.get("sha256"):
                from .hf_dir import sha256_file

                if sha256_file(path) != d["sha256"]:
                    raise SpecError(f"datasets.{i}.sha256", "does not match the file")
        datasets.append(d)

    if kind in TRAINING_KINDS and not any(d["role"] == "train" for d in datasets):
        raise SpecError("datasets", f"kind {kind} needs a dataset with role train")
    if hp["replayRatio"] > 0 and not any(d["role"] == "replay" for d in datasets):
        raise SpecError("hyperparameters.replayRatio", "needs a dataset with role replay")
    if kind == "evaluate" and not any(d["role"] in EVAL_ROLES for d in datasets):
        raise SpecError("datasets", f"kind evaluate needs a dataset with role {', '.join(EVAL_ROLES)}")
    if check_files and base and not os.path.isfile(os.path.join(base["path"], "config.json")):
        raise SpecError("base.path", f"no config.json in {base['path']}")
    tok = spec.get("tokenizer") or {}
    if tok.get("path") and check_files and not os.path.isfile(os.path.join(tok["path"], "tokenizer.json")):
        raise SpecError("tokenizer.path", f"no tokenizer.json in {tok['path']}")
    if kind == "pretrain" and not base and not tok.get("path") and tok.get("train") is False:
        raise SpecError("tokenizer", "pretraining without a base needs tokenizer.path or tokenizer.train")

    per_step = world_size * hp["gradientAccumulation"]
    if hp["batchSize"] % per_step:
        raise SpecError("hyperparameters.batchSize",
                        f"the global batch ({hp['batchSize']}) must divide by processes x gradientAccumulation ({per_step})")

    # what decides the run's trajectory; output paths may differ between attempts
    keyed = {k: spec.get(k) for k in ("kind", "method", "base", "modelConfig", "tokenizer",
                                      "datasets", "hyperparameters", "precision")}
    canonical = json.dumps(keyed, sort_keys=True, separators=(",", ":"))
    return Job(spec=spec, hp=hp, world_size=world_size, datasets=datasets,
               spec_hash=hashlib.sha256(canonical.encode()).hexdigest())


def load_spec_file(path: str, world_size: int = 1) -> Job:
    try:
        with open(path, encoding="utf-8") as f:
            spec = json.load(f)
    except FileNotFoundError:
        raise SpecError("(spec)", f"no such file: {path}")
    except json.JSONDecodeError as e:
        raise SpecError("(spec)", f"not JSON: {e}")
    return parse_spec(spec, world_size=world_size)
