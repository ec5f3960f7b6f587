"""Reading and writing the .safetensors format without the safetensors package.

Layout: an 8-byte little-endian header length, a JSON header mapping each tensor name to its
dtype, shape and byte range, then the raw little-endian tensor bytes.
"""

from __future__ import annotations

import json
import os
import struct
from typing import Dict, Mapping, Optional, Tuple

import torch

from .compat import optional_module
from .paths import UnsafePathError, confined

_DTYPES: Dict[str, torch.dtype] = {
    "F64": torch.float64,
    "F32": torch.float32,
    "F16": torch.float16,
    "BF16": torch.bfloat16,
    "I64": torch.int64,
    "I32": torch.int32,
    "I16": torch.int16,
    "I8": torch.int8,
    "U8": torch.uint8,
    "BOOL": torch.bool,
}
_NAMES = {v: k for k, v in _DTYPES.items()}


class SafetensorsError(ValueError):
    pass


def _tensor_bytes(t: torch.Tensor) -> bytes:
    t = t.detach().to("cpu").contiguous()
    if t.dtype == torch.bfloat16:
        # numpy has no bfloat16; its bit pattern is the same as int16's
        t = t.view(torch.int16)
    return t.numpy().tobytes()


def save_file(
    tensors: Mapping[str, torch.Tensor], path: str, metadata: Optional[Mapping[str, str]] = None
) -> None:
    header: Dict[str, object] = {}
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    blobs = []
    offset = 0
    for name in sorted(tensors):
        t = tensors[name]
        if t.dtype not in _NAMES:
            raise SafetensorsError(f"unsupported dtype {t.dtype} for {name}")
        data = _tensor_bytes(t)
        header[name] = {
            "dtype": _NAMES[t.dtype],
            "shape": list(t.shape),
            "data_offsets": [offset, offset + len(data)],
        }
        blobs.append(data)
        offset += len(data)
    raw = json.dumps(header, separators=(",", ":")).encode("utf-8")
    # The reference implementation pads the header so tensor data starts 8-byte aligned.
    raw += b" " * ((8 - len(raw) % 8) % 8)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(raw)))
        f.write(raw)
        for b in blobs:
            f.write(b)
    os.replace(tmp, path)


def read_header(path: str) -> Tuple[Dict[str, dict], Dict[str, str], int]:
    with open(path, "rb") as f:
        head = f.read(8)
        if len(head) != 8:
            raise SafetensorsError(f"{path}: file too short")
        (n,) = struct.unpack("<Q", head)
        if n > 100_000_000:
            raise SafetensorsError(f"{path}: header too large")
        header = json.loads(f.read(n).decode("utf-8"))
    metadata = header.pop("__metadata__", None) or {}
    return header, metadata, 8 + n


def load_file(path: str, device: str = "cpu") -> Dict[str, torch.Tensor]:
    fast = optional_module("safetensors")
    if fast is not None:
        # the package memory-maps the file instead of reading it whole
        from safetensors.torch import load_file as st_load

        return st_load(path, device=device)
    return read_file(path, device)


def read_file(path: str, device: str = "cpu") -> Dict[str, torch.Tensor]:
    header, _, start = read_header(path)
    with open(path, "rb") as f:
        f.seek(start)
        buf = bytearray(f.read())
    out: Dict[str, torch.Tensor] = {}
    for name, info in header.items():
        dtype = _DTYPES.get(info["dtype"])
        if dtype is None:
            raise SafetensorsError(f"{path}: unsupported dtype {info['dtype']} for {name}")
        begin, end = info["data_offsets"]
        shape = info["shape"]
        numel = 1
        for s in shape:
            numel *= s
        elem = torch.empty((), dtype=dtype).element_size()
        if end - begin != numel * elem or end > len(buf):
            raise SafetensorsError(f"{path}: bad byte range for {name}")
        if numel == 0:
            t = torch.empty(shape, dtype=dtype)
        else:
            # clone so the tensors do not pin the whole file buffer
            t = torch.frombuffer(buf, dtype=dtype, count=numel, offset=begin).reshape(shape).clone()
        out[name] = t.to(device)
    return out


def load_sharded(model_dir: str) -> Dict[str, torch.Tensor]:
    """Loads model.safetensors or every shard listed in model.safetensors.index.json."""
    single = os.path.join(model_dir, "model.safetensors")
    if os.path.exists(single):
        return load_file(single)
    index = os.path.join(model_dir, "model.safetensors.index.json")
    if not os.path.exists(index):
        raise FileNotFoundError(f"no model.safetensors in {model_dir}")
    with open(index) as f:
        weight_map = json.load(f)["weight_map"]
    if not isinstance(weight_map, dict):
        raise SafetensorsError(f"{index}: weight_map is not an object")
    # every shard name is checked before any shard is read
    try:
        shards = [confined(model_dir, shard, f"{index}: shard") for shard in sorted(set(weight_map.values()), key=str)]
    except UnsafePathError as e:
        raise SafetensorsError(str(e)) from None
    out: Dict[str, torch.Tensor] = {}
    for path in shards:
        out.update(load_file(path))
    return out
