"""Tiny LLaMA fixtures for the model-builder and inference tests.

Two commands, both deterministic:
  init --out DIR [--preset tiny|bench] [--seed N]
      writes a complete Hugging Face LLaMA directory: config.json, model.safetensors (random seeded
      weights), tokenizer.json (byte-level BPE trained on a small built-in corpus),
      tokenizer_config.json (with a chat template) and generation_config.json.
  logits --model DIR --ids JSON [--out FILE]
      runs the PyTorch reference forward pass on the token id rows in JSON (a list of lists, all the
      same length) and writes {"shape": [...], "logits": [...]} (float32, row-major).

The forward pass follows transformers' LlamaForCausalLM (RMSNorm, rotate-half rotary, grouped-query
attention, SwiGLU) written with torch only, so it runs on Debian's torch 1.13 without transformers.
"""

import argparse
import json
import math
import os
import struct

import regex
import torch

PRESETS = {
    # head_dim 16: the smallest GroupQueryAttention accepts with rotary inside.
    "tiny": dict(hidden_size=64, intermediate_size=160, num_hidden_layers=2, num_attention_heads=4,
                 num_key_value_heads=2, vocab_size=384, max_position_embeddings=256,
                 tie_word_embeddings=True),
    "tiny-untied": dict(hidden_size=64, intermediate_size=160, num_hidden_layers=2,
                        num_attention_heads=4, num_key_value_heads=4, vocab_size=384,
                        max_position_embeddings=256, tie_word_embeddings=False),
    # about 30M parameters: big enough to be bound by memory bandwidth, not per-step overhead.
    "bench": dict(hidden_size=512, intermediate_size=1408, num_hidden_layers=8, num_attention_heads=8,
                  num_key_value_heads=4, vocab_size=8192, max_position_embeddings=2048,
                  tie_word_embeddings=True),
}

CORPUS = """The bank reviews every loan application against its credit policy before approval.
A patient with chest pain is triaged within ten minutes; the nurse records vital signs.
Students learn fractions by comparing parts of a whole, then practise with word problems.
Interest accrues daily and is paid monthly; the annual percentage rate includes all fees.
Hello, world! Unicode text: café, naïve, 東京, 서울, emoji 🙂 and numbers 12345.
""" * 4

GPT2_SPLIT = r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"""
SPECIALS = ["<unk>", "<s>", "</s>"]
CHAT_TEMPLATE = (
    "{{ bos_token }}{% for message in messages %}<|{{ message['role'] }}|>\n{{ message['content'] }}\n"
    "{% endfor %}{% if add_generation_prompt %}<|assistant|>\n{% endif %}"
)


def bytes_to_unicode():
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, [chr(c) for c in cs]))


def train_bpe(vocab_size):
    byte_map = bytes_to_unicode()
    vocab = {tok: i for i, tok in enumerate(SPECIALS)}
    for b in range(256):
        vocab[byte_map[b]] = len(vocab)
    words = {}
    for piece in regex.findall(GPT2_SPLIT, CORPUS):
        key = tuple(byte_map[b] for b in piece.encode("utf-8"))
        words[key] = words.get(key, 0) + 1
    merges = []
    while len(vocab) < vocab_size:
        pairs = {}
        for word, freq in words.items():
            for a, b in zip(word, word[1:]):
                pairs[(a, b)] = pairs.get((a, b), 0) + freq
        if not pairs:
            break
        best = max(sorted(pairs), key=lambda p: pairs[p])
        merges.append(f"{best[0]} {best[1]}")
        vocab[best[0] + best[1]] = len(vocab)
        merged = {}
        for word, freq in words.items():
            out, i = [], 0
            while i < len(word):
                if i + 1 < len(word) and (word[i], word[i + 1]) == best:
                    out.append(word[i] + word[i + 1])
                    i += 2
                else:
                    out.append(word[i])
                    i += 1
            merged[tuple(out)] = merged.get(tuple(out), 0) + freq
        words = merged
    return vocab, merges


def write_tokenizer(out, vocab_size):
    vocab, merges = train_bpe(vocab_size)
    byte_level = {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True}
    tokenizer = {
        "version": "1.0", "truncation": None, "padding": None,
        "added_tokens": [
            {"id": i, "content": t, "single_word": False, "lstrip": False, "rstrip": False,
             "normalized": False, "special": True} for i, t in enumerate(SPECIALS)
        ],
        "normalizer": None, "pre_tokenizer": byte_level, "post_processor": None, "decoder": byte_level,
        "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": None,
                  "end_of_word_suffix": None, "fuse_unk": False, "byte_fallback": False,
                  "vocab": vocab, "merges": merges},
    }
    with open(os.path.join(out, "tokenizer.json"), "w", encoding="utf-8") as f:
        json.dump(tokenizer, f, ensure_ascii=False)
    config = {"bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>", "add_bos_token": False,
              "model_max_length": 2048, "tokenizer_class": "PreTrainedTokenizerFast",
              "chat_template": CHAT_TEMPLATE}
    with open(os.path.join(out, "tokenizer_config.json"), "w", encoding="utf-8") as f:
        json.dump(config, f, indent=2)
    return len(vocab)


def write_safetensors(path, tensors):
    header, offset, blobs = {}, 0, []
    for name, t in tensors.items():
        data = t.contiguous().to(torch.float32).numpy().tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    raw = json.dumps(header).encode("utf-8")
    raw += b" " * ((8 - len(raw) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(raw)))
        f.write(raw)
        for blob in blobs:
            f.write(blob)


def read_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        body = f.read()
    out = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        start, end = meta["data_offsets"]
        assert meta["dtype"] == "F32", "fixtures hold float32 weights"
        out[name] = torch.frombuffer(bytearray(body[start:end]), dtype=torch.float32).reshape(meta["shape"])
    return out


def init(out, preset, seed):
    os.makedirs(out, exist_ok=True)
    cfg = dict(PRESETS[preset])
    torch.manual_seed(seed)
    vocab_size = write_tokenizer(out, cfg["vocab_size"])
    cfg["vocab_size"] = max(vocab_size, cfg["vocab_size"])
    h, i, kv = cfg["hidden_size"], cfg["intermediate_size"], cfg["num_key_value_heads"]
    d = h // cfg["num_attention_heads"]
    std = 0.08 if preset.startswith("tiny") else 0.02
    w = {"model.embed_tokens.weight": torch.randn(cfg["vocab_size"], h) * std * 10}
    for layer in range(cfg["num_hidden_layers"]):
        p = f"model.layers.{layer}."
        w[p + "input_layernorm.weight"] = 1 + 0.1 * torch.randn(h)
        w[p + "post_attention_layernorm.weight"] = 1 + 0.1 * torch.randn(h)
        w[p + "self_attn.q_proj.weight"] = torch.randn(h, h) * std
        w[p + "self_attn.k_proj.weight"] = torch.randn(kv * d, h) * std
        w[p + "self_attn.v_proj.weight"] = torch.randn(kv * d, h) * std
        w[p + "self_attn.o_proj.weight"] = torch.randn(h, h) * std
        w[p + "mlp.gate_proj.weight"] = torch.randn(i, h) * std
        w[p + "mlp.up_proj.weight"] = torch.randn(i, h) * std
        w[p + "mlp.down_proj.weight"] = torch.randn(h, i) * std
    w["model.norm.weight"] = 1 + 0.1 * torch.randn(h)
    if not cfg["tie_word_embeddings"]:
        w["lm_head.weight"] = torch.randn(cfg["vocab_size"], h) * std
    write_safetensors(os.path.join(out, "model.safetensors"), w)
    config = {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_act": "silu",
              "rms_norm_eps": 1e-5, "rope_theta": 10000.0, "bos_token_id": 1, "eos_token_id": 2,
              "torch_dtype": "float32", "attention_bias": False, "mlp_bias": False,
              "head_dim": d, **cfg}
    with open(os.path.join(out, "config.json"), "w") as f:
        json.dump(config, f, indent=2)
    with open(os.path.join(out, "generation_config.json"), "w") as f:
        json.dump({"bos_token_id": 1, "eos_token_id": 2}, f, indent=2)


def rms_norm(x, weight, eps):
    return weight * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps))


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


def forward(model_dir, ids):
    with open(os.path.join(model_dir, "config.json")) as f:
        cfg = json.load(f)
    w = read_safetensors(os.path.join(model_dir, "model.safetensors"))
    h, heads, kv = cfg["hidden_size"], cfg["num_attention_heads"], cfg["num_key_value_heads"]
    d = cfg.get("head_dim") or h // heads
    eps = cfg["rms_norm_eps"]
    x = w["model.embed_tokens.weight"][ids]
    b, s = ids.shape
    inv_freq = 1.0 / (cfg.get("rope_theta", 10000.0) ** (torch.arange(0, d, 2, dtype=torch.float32) / d))
    freqs = torch.outer(torch.arange(s, dtype=torch.float32), inv_freq)
    emb = torch.cat((freqs, freqs), dim=-1)
    cos, sin = emb.cos(), emb.sin()
    causal = torch.full((s, s), float("-inf")).triu(1)
    for layer in range(cfg["num_hidden_layers"]):
        p = f"model.layers.{layer}."
        hn = rms_norm(x, w[p + "input_layernorm.weight"], eps)
        q = (hn @ w[p + "self_attn.q_proj.weight"].T).view(b, s, heads, d).transpose(1, 2)
        k = (hn @ w[p + "self_attn.k_proj.weight"].T).view(b, s, kv, d).transpose(1, 2)
        v = (hn @ w[p + "self_attn.v_proj.weight"].T).view(b, s, kv, d).transpose(1, 2)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        k = k.repeat_interleave(heads // kv, dim=1)
        v = v.repeat_interleave(heads // kv, dim=1)
        att = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(d) + causal, dim=-1)
        o = (att @ v).transpose(1, 2).reshape(b, s, heads * d)
        x = x + o @ w[p + "self_attn.o_proj.weight"].T
        hn = rms_norm(x, w[p + "post_attention_layernorm.weight"], eps)
        gate = torch.nn.functional.silu(hn @ w[p + "mlp.gate_proj.weight"].T)
        x = x + (gate * (hn @ w[p + "mlp.up_proj.weight"].T)) @ w[p + "mlp.down_proj.weight"].T
    x = rms_norm(x, w["model.norm.weight"], eps)
    head = w.get("lm_head.weight", w["model.embed_tokens.weight"])
    return x @ head.T


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="cmd", required=True)
    p_init = sub.add_parser("init")
    p_init.add_argument("--out", required=True)
    p_init.add_argument("--preset", default="tiny", choices=sorted(PRESETS))
    p_init.add_argument("--seed", type=int, default=0)
    p_logits = sub.add_parser("logits")
    p_logits.add_argument("--model", required=True)
    p_logits.add_argument("--ids", required=True)
    p_logits.add_argument("--out")
    args = parser.parse_args()
    if args.cmd == "init":
        init(args.out, args.preset, args.seed)
        return
    torch.set_num_threads(1)
    ids = torch.tensor(json.loads(args.ids), dtype=torch.long)
    with torch.no_grad():
        logits = forward(args.model, ids)
    result = json.dumps({"shape": list(logits.shape), "logits": logits.flatten().tolist()})
    if args.out:
        with open(args.out, "w") as f:
            f.write(result)
    else:
        print(result)


if __name__ == "__main__":
    main()
