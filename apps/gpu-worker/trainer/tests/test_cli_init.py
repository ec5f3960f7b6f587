import json
import os
import subprocess
import sys

import torch

from alloy_trainer.hf_dir import load_model, sha256_file

from conftest import TRAINER_DIR


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "alloy_trainer", *args], cwd=TRAINER_DIR,
                          capture_output=True, text=True, timeout=120)


def test_init_model_writes_a_complete_seeded_directory_and_logits_agree(data_dir, tmp_path):
    out = tmp_path / "m"
    cfg = json.dumps({"preset": "tiny", "num_hidden_layers": 1})
    res = _cli("init-model", "--config", cfg, "--tokenizer-corpus", str(data_dir / "corpus.jsonl"),
               "--out", str(out), "--seed", "5")
    assert res.returncode == 0, res.stderr
    names = set(os.listdir(out))
    assert {"config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json",
            "generation_config.json", "alloy.json"} <= names
    manifest = json.load(open(out / "alloy.json"))
    assert {f["path"]: f["sha256"] for f in manifest["files"]}["model.safetensors"] == sha256_file(str(out / "model.safetensors"))
    assert json.load(open(out / "config.json"))["num_hidden_layers"] == 1

    res = _cli("logits", "--model", str(out), "--ids", "1,2,3")
    assert res.returncode == 0, res.stderr
    got = json.loads(res.stdout)
    with torch.no_grad():
        ref = load_model(str(out))(torch.tensor([[1, 2, 3]]))[0]
    assert got["shape"] == list(ref.shape)
    assert torch.allclose(torch.tensor(got["logits"], dtype=torch.float32), ref, atol=1e-6)

    # same seed, same weights; another seed, other weights
    again = tmp_path / "again"
    _cli("init-model", "--config", cfg, "--tokenizer-corpus", str(data_dir / "corpus.jsonl"), "--out", str(again), "--seed", "5")
    assert sha256_file(str(again / "model.safetensors")) == sha256_file(str(out / "model.safetensors"))
    other = tmp_path / "other"
    _cli("init-model", "--config", cfg, "--tokenizer-corpus", str(data_dir / "corpus.jsonl"), "--out", str(other), "--seed", "6")
    assert sha256_file(str(other / "model.safetensors")) != sha256_file(str(out / "model.safetensors"))


def test_unknown_preset_is_a_clear_error(data_dir, tmp_path):
    res = _cli("init-model", "--config", "huge", "--tokenizer-corpus", str(data_dir / "corpus.jsonl"), "--out", str(tmp_path / "x"))
    assert res.returncode == 2 and "preset" in res.stderr
