"""The kinds that do not train: evaluate (metrics of a model) and export (a normalised copy)."""

from __future__ import annotations

import os
from typing import Any, Dict

from . import distributed as dd
from .eval_suite import evaluate_all
from .events import Events
from .export import export, manifest_fields
from .hf_dir import write_manifest
from .spec import Job
from .trainer import Trainer


def _loaded(job: Job, events: Events, d: dd.Dist) -> Trainer:
    t = Trainer(job, events, d)
    t.setup()
    return t


def run_evaluate(job: Job, events: Events, d: dd.Dist) -> Dict[str, Any]:
    t = _loaded(job, events, d)
    events.emit("started", kind=job.kind, method=job.method, totalSteps=0, worldSize=d.world)
    # rank 0 measures everything on the whole model (FSDP gathers it); the others wait
    with dd.full_params(t.wrapped):
        result = evaluate_all(t, events) if d.main else None
        dd.barrier(d, "the barrier after rank 0 evaluates the model")
    if result is None:
        return {}
    metrics, details = result
    os.makedirs(job.output_dir, exist_ok=True)
    return write_manifest(job.output_dir, manifest_fields(job, "evaluation", metrics, {"evaluation": details}))


def run_export(job: Job, events: Events, d: dd.Dist) -> Dict[str, Any]:
    t = _loaded(job, events, d)
    events.emit("started", kind=job.kind, method=job.method, totalSteps=0, worldSize=d.world)
    if not d.main:
        return {}
    return export(job, t.model, t.tok, t.tok_src, {})
