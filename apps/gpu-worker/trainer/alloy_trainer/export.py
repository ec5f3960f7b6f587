"""Writing the job's artifact: a model directory, or a PEFT adapter with a merged model beside it.

The artifact is assembled in `<output.dir>.partial` and renamed into place when complete, so a
reader never sees half an artifact and a retried job replaces a stale one.
"""

from __future__ import annotations

import copy
import os
import shutil
from typing import Any, Dict, List, Optional

import torch

from .bpe_trainer import copy_tokenizer_files, save_tokenizer
from .hf_dir import save_model, sha256_file, write_manifest
from .lora import merge_lora, save_adapter
from .model import count_parameters
from .spec import Job
from .tokenizer import Tokenizer

MERGED_DIR = "merged"
DTYPES = {"fp32": torch.float32, "bf16": torch.bfloat16, "fp16": torch.float16}


def dataset_versions(job: Job) -> List[Dict[str, Any]]:
    return [{"versionId": d.get("versionId"), "role": d["role"], "format": d["format"],
             "sha256": d.get("sha256") or sha256_file(d["path"])} for d in job.datasets]


def manifest_fields(job: Job, fmt: str, metrics: Dict[str, float], extra: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
    base = job.spec.get("base") or {}
    out = {
        "format": fmt,
        "versionId": None,
        "parentVersionId": base.get("versionId"),
        "jobId": job.job_id,
        "kind": job.kind,
        "method": job.method,
        "trainingPrecision": job.spec["precision"],
        "datasetVersions": dataset_versions(job),
        "metrics": metrics,
    }
    out.update(extra or {})
    return out


def _stage(out_dir: str) -> str:
    staging = out_dir.rstrip("/") + ".partial"
    shutil.rmtree(staging, ignore_errors=True)
    os.makedirs(staging)
    return staging


def _publish(staging: str, out_dir: str) -> None:
    if os.path.exists(out_dir):
        shutil.rmtree(out_dir)
    os.makedirs(os.path.dirname(os.path.abspath(out_dir)), exist_ok=True)
    os.replace(staging, out_dir)


def _write_tokenizer(tok: Tokenizer, tok_src: Optional[str], dst: str, max_len: int) -> None:
    if tok_src:
        copy_tokenizer_files(tok_src, dst)
    else:
        save_tokenizer(tok, dst, max_len)


def export(job: Job, model, tok: Tokenizer, tok_src: Optional[str], metrics: Dict[str, float]) -> Dict[str, Any]:
    """Writes output.dir and returns the manifest (also written as alloy.json)."""
    out_dir = job.output_dir
    staging = _stage(out_dir)
    metrics = dict(metrics)
    metrics["parameters"] = float(count_parameters(model))
    if job.method == "lora":
        lo = job.hp.get("lora") or {}
        rank = int(lo.get("rank", 8))
        from .lora import DEFAULT_TARGETS

        base_path = (job.spec.get("base") or {}).get("path")
        save_adapter(model, staging, rank, float(lo.get("alpha", 2 * rank)), float(lo.get("dropout", 0.0)),
                     lo.get("targetModules") or DEFAULT_TARGETS, base_path)
        _write_tokenizer(tok, tok_src, staging, model.config.max_position_embeddings)
        merged = copy.deepcopy(model)
        merge_lora(merged)
        save_model(merged, os.path.join(staging, MERGED_DIR), tokenizer_src=staging)
        fields = manifest_fields(job, "peft-adapter", metrics, {"merged": MERGED_DIR})
    else:
        save_model(model, staging, tokenizer_src=tok_src, tokenizer=None if tok_src else tok)
        extra = {"adapter": getattr(model, "config_extra", {}).get("alloy_bottleneck_adapter")} if job.method == "adapter" else {}
        fields = manifest_fields(job, "hf-model", metrics, extra)
    manifest = write_manifest(staging, fields)
    _publish(staging, out_dir)
    return manifest
