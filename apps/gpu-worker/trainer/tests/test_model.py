"""The artifact must be a LlamaForCausalLM checkpoint: names, shapes, config fields, numerics."""

import json
import math
import os

import numpy as np
import pytest
import torch

from alloy_trainer import safetensors_io
from alloy_trainer.hf_dir import load_model
from alloy_trainer.model import LlamaConfig, LlamaForCausalLM

# transformers' LlamaForCausalLM state dict for a 2-layer model (tied lm_head omitted)
HF_LAYER_NAMES = [
    "input_layernorm.weight", "mlp.down_proj.weight", "mlp.gate_proj.weight", "mlp.up_proj.weight",
    "post_attention_layernorm.weight", "self_attn.k_proj.weight", "self_attn.o_proj.weight",
    "self_attn.q_proj.weight", "self_attn.v_proj.weight",
]


def test_artifact_names_shapes_and_config_match_llama(tiny_model_dir):
    cfg = json.load(open(tiny_model_dir / "config.json"))
    assert cfg["architectures"] == ["LlamaForCausalLM"] and cfg["model_type"] == "llama"
    for key in ("vocab_size", "hidden_size", "intermediate_size", "num_hidden_layers",
                "num_attention_heads", "num_key_value_heads", "rms_norm_eps", "rope_theta",
                "max_position_embeddings", "tie_word_embeddings", "hidden_act", "torch_dtype"):
        assert key in cfg, key
    header, meta, _ = safetensors_io.read_header(str(tiny_model_dir / "model.safetensors"))
    assert meta == {"format": "pt"}
    expected = {"model.embed_tokens.weight", "model.norm.weight"}
    for i in range(cfg["num_hidden_layers"]):
        expected |= {f"model.layers.{i}.{n}" for n in HF_LAYER_NAMES}
    if not cfg["tie_word_embeddings"]:
        expected.add("lm_head.weight")
    assert set(header) == expected
    h, kv = cfg["hidden_size"], cfg["num_key_value_heads"] * (cfg["hidden_size"] // cfg["num_attention_heads"])
    shapes = {k: v["shape"] for k, v in header.items()}
    assert shapes["model.embed_tokens.weight"] == [cfg["vocab_size"], h]
    assert shapes["model.layers.0.self_attn.q_proj.weight"] == [h, h]
    assert shapes["model.layers.0.self_attn.k_proj.weight"] == [kv, h]
    assert shapes["model.layers.1.mlp.gate_proj.weight"] == [cfg["intermediate_size"], h]
    assert shapes["model.layers.1.mlp.down_proj.weight"] == [h, cfg["intermediate_size"]]
    gen = json.load(open(tiny_model_dir / "generation_config.json"))
    assert "eos_token_id" in gen
    tcfg = json.load(open(tiny_model_dir / "tokenizer_config.json"))
    assert "<|im_start|>" in tcfg["chat_template"]


def _reference_logits(model_dir, ids):
    """transformers' Llama forward, written out in float64 numpy from the safetensors file."""
    cfg = json.load(open(os.path.join(model_dir, "config.json")))
    w = {k: v.double().numpy() for k, v in safetensors_io.load_file(os.path.join(model_dir, "model.safetensors")).items()}
    nh, nkv = cfg["num_attention_heads"], cfg["num_key_value_heads"]
    hd = cfg["hidden_size"] // nh
    eps = cfg["rms_norm_eps"]
    t = len(ids)

    def rms(x, g):
        return g * x / np.sqrt((x * x).mean(-1, keepdims=True) + eps)

    inv = 1.0 / cfg["rope_theta"] ** (np.arange(0, hd, 2) / hd)
    ang = np.arange(t)[:, None] * inv[None]
    cos, sin = np.cos(np.concatenate([ang, ang], -1)), np.sin(np.concatenate([ang, ang], -1))

    def rope(x):  # x: (T, hd)
        rot = np.concatenate([-x[:, hd // 2:], x[:, :hd // 2]], -1)
        return x * cos + rot * sin

    x = w["model.embed_tokens.weight"][ids]
    for i in range(cfg["num_hidden_layers"]):
        p = f"model.layers.{i}."
        h = rms(x, w[p + "input_layernorm.weight"])
        q = h @ w[p + "self_attn.q_proj.weight"].T
        k = h @ w[p + "self_attn.k_proj.weight"].T
        v = h @ w[p + "self_attn.v_proj.weight"].T
        heads = []
        for head in range(nh):
            g = head // (nh // nkv)  # transformers' repeat_kv: query head -> kv head
            qh = rope(q[:, head * hd:(head + 1) * hd])
            kh = rope(k[:, g * hd:(g + 1) * hd])
            vh = v[:, g * hd:(g + 1) * hd]
            s = qh @ kh.T / math.sqrt(hd)
            s = np.where(np.tril(np.ones((t, t))) > 0, s, -np.inf)
            s = np.exp(s - s.max(-1, keepdims=True))
            heads.append((s / s.sum(-1, keepdims=True)) @ vh)
        x = x + np.concatenate(heads, -1) @ w[p + "self_attn.o_proj.weight"].T
        h = rms(x, w[p + "post_attention_layernorm.weight"])
        gate = h @ w[p + "mlp.gate_proj.weight"].T
        mlp = (gate / (1 + np.exp(-gate))) * (h @ w[p + "mlp.up_proj.weight"].T)
        x = x + mlp @ w[p + "mlp.down_proj.weight"].T
    x = rms(x, w["model.norm.weight"])
    head = w.get("lm_head.weight", w["model.embed_tokens.weight"])
    return x @ head.T


def test_logits_match_an_independent_reference(tiny_model_dir):
    # scale the weights up so attention is far from uniform and a convention error shows
    model = load_model(str(tiny_model_dir)).eval()
    ids = [5, 99, 300, 17, 42, 260, 7, 8, 9, 400, 3, 11]
    with torch.no_grad():
        ours = model(torch.tensor([ids]))[0].double().numpy()
    ref = _reference_logits(str(tiny_model_dir), ids)
    assert np.abs(ours - ref).max() < 1e-4


def test_rotary_and_gqa_conventions_with_sharp_attention(tmp_path):
    cfg = LlamaConfig(vocab_size=300, hidden_size=32, intermediate_size=64, num_hidden_layers=1,
                      num_attention_heads=4, num_key_value_heads=2, initializer_range=0.5)
    model = LlamaForCausalLM(cfg)
    model.init_weights(3)
    from alloy_trainer.hf_dir import save_model
    save_model(model, str(tmp_path))
    ids = list(range(1, 20))
    with torch.no_grad():
        ours = model.eval()(torch.tensor([ids]))[0].double().numpy()
    ref = _reference_logits(str(tmp_path), ids)
    assert np.abs(ours - ref).max() < 1e-3 * max(1.0, np.abs(ref).max())


def test_packed_segments_do_not_attend_across(tiny_model_dir):
    model = load_model(str(tiny_model_dir)).eval()
    a, b = [10, 20, 30, 40], [50, 60, 70]
    with torch.no_grad():
        alone = model(torch.tensor([b]))[0]
        packed = model(torch.tensor([a + b]), position_ids=torch.tensor([[0, 1, 2, 3, 0, 1, 2]]),
                       segment_ids=torch.tensor([[0, 0, 0, 0, 1, 1, 1]]))[0]
        unmasked = model(torch.tensor([a + b]))[0]
    assert torch.allclose(packed[4:], alone, atol=1e-5)
    assert not torch.allclose(unmasked[4:], alone, atol=1e-3)


def test_transformers_logits_match_when_installed(tiny_model_dir):
    transformers = pytest.importorskip("transformers")
    hf = transformers.LlamaForCausalLM.from_pretrained(str(tiny_model_dir)).eval()
    ours = load_model(str(tiny_model_dir)).eval()
    ids = torch.tensor([[5, 99, 300, 17, 42, 260, 7]])
    with torch.no_grad():
        assert torch.allclose(hf(ids).logits, ours(ids), atol=1e-4)
