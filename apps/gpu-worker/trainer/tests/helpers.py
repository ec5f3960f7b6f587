import copy
import json
import os
import subprocess
import sys

from alloy_trainer import runner
from alloy_trainer.schema_validator import validate

from conftest import REPO_ROOT, TRAINER_DIR

EVENT_SCHEMA = json.load(open(os.path.join(REPO_ROOT, "libs/contracts/src/schemas/job-event.schema.json")))


def spec(tmp_path, data_dir, **over):
    s = {
        "specVersion": 1,
        "jobId": "job-test",
        "kind": "pretrain",
        "method": "full",
        "modelConfig": {"vocab_size": 400, "hidden_size": 64, "intermediate_size": 172,
                        "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2,
                        "tie_word_embeddings": True},
        "tokenizer": {"train": True, "vocabSize": 400},
        "datasets": [{"path": str(data_dir / "corpus.jsonl"), "role": "train", "format": "corpus"}],
        "hyperparameters": {"learningRate": 3e-3, "maxSteps": 10, "batchSize": 4, "seqLen": 64,
                            "logEvery": 1, "warmupSteps": 2, "seed": 3},
        "precision": "fp32",
        "output": {"dir": str(tmp_path / "out" / "model")},
    }
    for k, v in over.items():
        if isinstance(v, dict) and isinstance(s.get(k), dict):
            s[k] = {**s[k], **v}
        else:
            s[k] = v
    return s


def write_spec(tmp_path, s, name="spec.json"):
    p = tmp_path / name
    p.write_text(json.dumps(s))
    return str(p)


def parse_events(text):
    events = [json.loads(line) for line in text.splitlines() if line.strip()]
    for e in events:
        errors = validate(e, EVENT_SCHEMA)
        assert not errors, (e, errors)
    assert [e["seq"] for e in events] == list(range(len(events)))
    return events


def run_inprocess(tmp_path, s, capsys, name="spec.json"):
    path = write_spec(tmp_path, s, name)
    capsys.readouterr()
    code = runner.run_from_file(path)
    return code, parse_events(capsys.readouterr().out)


def cli(args, **kw):
    # A caller that reads stdout while the run goes on must not pipe stderr it never reads: a
    # full stderr pipe blocks the trainer (and, under DDP, the collective with it).
    kw.setdefault("stdout", subprocess.PIPE)
    kw.setdefault("stderr", subprocess.PIPE)
    return subprocess.Popen([sys.executable, "-m", "alloy_trainer", *args], cwd=TRAINER_DIR,
                            text=True, **kw)


def losses(events):
    return {e["step"]: e["loss"] for e in events if e["type"] == "metrics" and "lr" in e}


def by_type(events, t):
    return [e for e in events if e["type"] == t]


def deep(s):
    return copy.deepcopy(s)
