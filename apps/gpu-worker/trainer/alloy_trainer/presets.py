"""Named model configurations for models trained from scratch (LlamaConfig fields)."""

from __future__ import annotations

import json
import os
from typing import Any, Dict

PRESETS: Dict[str, Dict[str, Any]] = {
    # test size: runs a training step in milliseconds on a CPU
    "tiny": dict(vocab_size=512, hidden_size=64, intermediate_size=172, num_hidden_layers=2,
                 num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=256,
                 tie_word_embeddings=True),
    # about 0.9M parameters with its vocabulary, the serving-overhead model of MEASURED.md
    "mini": dict(vocab_size=1024, hidden_size=128, intermediate_size=344, num_hidden_layers=4,
                 num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=512,
                 tie_word_embeddings=True),
    # about 34M parameters, the serving benchmark size
    "34m": dict(vocab_size=8192, hidden_size=512, intermediate_size=1376, num_hidden_layers=8,
                num_attention_heads=8, num_key_value_heads=4, max_position_embeddings=2048,
                tie_word_embeddings=False),
    # about 100M parameters, the GPU benchmark size
    "100m": dict(vocab_size=32000, hidden_size=768, intermediate_size=2048, num_hidden_layers=12,
                 num_attention_heads=12, num_key_value_heads=4, max_position_embeddings=2048,
                 tie_word_embeddings=False),
}


def resolve_config(arg: str) -> Dict[str, Any]:
    """A preset name, a path to a JSON file, or inline JSON."""
    if arg in PRESETS:
        return dict(PRESETS[arg])
    if os.path.exists(arg):
        with open(arg) as f:
            return json.load(f)
    try:
        value = json.loads(arg)
    except json.JSONDecodeError:
        raise ValueError(f"--config: not a preset ({', '.join(PRESETS)}), a file or JSON: {arg}")
    if not isinstance(value, dict):
        raise ValueError("--config JSON must be an object")
    if "preset" in value:
        base = dict(PRESETS[value.pop("preset")])
        base.update(value)
        return base
    return value
