"""A .safetensors reader written from the published format alone (huggingface/safetensors, README
"Format"), sharing no code with alloy_trainer.safetensors_io: a mistake our writer and our reader
make alike (a byte order, a dtype name, an offset) reads back as correct there, but not here.

The format: 8 bytes, an unsigned little-endian 64-bit integer N; N bytes of a UTF-8 JSON object
(it may end in spaces) that maps each tensor name to {"dtype", "shape", "data_offsets": [begin,
end]}, the offsets relative to the byte after the header, plus an optional "__metadata__" object
of strings; then the tensors' bytes, little-endian, in row-major order, with no gap and nothing
left over.
"""

import json
import math
import struct

import numpy as np
import torch

# element sizes and little-endian numpy equivalents; BF16 has none (converted below)
_NUMPY = {"F64": "<f8", "F32": "<f4", "F16": "<f2", "I64": "<i8", "I32": "<i4", "I16": "<i2",
          "I8": "i1", "U8": "u1", "BOOL": "?"}
_SIZE = {**{k: np.dtype(v).itemsize for k, v in _NUMPY.items()}, "BF16": 2}
_TORCH = {"F64": torch.float64, "F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16,
          "I64": torch.int64, "I32": torch.int32, "I16": torch.int16, "I8": torch.int8,
          "U8": torch.uint8, "BOOL": torch.bool}


def read(path):
    """(tensors, metadata): each tensor as (dtype name, shape, numpy array). A BF16 tensor comes as
    float32, which holds every bfloat16 value exactly (bfloat16 is float32's upper 16 bits)."""
    with open(path, "rb") as f:
        raw = f.read()
    assert len(raw) >= 8, "shorter than the header length"
    (n,) = struct.unpack("<Q", raw[:8])
    assert 8 + n <= len(raw), f"header length {n} runs past the end of the file"
    text = raw[8:8 + n].decode("utf-8")
    assert text.startswith("{") and text.rstrip(" ").endswith("}"), "the header is not a JSON object"
    header = json.loads(text)
    metadata = header.pop("__metadata__", {})
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in metadata.items()), metadata
    data = raw[8 + n:]
    # the byte ranges, in order, tile the data exactly
    end = 0
    for begin, stop, name in sorted((e["data_offsets"][0], e["data_offsets"][1], k) for k, e in header.items()):
        assert begin == end, f"{name} starts at {begin}, not at {end}"
        end = stop
    assert end == len(data), f"the tensors cover {end} bytes of {len(data)}"
    tensors = {}
    for name, e in header.items():
        assert set(e) == {"dtype", "shape", "data_offsets"}, (name, e)
        dtype, shape = e["dtype"], e["shape"]
        begin, stop = e["data_offsets"]
        assert stop - begin == math.prod(shape) * _SIZE[dtype], f"{name}: {stop - begin} bytes for {dtype} {shape}"
        chunk = data[begin:stop]
        if dtype == "BF16":
            bits = np.frombuffer(chunk, dtype="<u2").astype("<u4") << 16
            array = bits.view("<f4")
        else:
            array = np.frombuffer(chunk, dtype=_NUMPY[dtype])
        tensors[name] = (dtype, shape, array.reshape(shape))
    return tensors, metadata


def torch_dtype(name):
    return _TORCH[name]


def as_float64(path):
    """Every tensor of the file as a float64 torch tensor, and the metadata."""
    tensors, metadata = read(path)
    return {k: torch.from_numpy(a.astype(np.float64)) for k, (_, _, a) in tensors.items()}, metadata
