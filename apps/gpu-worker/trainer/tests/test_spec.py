"""Bad specs fail fast with exit code 2 and a `failed` event naming the field."""

import json

import pytest

from alloy_trainer.schema_validator import validate
from alloy_trainer.spec import load_schema

from helpers import by_type, cli, deep, parse_events, run_inprocess, spec, write_spec


def _set(path, value):
    def mutate(s):
        *parents, last = path.split(".")
        obj = s
        for p in parents:
            obj = obj[int(p)] if isinstance(obj, list) else obj[p]
        if value is KeyError:
            del obj[last]
        else:
            obj[last] = value
    return mutate


CASES = [
    ("hyperparameters.learningRate", _set("hyperparameters.learningRate", -0.1)),
    ("hyperparameters.learningRate", _set("hyperparameters.learningRate", "fast")),
    ("hyperparameters.batchSize", _set("hyperparameters.batchSize", 0)),
    ("hyperparameters.seqLen", _set("hyperparameters.seqLen", 4)),
    ("hyperparameters.momentum", _set("hyperparameters.momentum", 0.9)),
    ("jobId", _set("jobId", KeyError)),
    ("specVersion", _set("specVersion", 2)),
    ("kind", _set("kind", "distill")),
    ("precision", _set("precision", "fp8")),
    ("output.dir", _set("output.dir", "")),
    ("datasets.0.role", _set("datasets.0.role", "test")),
    ("datasets.0.sha256", _set("datasets.0.sha256", "abc")),
    ("datasets.0.path", _set("datasets.0.path", "/no/such/file.jsonl")),
    ("datasets.0.format", _set("datasets.0.format", "chat")),  # pretraining reads corpus records
    ("base", lambda s: s.update(kind="sft")),  # sft needs a base
    ("hyperparameters.batchSize", _set("hyperparameters.gradientAccumulation", 3)),  # 4 % 3
    ("hyperparameters.replayRatio", _set("hyperparameters.replayRatio", 0.5)),  # no replay dataset
    ("method", _set("method", "lora")),  # from scratch means full
    ("hyperparameters.lora.rank", lambda s: s["hyperparameters"].update(lora={"rank": 0})),
    ("tokenizer.train", lambda s: s.update(base={"path": "/models/base"})),
    ("hyperparameters.selective", lambda s: s.update(method="selective", kind="continued_pretraining",
                                                      base={"path": "/models/base"}, tokenizer={})),
]


@pytest.mark.parametrize("field,mutate", CASES, ids=[f"{i}-{c[0]}" for i, c in enumerate(CASES)])
def test_bad_spec_names_the_field(field, mutate, tmp_path, data_dir, capsys):
    s = spec(tmp_path, data_dir)
    mutate(s)
    code, events = run_inprocess(tmp_path, s, capsys)
    assert code == 2
    assert [e["type"] for e in events] == ["failed"]
    assert events[0]["field"] == field and events[0]["retryable"] is False
    assert events[0]["reason"]


def test_a_valid_spec_passes_the_schema(tmp_path, data_dir):
    assert validate(spec(tmp_path, data_dir), load_schema()) == []


def test_bad_dataset_record_names_the_dataset(tmp_path, data_dir, capsys):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "fine"}\n{"txt": "oops"}\n')
    s = spec(tmp_path, data_dir, datasets=[{"path": str(bad), "role": "train", "format": "corpus"}])
    code, events = run_inprocess(tmp_path, s, capsys)
    assert code == 2 and events[-1]["field"] == "datasets.0.path" and "line 2" in events[-1]["reason"]


def test_cli_exit_code_and_event_for_unreadable_spec(tmp_path):
    p = tmp_path / "spec.json"
    p.write_text("{not json")
    proc = cli(["run", "--spec", str(p)])
    out, _ = proc.communicate(timeout=120)
    assert proc.returncode == 2
    ev = parse_events(out)
    assert ev[0]["type"] == "failed" and ev[0]["field"] == "(spec)"


def test_validator_covers_if_then_of_the_event_schema():
    import os

    from conftest import REPO_ROOT

    schema = json.load(open(os.path.join(REPO_ROOT, "libs/contracts/src/schemas/job-event.schema.json")))
    assert validate({"type": "failed", "time": "t", "reason": "x"}, schema) == [("retryable", "is required")]
    assert validate({"type": "metrics", "time": "t", "step": -1, "loss": 1.0}, schema) == [("step", "must be >= 0")]
    assert validate({"type": "log", "time": "t", "message": "m"}, schema) == []
