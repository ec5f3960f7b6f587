import json
import struct

import pytest
import torch

from alloy_trainer import safetensors_io

import safetensors_by_hand


def test_round_trip_keeps_values_dtypes_and_shapes(tmp_path):
    tensors = {
        "a.weight": torch.randn(3, 5),
        "b": torch.randn(7).to(torch.bfloat16),
        "c": torch.randn(2, 2).half(),
        "ids": torch.arange(6, dtype=torch.int64).reshape(2, 3),
        "empty": torch.zeros(0, 4),
    }
    path = str(tmp_path / "x.safetensors")
    safetensors_io.save_file(tensors, path, metadata={"format": "pt"})
    back = safetensors_io.read_file(path)
    assert set(back) == set(tensors)
    for k, v in tensors.items():
        assert back[k].dtype == v.dtype and back[k].shape == v.shape
        assert torch.equal(back[k], v)


def test_file_layout_is_the_safetensors_format(tmp_path):
    path = str(tmp_path / "x.safetensors")
    t = torch.tensor([1.0, 2.0], dtype=torch.float32)
    safetensors_io.save_file({"w": t}, path, metadata={"format": "pt"})
    raw = open(path, "rb").read()
    (n,) = struct.unpack("<Q", raw[:8])
    assert n % 8 == 0
    header = json.loads(raw[8:8 + n])
    assert header["__metadata__"] == {"format": "pt"}
    assert header["w"] == {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}
    assert raw[8 + n:] == struct.pack("<2f", 1.0, 2.0)


def test_truncated_file_is_rejected(tmp_path):
    path = str(tmp_path / "x.safetensors")
    safetensors_io.save_file({"w": torch.randn(100)}, path)
    data = open(path, "rb").read()
    open(path, "wb").write(data[:-40])
    with pytest.raises(safetensors_io.SafetensorsError):
        safetensors_io.read_file(path)


def test_our_files_read_as_the_published_format_says(tmp_path):
    """What the safetensors package (or transformers, or onnxruntime-genai's builder) would read
    from our files, by a reader written from the format alone: names, dtypes, shapes, values."""
    tensors = {
        "a.weight": torch.randn(4, 3),
        "b": torch.tensor([1.0, -2.5, 3.140625, 0.0, -0.0, 65280.0, 1e-20]).to(torch.bfloat16),
        "c": torch.randn(2, 3, 2).half(),
        "d": torch.randn(5, dtype=torch.float64),
        "ids": torch.tensor([[-(2 ** 40), -1, 0], [1, 2 ** 33, 7]], dtype=torch.int64),
        "i32": torch.tensor([-(2 ** 31), 2 ** 31 - 1], dtype=torch.int32),
        "i16": torch.tensor([-300, 300], dtype=torch.int16),
        "i8": torch.tensor([-128, 127], dtype=torch.int8),
        "u8": torch.tensor([0, 255], dtype=torch.uint8),
        "mask": torch.tensor([True, False, True]),
        "empty": torch.zeros(0, 4),
        "scalar": torch.tensor(2.5),
    }
    path = str(tmp_path / "x.safetensors")
    safetensors_io.save_file(tensors, path, metadata={"format": "pt"})
    back, metadata = safetensors_by_hand.read(path)
    assert metadata == {"format": "pt"}
    assert set(back) == set(tensors)
    for name, t in tensors.items():
        dtype, shape, array = back[name]
        assert safetensors_by_hand.torch_dtype(dtype) == t.dtype, name
        assert shape == list(t.shape), name
        want = t.float() if t.dtype == torch.bfloat16 else t
        assert torch.equal(torch.from_numpy(array.copy()), want), name


def test_a_saved_model_reads_as_the_published_format_says(tmp_path):
    """A model directory's weights, in float32 and in bfloat16, as other readers see them."""
    from alloy_trainer.hf_dir import save_model
    from alloy_trainer.model import LlamaConfig, LlamaForCausalLM

    cfg = LlamaConfig(vocab_size=64, hidden_size=16, intermediate_size=24, num_hidden_layers=2,
                      num_attention_heads=4, num_key_value_heads=2, tie_word_embeddings=False)
    model = LlamaForCausalLM(cfg)
    model.init_weights(5)
    want = model.hf_state_dict()
    for dtype, name in ((torch.float32, "F32"), (torch.bfloat16, "BF16")):
        out = tmp_path / name
        save_model(model, str(out), dtype=dtype)
        back, metadata = safetensors_by_hand.read(str(out / "model.safetensors"))
        assert metadata == {"format": "pt"}
        assert set(back) == set(want)
        for k, t in want.items():
            dtype_name, shape, array = back[k]
            assert dtype_name == name and shape == list(t.shape), k
            assert torch.equal(torch.from_numpy(array.copy()), t.to(dtype).float()), k
