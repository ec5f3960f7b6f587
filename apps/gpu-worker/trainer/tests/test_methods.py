import json
import os

import pytest
import torch

from alloy_trainer import safetensors_io
from alloy_trainer.hf_dir import load_model
from alloy_trainer.lora import load_adapter_state_dict
from alloy_trainer.methods import apply_method

from helpers import by_type, losses, run_inprocess, spec


def _sft(tmp_path, data_dir, base, method, **hp):
    s = spec(tmp_path, data_dir, kind="sft", method=method, base={"path": str(base), "versionId": "v0"},
             datasets=[{"path": str(data_dir / "chat.jsonl"), "role": "train", "format": "chat"}],
             hyperparameters={"maxSteps": 8, "batchSize": 4, "seqLen": 128, "learningRate": 1e-2, **hp})
    del s["modelConfig"], s["tokenizer"]
    return s


def _weights(d):
    return safetensors_io.load_file(os.path.join(d, "model.safetensors"))


def test_lora_trains_only_lora_weights_and_merged_matches_unmerged(tiny_model_dir, tmp_path, data_dir, capsys):
    s = _sft(tmp_path, data_dir, tiny_model_dir, "lora",
             lora={"rank": 4, "alpha": 8, "targetModules": ["q_proj", "v_proj", "down_proj"]})
    code, ev = run_inprocess(tmp_path, s, capsys)
    assert code == 0, ev
    out = s["output"]["dir"]
    started = by_type(ev, "started")[0]
    cfg = json.load(open(tiny_model_dir / "config.json"))
    h, L = cfg["hidden_size"], cfg["num_hidden_layers"]
    kv = h // cfg["num_attention_heads"] * cfg["num_key_value_heads"]
    per_layer = 4 * (h + h) + 4 * (h + kv) + 4 * (cfg["intermediate_size"] + h)
    assert started["trainableParameters"] == L * per_layer
    ls = losses(ev)
    assert ls[8] < ls[1]

    cfg_a = json.load(open(os.path.join(out, "adapter_config.json")))
    assert cfg_a["peft_type"] == "LORA" and cfg_a["r"] == 4 and cfg_a["lora_alpha"] == 8
    assert cfg_a["target_modules"] == ["down_proj", "q_proj", "v_proj"]
    adapter = safetensors_io.load_file(os.path.join(out, "adapter_model.safetensors"))
    assert len(adapter) == 2 * 3 * L
    assert all(k.startswith("base_model.model.model.layers.") for k in adapter)
    assert adapter["base_model.model.model.layers.0.self_attn.q_proj.lora_B.weight"].abs().sum() > 0

    base, merged = _weights(str(tiny_model_dir)), _weights(os.path.join(out, "merged"))
    assert set(base) == set(merged)
    for k in base:
        same = torch.equal(base[k], merged[k])
        targeted = any(t in k for t in ("q_proj", "v_proj", "down_proj"))
        assert same != targeted, k  # exactly the targeted weights moved

    unmerged = load_model(str(tiny_model_dir))
    apply_method(unmerged, "lora", {"lora": {"rank": 4, "alpha": 8, "targetModules": ["q_proj", "v_proj", "down_proj"]}})
    load_adapter_state_dict(unmerged, adapter)
    merged_model = load_model(os.path.join(out, "merged"))
    ids = torch.tensor([[5, 80, 200, 33, 7, 9, 120]])
    with torch.no_grad():
        a, b, c = unmerged.eval()(ids), merged_model.eval()(ids), load_model(str(tiny_model_dir)).eval()(ids)
    assert torch.allclose(a, b, atol=1e-5)
    assert not torch.allclose(b, c, atol=1e-3)
    man = by_type(ev, "completed")[0]["manifest"]
    assert man["format"] == "peft-adapter" and man["merged"] == "merged"
    assert "merged/model.safetensors" in {f["path"] for f in man["files"]}


def test_adapter_method_trains_only_the_bottlenecks(tiny_model_dir, tmp_path, data_dir, capsys):
    s = _sft(tmp_path, data_dir, tiny_model_dir, "adapter", adapter={"bottleneck": 8})
    code, ev = run_inprocess(tmp_path, s, capsys)
    assert code == 0, ev
    base, out = _weights(str(tiny_model_dir)), _weights(s["output"]["dir"])
    added = set(out) - set(base)
    assert added and all(".mlp_adapter." in k for k in added)
    for k in base:
        assert torch.equal(base[k], out[k]), k
    assert out["model.layers.0.mlp_adapter.up_proj.weight"].abs().sum() > 0
    cfg = json.load(open(os.path.join(s["output"]["dir"], "config.json")))
    assert cfg["alloy_bottleneck_adapter"]["bottleneck"] == 8
    # the saved adapters change the model's outputs when loaded back
    ids = torch.tensor([[5, 80, 200, 33]])
    with torch.no_grad():
        assert not torch.allclose(load_model(s["output"]["dir"])(ids), load_model(str(tiny_model_dir))(ids), atol=1e-4)


def test_selective_trains_norms_and_the_top_layer_only(tiny_model_dir, tmp_path, data_dir, capsys):
    s = _sft(tmp_path, data_dir, tiny_model_dir, "selective", selective={"norms": True, "topLayers": 1})
    code, ev = run_inprocess(tmp_path, s, capsys)
    assert code == 0, ev
    base, out = _weights(str(tiny_model_dir)), _weights(s["output"]["dir"])
    assert set(base) == set(out)
    for k in base:
        selected = k.endswith("layernorm.weight") or k == "model.norm.weight" or k.startswith("model.layers.1.")
        assert torch.equal(base[k], out[k]) != selected, k


def test_selective_patterns_and_empty_selection(tiny_model_dir):
    m = load_model(str(tiny_model_dir))
    names = apply_method(m, "selective", {"selective": {"patterns": ["*.self_attn.o_proj.weight"]}})
    assert names == ["model.layers.0.self_attn.o_proj.weight", "model.layers.1.self_attn.o_proj.weight"]
    from alloy_trainer.errors import SpecError

    with pytest.raises(SpecError) as e:
        apply_method(load_model(str(tiny_model_dir)), "selective", {"selective": {"patterns": ["nothing.*"]}})
    assert e.value.field == "hyperparameters.selective"


def test_lora_refuses_a_tied_lm_head(tiny_model_dir):
    from alloy_trainer.errors import SpecError

    m = load_model(str(tiny_model_dir))
    assert m.config.tie_word_embeddings
    with pytest.raises(SpecError) as e:
        apply_method(m, "lora", {"lora": {"targetModules": ["q_proj", "lm_head"]}})
    assert e.value.field == "hyperparameters.lora.targetModules"
