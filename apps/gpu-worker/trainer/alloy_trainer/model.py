"""The LLaMA architecture with Hugging Face `LlamaForCausalLM` parameter names and config fields.

Keeping the names identical means a state dict saved from here loads in transformers, and the
model builder can read the same safetensors file it would read from a Hugging Face checkpoint.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Dict, List, Optional, Tuple

import torch
import torch.nn.functional as F
from torch import nn

from .compat import HAS_SDPA, checkpoint

ARCHITECTURES = ("LlamaForCausalLM", "MistralForCausalLM", "Qwen2ForCausalLM")


@dataclass
class LlamaConfig:
    vocab_size: int = 512
    hidden_size: int = 64
    intermediate_size: int = 172
    num_hidden_layers: int = 2
    num_attention_heads: int = 4
    num_key_value_heads: int = 2
    head_dim: Optional[int] = None
    max_position_embeddings: int = 256
    rms_norm_eps: float = 1e-6
    rope_theta: float = 10000.0
    rope_scaling: Optional[Dict[str, Any]] = None
    attention_bias: bool = False
    mlp_bias: bool = False
    tie_word_embeddings: bool = False
    initializer_range: float = 0.02
    hidden_act: str = "silu"
    bos_token_id: Optional[int] = 0
    eos_token_id: Any = 0
    pad_token_id: Optional[int] = None
    torch_dtype: str = "float32"
    architectures: list = field(default_factory=lambda: ["LlamaForCausalLM"])
    model_type: str = "llama"

    def __post_init__(self) -> None:
        if self.head_dim is None:
            self.head_dim = self.hidden_size // self.num_attention_heads
        if self.num_attention_heads % self.num_key_value_heads:
            raise ValueError("num_attention_heads must be a multiple of num_key_value_heads")
        if self.hidden_act != "silu":
            raise ValueError(f"unsupported hidden_act {self.hidden_act}")

    @classmethod
    def from_dict(cls, d: Dict[str, Any]) -> "LlamaConfig":
        known = {f.name for f in fields(cls)}
        d = dict(d)
        if d.get("model_type") == "qwen2":
            # Qwen2 is LLaMA with q/k/v biases
            d.setdefault("attention_bias", True)
        if d.get("num_key_value_heads") is None:
            d["num_key_value_heads"] = d.get("num_attention_heads", cls.num_attention_heads)
        return cls(**{k: v for k, v in d.items() if k in known})

    def to_hf_dict(self) -> Dict[str, Any]:
        d = asdict(self)
        d["transformers_version"] = "4.44.0"
        d["attention_dropout"] = 0.0
        d["pretraining_tp"] = 1
        d["use_cache"] = True
        return d


class RMSNorm(nn.Module):
    def __init__(self, dim: int, eps: float) -> None:
        super().__init__()
        self.weight = nn.Parameter(torch.ones(dim))
        self.variance_epsilon = eps

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # fp32 statistics as transformers does, so bf16 runs match its numerics
        dtype = x.dtype
        h = x.float()
        h = h * torch.rsqrt(h.pow(2).mean(-1, keepdim=True) + self.variance_epsilon)
        return self.weight * h.to(dtype)


def _inv_freq(cfg: LlamaConfig) -> torch.Tensor:
    dim = cfg.head_dim
    inv = 1.0 / (cfg.rope_theta ** (torch.arange(0, dim, 2, dtype=torch.float32) / dim))
    rs = cfg.rope_scaling or {}
    kind = rs.get("rope_type", rs.get("type"))
    if kind in (None, "default"):
        return inv
    if kind == "linear":
        return inv / float(rs["factor"])
    if kind == "dynamic":
        # transformers rescales only past the original context: within it, the default frequencies
        original = rs.get("original_max_position_embeddings")
        if original is not None and original < cfg.max_position_embeddings:
            raise ValueError("dynamic rope_scaling with original_max_position_embeddings below "
                             "max_position_embeddings depends on the sequence length")
        return inv
    if kind == "llama3":
        factor = rs["factor"]
        low, high = rs["low_freq_factor"], rs["high_freq_factor"]
        old = rs["original_max_position_embeddings"]
        low_wl, high_wl = old / low, old / high
        wavelen = 2 * math.pi / inv
        scaled = torch.where(wavelen > low_wl, inv / factor, inv)
        smooth = (old / wavelen - low) / (high - low)
        mid = (1 - smooth) * scaled / factor + smooth * scaled
        is_mid = (wavelen >= high_wl) & (wavelen <= low_wl)
        return torch.where(is_mid, mid, scaled)
    raise ValueError(f"unsupported rope_scaling {kind}")


class RotaryEmbedding(nn.Module):
    def __init__(self, cfg: LlamaConfig) -> None:
        super().__init__()
        self.register_buffer("inv_freq", _inv_freq(cfg), persistent=False)

    def forward(self, position_ids: torch.Tensor, dtype: torch.dtype):
        freqs = position_ids[..., None].float() * self.inv_freq
        emb = torch.cat((freqs, freqs), dim=-1)
        return emb.cos().to(dtype), emb.sin().to(dtype)


def _rotate_half(x: torch.Tensor) -> torch.Tensor:
    half = x.shape[-1] // 2
    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


def apply_rotary(q, k, cos, sin):
    cos = cos.unsqueeze(1)
    sin = sin.unsqueeze(1)
    return q * cos + _rotate_half(q) * sin, k * cos + _rotate_half(k) * sin


def _repeat_kv(x: torch.Tensor, n_rep: int) -> torch.Tensor:
    # expand+reshape rather than repeat_interleave: the same head order as transformers, and it
    # exports to ONNX with dynamic shapes
    if n_rep == 1:
        return x
    b, h, t, d = x.shape
    return x[:, :, None].expand(b, h, n_rep, t, d).reshape(b, h * n_rep, t, d)


def attention_mask(segment_ids: Optional[torch.Tensor], t: int, device) -> torch.Tensor:
    """Boolean (B or 1, 1, T, T) mask: causal, and within one packed segment when given."""
    causal = torch.ones(t, t, dtype=torch.bool, device=device).tril()
    if segment_ids is None:
        return causal[None, None]
    same = segment_ids[:, :, None] == segment_ids[:, None, :]
    return (same & causal)[:, None]


class LlamaAttention(nn.Module):
    def __init__(self, cfg: LlamaConfig) -> None:
        super().__init__()
        self.n_heads = cfg.num_attention_heads
        self.n_kv = cfg.num_key_value_heads
        self.head_dim = cfg.head_dim
        b = cfg.attention_bias
        self.q_proj = nn.Linear(cfg.hidden_size, self.n_heads * self.head_dim, bias=b)
        self.k_proj = nn.Linear(cfg.hidden_size, self.n_kv * self.head_dim, bias=b)
        self.v_proj = nn.Linear(cfg.hidden_size, self.n_kv * self.head_dim, bias=b)
        self.o_proj = nn.Linear(self.n_heads * self.head_dim, cfg.hidden_size, bias=cfg.attention_bias and cfg.model_type != "qwen2")

    def forward(self, x, cos, sin, mask):
        bsz, t, _ = x.shape
        q = self.q_proj(x).view(bsz, t, self.n_heads, self.head_dim).transpose(1, 2)
        k = self.k_proj(x).view(bsz, t, self.n_kv, self.head_dim).transpose(1, 2)
        v = self.v_proj(x).view(bsz, t, self.n_kv, self.head_dim).transpose(1, 2)
        q, k = apply_rotary(q, k, cos, sin)
        rep = self.n_heads // self.n_kv
        k, v = _repeat_kv(k, rep), _repeat_kv(v, rep)
        if HAS_SDPA:
            # without packed segments the mask is plain causal: is_causal lets flash kernels run
            if mask is None:
                out = F.scaled_dot_product_attention(q, k, v, is_causal=True)
            else:
                out = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
        else:
            if mask is None:
                mask = attention_mask(None, t, x.device)
            scores = (q @ k.transpose(-1, -2)) / math.sqrt(self.head_dim)
            scores = scores.masked_fill(~mask, torch.finfo(scores.dtype).min)
            out = torch.softmax(scores.float(), dim=-1).to(q.dtype) @ v
        return self.o_proj(out.transpose(1, 2).reshape(bsz, t, -1))

    def forward_cached(self, x, cos, sin, past: Optional[Tuple[torch.Tensor, torch.Tensor]]):
        """Attention of new positions over the keys and values of all earlier ones (generation):
        returns the output and the keys and values so far, before the GQA repeat."""
        bsz, t, _ = x.shape
        q = self.q_proj(x).view(bsz, t, self.n_heads, self.head_dim).transpose(1, 2)
        k = self.k_proj(x).view(bsz, t, self.n_kv, self.head_dim).transpose(1, 2)
        v = self.v_proj(x).view(bsz, t, self.n_kv, self.head_dim).transpose(1, 2)
        q, k = apply_rotary(q, k, cos, sin)
        if past is not None:
            k, v = torch.cat([past[0], k], dim=2), torch.cat([past[1], v], dim=2)
        rep = self.n_heads // self.n_kv
        kr, vr = _repeat_kv(k, rep), _repeat_kv(v, rep)
        s = kr.shape[2]
        scores = (q @ kr.transpose(-1, -2)) / math.sqrt(self.head_dim)
        if t > 1:
            # the i-th new position sits at s - t + i and sees every key up to it; one new
            # position (a generation step) sees them all, and needs no mask
            mask = torch.ones(t, s, dtype=torch.bool, device=x.device).tril(diagonal=s - t)[None, None]
            scores = scores.masked_fill(~mask, torch.finfo(scores.dtype).min)
        out = torch.softmax(scores.float(), dim=-1).to(q.dtype) @ vr
        return self.o_proj(out.transpose(1, 2).reshape(bsz, t, -1)), (k, v)


class LlamaMLP(nn.Module):
    def __init__(self, cfg: LlamaConfig) -> None:
        super().__init__()
        b = cfg.mlp_bias
        self.gate_proj = nn.Linear(cfg.hidden_size, cfg.intermediate_size, bias=b)
        self.up_proj = nn.Linear(cfg.hidden_size, cfg.intermediate_size, bias=b)
        self.down_proj = nn.Linear(cfg.intermediate_size, cfg.hidden_size, bias=b)

    def forward(self, x):
        return self.down_proj(F.silu(self.gate_proj(x)) * self.up_proj(x))


class LlamaDecoderLayer(nn.Module):
    def __init__(self, cfg: LlamaConfig) -> None:
        super().__init__()
        self.self_attn = LlamaAttention(cfg)
        self.mlp = LlamaMLP(cfg)
        self.input_layernorm = RMSNorm(cfg.hidden_size, cfg.rms_norm_eps)
        self.post_attention_layernorm = RMSNorm(cfg.hidden_size, cfg.rms_norm_eps)

    def forward(self, x, cos, sin, mask):
        x = x + self.self_attn(self.input_layernorm(x), cos, sin, mask)
        return x + self.mlp(self.post_attention_layernorm(x))

    def forward_cached(self, x, cos, sin, past):
        # the same residual order as forward; submodules are called, so LoRA and adapter hooks apply
        a, present = self.self_attn.forward_cached(self.input_layernorm(x), cos, sin, past)
        x = x + a
        return x + self.mlp(self.post_attention_layernorm(x)), present


class LlamaModel(nn.Module):
    def __init__(self, cfg: LlamaConfig) -> None:
        super().__init__()
        self.embed_tokens = nn.Embedding(cfg.vocab_size, cfg.hidden_size)
        self.layers = nn.ModuleList(LlamaDecoderLayer(cfg) for _ in range(cfg.num_hidden_layers))
        self.norm = RMSNorm(cfg.hidden_size, cfg.rms_norm_eps)
        self.rotary_emb = RotaryEmbedding(cfg)
        self.gradient_checkpointing = False

    def forward(self, input_ids, position_ids=None, segment_ids=None):
        bsz, t = input_ids.shape
        if position_ids is None:
            position_ids = torch.arange(t, device=input_ids.device)[None].expand(bsz, t)
        x = self.embed_tokens(input_ids)
        cos, sin = self.rotary_emb(position_ids, x.dtype)
        mask = None if segment_ids is None else attention_mask(segment_ids, t, input_ids.device)
        if mask is None and not HAS_SDPA:
            # built once for every layer (with SDPA, no mask lets the causal kernels run)
            mask = attention_mask(None, t, input_ids.device)
        for layer in self.layers:
            if self.gradient_checkpointing and self.training:
                x = checkpoint(layer, x, cos, sin, mask)
            else:
                x = layer(x, cos, sin, mask)
        return self.norm(x)


class LlamaForCausalLM(nn.Module):
    def __init__(self, cfg: LlamaConfig) -> None:
        super().__init__()
        self.config = cfg
        self.model = LlamaModel(cfg)
        self.lm_head = nn.Linear(cfg.hidden_size, cfg.vocab_size, bias=False)
        if cfg.tie_word_embeddings:
            self.lm_head.weight = self.model.embed_tokens.weight

    def init_weights(self, seed: int) -> None:
        """The initialisation of transformers (normal(0, initializer_range), norms at one)."""
        gen = torch.Generator().manual_seed(seed)
        std = self.config.initializer_range
        with torch.no_grad():
            for name, p in self.named_parameters():
                if name.endswith("layernorm.weight") or name == "model.norm.weight":
                    p.fill_(1.0)
                elif name.endswith(".bias"):
                    p.zero_()
                else:
                    p.copy_(torch.randn(p.shape, generator=gen) * std)

    def set_gradient_checkpointing(self, on: bool) -> None:
        self.model.gradient_checkpointing = on

    def forward(self, input_ids, position_ids=None, segment_ids=None):
        return self.lm_head(self.model(input_ids, position_ids, segment_ids))

    @torch.no_grad()
    def forward_cached(self, input_ids, past: Optional[List[Tuple[torch.Tensor, torch.Tensor]]] = None):
        """Logits of tokens that follow the cached ones, and the cache extended by them.

        Generation runs the prompt once and then one token a step, instead of the whole context
        each step: the difference between seconds and minutes for an evaluation on a CPU."""
        start = 0 if past is None else past[0][0].shape[2]
        t = input_ids.shape[1]
        pos = torch.arange(start, start + t, device=input_ids.device)[None].expand(input_ids.shape[0], t)
        x = self.model.embed_tokens(input_ids)
        cos, sin = self.model.rotary_emb(pos, x.dtype)
        presents = []
        for i, layer in enumerate(self.model.layers):
            x, present = layer.forward_cached(x, cos, sin, None if past is None else past[i])
            presents.append(present)
        return self.lm_head(self.model.norm(x)), presents

    def hf_state_dict(self) -> Dict[str, torch.Tensor]:
        """Parameters under transformers' names; a tied lm_head is omitted as transformers does."""
        sd = {k: v for k, v in self.state_dict().items() if "rotary_emb" not in k}
        if self.config.tie_word_embeddings:
            sd.pop("lm_head.weight", None)
        return sd

    def load_hf_state_dict(self, sd: Dict[str, torch.Tensor]) -> None:
        sd = dict(sd)
        if self.config.tie_word_embeddings:
            sd.pop("lm_head.weight", None)
        own = self.hf_state_dict()
        missing = sorted(set(own) - set(sd))
        unexpected = sorted(set(sd) - set(own))
        if missing or unexpected:
            raise ValueError(f"state dict mismatch: missing {missing[:5]}, unexpected {unexpected[:5]}")
        with torch.no_grad():
            for k, v in sd.items():
                if own[k].shape != v.shape:
                    raise ValueError(f"{k}: shape {tuple(v.shape)} != {tuple(own[k].shape)}")
                own[k].copy_(v.to(own[k].dtype))


def count_parameters(model: nn.Module) -> int:
    return sum(p.numel() for p in {id(p): p for p in model.parameters()}.values())
