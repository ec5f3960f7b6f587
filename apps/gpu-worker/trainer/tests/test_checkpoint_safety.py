"""Reading a checkpoint or a sharded model runs no code from it and never leaves its directory."""

import json
import math
import os

import pytest
import torch

from alloy_trainer import checkpoint as ckpt
from alloy_trainer import compat, safetensors_io
from alloy_trainer.checkpoint import CheckpointError
from alloy_trainer.safetensors_io import SafetensorsError

from helpers import by_type, run_inprocess, spec


class WritesMarker:
    """Unpickling this runs exec, which creates the marker file."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (exec, (f"open({self.marker!r}, 'w').write('ran')",))


def _malicious_checkpoint(ckpt_dir, marker, step=4):
    name = f"step-{step:08d}"
    os.makedirs(ckpt_dir / name)
    torch.save({"step": step, "payload": WritesMarker(str(marker))}, str(ckpt_dir / name / "state.pt"))
    (ckpt_dir / "LATEST").write_text(name + "\n")
    return ckpt_dir / name


def test_a_pickle_that_runs_code_is_refused_without_running_it(tmp_path):
    marker = tmp_path / "marker"
    path = _malicious_checkpoint(tmp_path / "ckpt", marker)
    assert ckpt.latest(str(tmp_path / "ckpt")) == str(path)
    with pytest.raises(CheckpointError, match="refused to load it"):
        ckpt.read_state(str(path))
    assert not marker.exists()


def test_a_run_over_a_malicious_checkpoint_fails_clearly_and_runs_no_code(tmp_path, data_dir, capsys):
    marker = tmp_path / "marker"
    s = spec(tmp_path, data_dir, output={"dir": str(tmp_path / "out" / "model"),
                                         "checkpointDir": str(tmp_path / "ckpt")})
    _malicious_checkpoint(tmp_path / "ckpt", marker)
    code, events = run_inprocess(tmp_path, s, capsys)
    assert code == 1
    failed = by_type(events, "failed")[0]
    assert "refused to load it" in failed["reason"] and failed["retryable"] is False
    assert not marker.exists()
    assert not by_type(events, "completed")


def test_the_state_round_trips_through_the_weights_only_loader(tmp_path):
    model = torch.nn.Linear(3, 2)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3, betas=(0.9, 0.95))
    model(torch.randn(4, 3)).sum().backward()
    opt.step()
    path = ckpt.save(str(tmp_path / "ckpt"), 7, model, opt, {"specHash": "abc", "jobId": "j", "fsdp": False,
                                                              "odd": {1: (1.5, float("inf"))}})
    assert ckpt.latest(str(tmp_path / "ckpt")) == path
    state = ckpt.read_state(path)
    assert state["step"] == 7 and state["specHash"] == "abc" and state["fsdp"] is False
    assert state["odd"][1][0] == 1.5 and math.isinf(state["odd"][1][1])
    assert torch.equal(state["rng_cpu"], torch.get_rng_state())
    expected = opt.state_dict()
    assert state["optimizer"]["param_groups"] == expected["param_groups"]
    for k, v in expected["state"].items():
        for name, t in v.items():
            assert torch.equal(torch.as_tensor(state["optimizer"]["state"][k][name]), torch.as_tensor(t))
    fresh = torch.optim.AdamW(model.parameters(), lr=5.0)
    ckpt.restore_state(state, fresh)
    assert fresh.param_groups[0]["lr"] == 1e-3 and tuple(fresh.param_groups[0]["betas"]) == (0.9, 0.95)


def test_a_torch_without_weights_only_refuses_instead_of_unpickling(tmp_path, monkeypatch):
    marker = tmp_path / "marker"
    path = _malicious_checkpoint(tmp_path / "ckpt", marker)

    def old_load(f, map_location=None):
        raise AssertionError("must not be called")

    monkeypatch.setattr(torch, "load", old_load)
    with pytest.raises(compat.UnsafeLoadUnsupported, match="weights_only"):
        ckpt.read_state(str(path))
    assert not marker.exists()


@pytest.mark.parametrize("entry", ["../../etc", "/etc", "step-00000001/../../x", "sub/step-00000001",
                                   "step-1\\..\\..", "..", ".", ""])
def test_latest_must_name_a_step_directory_inside_the_checkpoint_directory(tmp_path, entry):
    (tmp_path / "ckpt" / "step-00000001").mkdir(parents=True)
    (tmp_path / "ckpt" / "LATEST").write_text(entry + "\n")
    with pytest.raises(CheckpointError, match="LATEST"):
        ckpt.latest(str(tmp_path / "ckpt"))


def test_latest_through_a_symlink_out_of_the_checkpoint_directory_is_refused(tmp_path):
    outside = tmp_path / "elsewhere" / "step-00000003"
    outside.mkdir(parents=True)
    (tmp_path / "ckpt").mkdir()
    os.symlink(outside, tmp_path / "ckpt" / "step-00000003")
    (tmp_path / "ckpt" / "LATEST").write_text("step-00000003\n")
    with pytest.raises(CheckpointError, match="outside"):
        ckpt.latest(str(tmp_path / "ckpt"))


def _sharded(model_dir, shard_name):
    model_dir.mkdir(parents=True, exist_ok=True)
    (model_dir / "model.safetensors.index.json").write_text(
        json.dumps({"metadata": {}, "weight_map": {"a": "model-00001-of-00001.safetensors", "b": shard_name}}))
    safetensors_io.save_file({"a": torch.ones(2)}, str(model_dir / "model-00001-of-00001.safetensors"))


def test_sharded_models_load_from_their_own_shards(tmp_path):
    _sharded(tmp_path / "m", "model-00001-of-00001.safetensors")
    assert set(safetensors_io.load_sharded(str(tmp_path / "m"))) == {"a"}


@pytest.mark.parametrize("shard", ["../outside.safetensors", None, "sub/x.safetensors", "sub\\x.safetensors",
                                   "..", "", 3])
def test_a_shard_name_with_a_path_is_refused(tmp_path, shard):
    safetensors_io.save_file({"secret": torch.zeros(1)}, str(tmp_path / "outside.safetensors"))
    if shard is None:
        shard = str(tmp_path / "outside.safetensors")  # absolute
    _sharded(tmp_path / "m", shard)
    with pytest.raises(SafetensorsError, match="shard"):
        safetensors_io.load_sharded(str(tmp_path / "m"))


def test_a_shard_symlinked_out_of_the_model_directory_is_refused(tmp_path):
    safetensors_io.save_file({"secret": torch.zeros(1)}, str(tmp_path / "outside.safetensors"))
    _sharded(tmp_path / "m", "model-00002-of-00002.safetensors")
    os.symlink(tmp_path / "outside.safetensors", tmp_path / "m" / "model-00002-of-00002.safetensors")
    with pytest.raises(SafetensorsError, match="outside"):
        safetensors_io.load_sharded(str(tmp_path / "m"))
