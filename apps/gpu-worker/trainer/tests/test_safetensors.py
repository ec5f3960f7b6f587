import json
import struct

import pytest
import torch

from alloy_trainer import safetensors_io


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


def test_the_safetensors_package_reads_our_files_when_installed(tmp_path):
    st = pytest.importorskip("safetensors.torch")
    path = str(tmp_path / "x.safetensors")
    t = {"a": torch.randn(4, 3), "b": torch.randn(5).to(torch.bfloat16)}
    safetensors_io.save_file(t, path)
    back = st.load_file(path)
    assert all(torch.equal(back[k], t[k]) for k in t)
