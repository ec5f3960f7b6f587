"""The held-out split: training never reads a held-out corpus document; an eval can read only them."""

import hashlib
import io
import json

import pytest

from alloy_trainer import distributed as dd
from alloy_trainer.data import corpus_texts
from alloy_trainer.events import Events
from alloy_trainer.setup import _train_texts
from alloy_trainer.spec import parse_spec
from alloy_trainer.trainer import Trainer

from conftest import EN
from helpers import by_type, run_inprocess, spec


def contract_heldout(text):
    # the rule as libs/contracts states it, written out again so the test checks the trainer's copy
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest()[:8], 16) % 20 == 0


@pytest.fixture(scope="module")
def docs(tmp_path_factory):
    texts = [f"document {i}: " + " ".join(EN[i % 20: i % 20 + 10]) for i in range(240)]
    path = tmp_path_factory.mktemp("split") / "corpus.jsonl"
    path.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts))
    held = [t for t in texts if contract_heldout(t)]
    assert 5 <= len(held) <= 25  # about one in twenty
    return path, texts, held


def test_the_split_follows_the_contract_rule(docs):
    path, texts, held = docs
    assert list(corpus_texts(str(path), "f", "heldout")) == held
    assert list(corpus_texts(str(path), "f", "train")) == [t for t in texts if t not in held]
    assert list(corpus_texts(str(path), "f")) == texts


def _trainer(s, tmp_path):
    job = parse_spec(s, check_files=True)
    t = Trainer(job, Events(enabled=False), dd.Dist())
    t.setup()
    return t


def test_training_never_reads_a_held_out_document(docs, tiny_model_dir, tmp_path, data_dir):
    path, texts, held = docs
    s = spec(tmp_path, data_dir, kind="continued_pretraining", base={"path": str(tiny_model_dir)},
             datasets=[{"path": str(path), "role": "train", "format": "corpus"},
                       {"path": str(path), "role": "replay", "format": "corpus"}],
             hyperparameters={"replayRatio": 0.25})
    del s["modelConfig"], s["tokenizer"]
    t = _trainer(s, tmp_path)
    for blocks in (t.train, t.replay):
        seen = t.tok.decode(blocks.tokens.tolist()).split("<|endoftext|>")[:-1]
        assert seen == [x for x in texts if x not in held]


def test_a_trained_tokenizer_never_sees_a_held_out_document(docs, tmp_path, data_dir):
    path, texts, held = docs
    s = spec(tmp_path, data_dir, datasets=[{"path": str(path), "role": "train", "format": "corpus"}])
    job = parse_spec(s)
    seen = list(_train_texts(job))
    assert seen and not set(seen) & set(held)


def test_an_eval_measures_the_split_it_asks_for(docs, tiny_model_dir, tmp_path, data_dir, capsys):
    path, texts, held = docs
    got = {}
    for split in ("heldout", "all"):
        s = spec(tmp_path, data_dir, kind="evaluate", base={"path": str(tiny_model_dir)}, jobId=f"e-{split}",
                 datasets=[{"path": str(path), "role": "eval", "format": "corpus", "split": split,
                            "versionId": "dv-1"}],
                 hyperparameters={"evalBatches": 1000}, output={"dir": str(tmp_path / split)})
        del s["modelConfig"], s["tokenizer"]
        code, ev = run_inprocess(tmp_path, s, capsys, name=f"{split}.json")
        assert code == 0, ev
        got[split] = by_type(ev, "completed")[0]["manifest"]
    [row] = got["heldout"]["evaluation"]["datasets"]
    assert row == {"versionId": "dv-1", "role": "eval", "split": "heldout", "documents": len(held),
                   "tokens": row["tokens"]}
    assert got["all"]["evaluation"]["datasets"][0]["documents"] == len(texts)
    # a held-out set shorter than one block is still measured (its tail is kept)
    assert 0 < row["tokens"] < got["all"]["evaluation"]["datasets"][0]["tokens"]
    assert got["heldout"]["metrics"]["domainLoss"] != got["all"]["metrics"]["domainLoss"]


@pytest.mark.parametrize("dataset,field", [
    ({"role": "train", "format": "corpus", "split": "heldout"}, "datasets.0.split"),
    ({"role": "eval", "format": "chat", "split": "heldout"}, "datasets.0.split"),
    ({"role": "general_eval", "format": "chat"}, "datasets.0.format"),
    ({"role": "eval", "format": "safety"}, "datasets.0.role"),
    ({"role": "safety_eval", "format": "corpus"}, "datasets.0.format"),
    ({"role": "eval", "format": "corpus", "split": "test"}, "datasets.0.split"),
])
def test_a_dataset_that_breaks_the_split_or_role_rules_is_refused(dataset, field, tmp_path, data_dir, capsys):
    s = spec(tmp_path, data_dir, datasets=[{"path": str(data_dir / "corpus.jsonl"), **dataset}])
    code, ev = run_inprocess(tmp_path, s, capsys)
    assert code == 2 and ev[0]["field"] == field, ev
