import json
import math

import pytest
import torch

from alloy_trainer.hf_dir import load_model
from alloy_trainer.sampler import Schedule

from conftest import EN, make_mc
from helpers import by_type, losses, run_inprocess, spec


@pytest.fixture(scope="module")
def pretrained(tmp_path_factory, data_dir):
    tmp = tmp_path_factory.mktemp("pretrain")
    s = spec(tmp, data_dir, hyperparameters={"maxSteps": 40, "batchSize": 8, "logEvery": 1})
    s["datasets"].append({"path": str(data_dir / "heldout.jsonl"), "role": "eval", "format": "corpus"})
    # a module-scoped fixture cannot use capsys; capture stdout by hand
    import io
    import sys

    from alloy_trainer import runner
    from helpers import parse_events, write_spec

    buf, old = io.StringIO(), sys.stdout
    sys.stdout = buf
    try:
        code = runner.run_from_file(write_spec(tmp, s))
    finally:
        sys.stdout = old
    return code, parse_events(buf.getvalue()), s


def test_pretraining_a_tiny_model_drives_the_loss_well_down(pretrained):
    code, events, s = pretrained
    assert code == 0
    ls = losses(events)
    assert ls[1] > 5.0  # about ln(400) at random initialisation
    assert ls[40] < 0.55 * ls[1]
    started = by_type(events, "started")[0]
    assert started["totalSteps"] == 40 and started["parameters"] > 0
    done = by_type(events, "completed")[0]["manifest"]
    assert done["format"] == "hf-model" and done["jobId"] == "job-test"
    assert done["metrics"]["perplexity"] < 30
    assert {"config.json", "model.safetensors", "tokenizer.json"} <= {f["path"] for f in done["files"]}
    cfg = json.load(open(s["output"]["dir"] + "/config.json"))
    assert cfg["vocab_size"] == 400 and cfg["architectures"] == ["LlamaForCausalLM"]
    m = [e for e in events if e["type"] == "metrics" and "lr" in e]
    assert all(e["tokensPerSecond"] > 0 and e["memoryBytes"] > 0 for e in m)
    assert max(e["lr"] for e in m) == pytest.approx(3e-3)


def test_continued_pretraining_starts_from_the_base_and_keeps_lineage(pretrained, tmp_path, data_dir, capsys):
    _, events, s = pretrained
    base_final = losses(events)[40]
    cpt = spec(tmp_path, data_dir, kind="continued_pretraining", base={"versionId": "v-base", "path": s["output"]["dir"]},
               hyperparameters={"maxSteps": 6, "learningRate": 1e-3, "replayRatio": 0.25},
               datasets=[{"path": str(data_dir / "corpus.jsonl"), "role": "train", "format": "corpus", "versionId": "ds-1"},
                         {"path": str(data_dir / "general.jsonl"), "role": "replay", "format": "corpus", "versionId": "ds-2"}])
    del cpt["modelConfig"], cpt["tokenizer"]
    code, ev = run_inprocess(tmp_path, cpt, capsys)
    assert code == 0, ev
    ls = losses(ev)
    # a fresh model starts near ln(400) = 6; the base already knows this corpus
    assert ls[1] < base_final + 0.5
    man = by_type(ev, "completed")[0]["manifest"]
    assert man["parentVersionId"] == "v-base"
    assert [d["versionId"] for d in man["datasetVersions"]] == ["ds-1", "ds-2"]
    # the base tokenizer is kept, byte for byte
    assert open(s["output"]["dir"] + "/tokenizer.json").read() == open(cpt["output"]["dir"] + "/tokenizer.json").read()


def test_replay_share_of_each_batch_follows_the_ratio():
    sch = Schedule(n_train=50, n_replay=20, global_batch=8, replay_ratio=0.25, seed=1)
    picked = [src for step in range(10) for src, _ in sch.step_samples(step)]
    assert picked.count("replay") == 20 and picked.count("train") == 60
    # train blocks cover an epoch before repeating
    train = [i for step in range(6) for src, i in sch.step_samples(step) if src == "train"]
    assert sorted(train[:36]) == sorted(set(train[:36]))


def _mc_from_corpus(path, n, seed):
    import random

    rng = random.Random(seed)
    with open(path, "w") as f:
        for _ in range(n):
            st = rng.randrange(len(EN) - 12)
            words = EN[st:st + 12]
            right = " ".join(words[6:])
            wrong = [" ".join(rng.sample(words[6:], 6)) for _ in range(2)]
            choices = [right] + [w for w in wrong if w != right]
            rng.shuffle(choices)
            f.write(json.dumps({"question": " ".join(words[:6]), "choices": choices,
                                "answer": choices.index(right)}) + "\n")


def test_evaluate_reports_perplexity_and_multiple_choice_accuracy(pretrained, tiny_model_dir, tmp_path, data_dir, capsys):
    _, _, s = pretrained
    mc = tmp_path / "mc.jsonl"
    _mc_from_corpus(str(mc), 20, 5)
    results = {}
    for name, base in (("trained", s["output"]["dir"]), ("untrained", str(tiny_model_dir))):
        ev_spec = spec(tmp_path, data_dir, kind="evaluate", base={"path": base}, jobId=f"eval-{name}",
                       datasets=[{"path": str(data_dir / "heldout.jsonl"), "role": "eval", "format": "corpus"},
                                 {"path": str(mc), "role": "mc_eval", "format": "multiple_choice"}],
                       output={"dir": str(tmp_path / name)})
        del ev_spec["modelConfig"], ev_spec["tokenizer"]
        code, ev = run_inprocess(tmp_path, ev_spec, capsys, name=f"{name}.json")
        assert code == 0, ev
        results[name] = by_type(ev, "completed")[0]["manifest"]["metrics"]
    assert results["trained"]["mcAccuracy"] >= 0.8
    assert results["trained"]["perplexity"] < results["untrained"]["perplexity"] / 3
    assert results["trained"]["mcQuestions"] == 20
    assert math.isfinite(results["untrained"]["evalLoss"])


def test_export_copies_the_base_as_a_complete_artifact(tiny_model_dir, tmp_path, data_dir, capsys):
    s = spec(tmp_path, data_dir, kind="export", base={"path": str(tiny_model_dir), "versionId": "v7"}, datasets=[])
    del s["modelConfig"], s["tokenizer"]
    code, ev = run_inprocess(tmp_path, s, capsys)
    assert code == 0, ev
    man = by_type(ev, "completed")[0]["manifest"]
    assert man["parentVersionId"] == "v7" and man["format"] == "hf-model"
    ids = torch.tensor([[3, 30, 300]])
    with torch.no_grad():
        assert torch.equal(load_model(s["output"]["dir"])(ids), load_model(str(tiny_model_dir))(ids))


def test_eval_loss_is_token_weighted_over_corpus_and_chat_sets(tiny_model_dir, tmp_path, data_dir, capsys):
    sets = {"corpus": {"path": str(data_dir / "heldout.jsonl"), "role": "eval", "format": "corpus"},
            "chat": {"path": str(data_dir / "chat.jsonl"), "role": "eval", "format": "chat"}}
    got = {}
    for name, ds in (("corpus", [sets["corpus"]]), ("chat", [sets["chat"]]), ("both", list(sets.values()))):
        s = spec(tmp_path, data_dir, kind="evaluate", base={"path": str(tiny_model_dir)}, datasets=ds,
                 jobId=f"e-{name}", output={"dir": str(tmp_path / name)})
        del s["modelConfig"], s["tokenizer"]
        code, ev = run_inprocess(tmp_path, s, capsys, name=f"{name}.json")
        assert code == 0, ev
        got[name] = by_type(ev, "completed")[0]["manifest"]["metrics"]["evalLoss"]
    lo, hi = sorted((got["corpus"], got["chat"]))
    assert lo < got["both"] < hi
