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

import safetensors_by_hand

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


class _HFStyleLlama:
    """transformers' LlamaForCausalLM (modeling_llama, eager attention, float32) as
    `from_pretrained` would build it from a model directory, written out in plain torch from the
    published LLaMA equations, for the parity that the transformers package itself cannot check
    on hosts without it.

    Independent of alloy_trainer: config.json is read with transformers' LlamaConfig defaults for
    absent keys, the weights are read by the hand-written safetensors reader and must fill the
    module exactly (transformers would initialise a missing weight randomly and ignore an unknown
    one, which a logits comparison then shows)."""

    def __init__(self, model_dir):
        cfg = json.load(open(os.path.join(model_dir, "config.json")))
        assert cfg.get("architectures", ["LlamaForCausalLM"]) == ["LlamaForCausalLM"]
        assert cfg.get("hidden_act", "silu") == "silu" and cfg.get("rope_scaling") is None
        assert not cfg.get("attention_bias", False) and not cfg.get("mlp_bias", False)
        self.layers = cfg["num_hidden_layers"]
        self.heads = cfg["num_attention_heads"]
        self.kv_heads = cfg.get("num_key_value_heads") or self.heads
        self.head_dim = cfg.get("head_dim") or cfg["hidden_size"] // self.heads
        self.eps = cfg.get("rms_norm_eps", 1e-6)
        self.theta = cfg.get("rope_theta", 10000.0)
        weights, _ = safetensors_by_hand.as_float64(os.path.join(model_dir, "model.safetensors"))
        w = {k: v.float() for k, v in weights.items()}
        names = {"model.embed_tokens.weight", "model.norm.weight"} | {
            f"model.layers.{i}.{n}" for i in range(self.layers) for n in HF_LAYER_NAMES}
        if cfg.get("tie_word_embeddings", False):  # LlamaConfig's default is untied
            w.setdefault("lm_head.weight", w["model.embed_tokens.weight"])
        names.add("lm_head.weight")
        assert set(w) == names, (sorted(names - set(w)), sorted(set(w) - names))
        self.w = w

    def _rms(self, x, g):
        return g * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps))

    def _rope(self, x, pos):
        # the half-rotation layout: dimension i pairs with i + head_dim / 2
        inv = 1.0 / self.theta ** (torch.arange(0, self.head_dim, 2).float() / self.head_dim)
        ang = pos[:, :, None].float() * inv  # (B, T, head_dim / 2)
        cos, sin = torch.cat([ang, ang], -1).cos()[:, None], torch.cat([ang, ang], -1).sin()[:, None]
        x1, x2 = x[..., :self.head_dim // 2], x[..., self.head_dim // 2:]
        return x * cos + torch.cat([-x2, x1], -1) * sin

    def logits(self, ids):
        w, (b, t) = self.w, ids.shape
        pos = torch.arange(t)[None].expand(b, t)
        causal = torch.full((t, t), float("-inf")).triu(1)
        x = w["model.embed_tokens.weight"][ids]
        for i in range(self.layers):
            p = f"model.layers.{i}."
            h = self._rms(x, w[p + "input_layernorm.weight"])
            q = (h @ w[p + "self_attn.q_proj.weight"].T).view(b, t, self.heads, self.head_dim).transpose(1, 2)
            k = (h @ w[p + "self_attn.k_proj.weight"].T).view(b, t, self.kv_heads, self.head_dim).transpose(1, 2)
            v = (h @ w[p + "self_attn.v_proj.weight"].T).view(b, t, self.kv_heads, self.head_dim).transpose(1, 2)
            q, k = self._rope(q, pos), self._rope(k, pos)
            # grouped-query attention: query head j reads key/value head j // (heads / kv_heads)
            group = self.heads // self.kv_heads
            k, v = k.repeat_interleave(group, dim=1), v.repeat_interleave(group, dim=1)
            att = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(self.head_dim) + causal, dim=-1)
            out = (att @ v).transpose(1, 2).reshape(b, t, self.heads * self.head_dim)
            x = x + out @ w[p + "self_attn.o_proj.weight"].T
            h = self._rms(x, w[p + "post_attention_layernorm.weight"])
            gate, up = h @ w[p + "mlp.gate_proj.weight"].T, h @ w[p + "mlp.up_proj.weight"].T
            x = x + (torch.nn.functional.silu(gate) * up) @ w[p + "mlp.down_proj.weight"].T  # SwiGLU
        return self._rms(x, w["model.norm.weight"]) @ w["lm_head.weight"].T


def _sharp_untied_model_dir(tmp_path):
    # large weights make attention far from uniform, so a rotary or head-grouping error shows;
    # an untied head, one key/value head per two query heads and another rope_theta each take a
    # path the tiny preset does not
    from alloy_trainer.hf_dir import save_model

    cfg = LlamaConfig(vocab_size=300, hidden_size=48, intermediate_size=80, num_hidden_layers=2,
                      num_attention_heads=6, num_key_value_heads=3, initializer_range=0.3,
                      rope_theta=500000.0, rms_norm_eps=1e-5, tie_word_embeddings=False)
    model = LlamaForCausalLM(cfg)
    model.init_weights(11)
    save_model(model, str(tmp_path))
    return str(tmp_path)


@pytest.mark.parametrize("which", ["tiny preset", "sharp and untied"])
def test_logits_match_transformers_llama_written_from_the_equations(which, tiny_model_dir, tmp_path):
    model_dir = str(tiny_model_dir) if which == "tiny preset" else _sharp_untied_model_dir(tmp_path)
    ours = load_model(model_dir).eval()
    ids = torch.tensor([[5, 99, 299, 17, 42, 260, 7, 1, 250], [3, 3, 3, 200, 100, 0, 64, 128, 9]])
    with torch.no_grad():
        got = ours(ids)
    want = _HFStyleLlama(model_dir).logits(ids)
    assert got.shape == want.shape
    assert torch.allclose(got, want, atol=1e-4 * max(1.0, float(want.abs().max())), rtol=0), \
        float((got - want).abs().max())
