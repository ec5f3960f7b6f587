"""A killed run, started again with the same spec, continues the same run."""

import json
import tempfile
import os
import signal

import pytest

from helpers import by_type, cli, losses, parse_events, spec, write_spec

STEPS = 12


def _spec(tmp_path, data_dir, name, variant="full", **hp):
    s = spec(tmp_path, data_dir, hyperparameters={"maxSteps": STEPS, "batchSize": 4, "checkpointEvery": 4, **hp},
             output={"dir": str(tmp_path / name / "model")})
    if variant == "lora":
        # LoRA dropout draws random numbers, so resuming must also restore the RNG state
        s.update(kind="sft", method="lora", base={"path": str(data_dir / "base")},
                 datasets=[{"path": str(data_dir / "chat.jsonl"), "role": "train", "format": "chat"}])
        s["hyperparameters"].update(seqLen=128, lora={"rank": 4, "dropout": 0.3})
        del s["modelConfig"], s["tokenizer"]
    return s


def _run_to_end(path):
    p = cli(["run", "--spec", path])
    out, err = p.communicate(timeout=300)
    return p.returncode, parse_events(out), err


def _run_until_checkpoint(path, sig, at_step):
    """Starts a run and sends `sig` once the checkpoint of `at_step` is announced."""
    with tempfile.TemporaryFile(mode="w+") as stderr:
        p = cli(["run", "--spec", path], stderr=stderr)
        lines = []
        for line in p.stdout:
            lines.append(line)
            e = json.loads(line)
            if e["type"] == "checkpoint" and e["step"] >= at_step:
                p.send_signal(sig)
                break
        rest, _ = p.communicate(timeout=300)
        stderr.seek(0)
        err = stderr.read()
    return p.returncode, parse_events("".join(lines) + rest), err


def _reference(tmp, data_dir, variant):
    code, ev, err = _run_to_end(write_spec(tmp, _spec(tmp, data_dir, "ref", variant)))
    assert code == 0, err
    return ev


@pytest.fixture(scope="module")
def reference(tmp_path_factory, data_dir):
    return _reference(tmp_path_factory.mktemp("ref"), data_dir, "full")


@pytest.fixture(scope="module")
def lora_base(data_dir, tiny_model_dir):
    import shutil

    if not (data_dir / "base").exists():
        shutil.copytree(tiny_model_dir, data_dir / "base")


@pytest.mark.parametrize("variant", ["full", "lora"])
def test_resume_after_sigkill_reproduces_the_losses(variant, reference, lora_base, tmp_path, data_dir):
    if variant == "lora":
        reference = _reference(tmp_path, data_dir, "lora")
    ref_losses = losses(reference)
    path = write_spec(tmp_path, _spec(tmp_path, data_dir, "killed", variant), "killed.json")
    code, ev, _ = _run_until_checkpoint(path, signal.SIGKILL, 4)
    assert code == -signal.SIGKILL
    killed_at = max(losses(ev))
    code, ev2, err = _run_to_end(path)
    assert code == 0, err
    resumed = losses(ev2)
    start = by_type(ev2, "started")[0]["resumedFromStep"]
    assert start >= 4 and min(resumed) == start + 1 and killed_at >= start
    assert max(resumed) == STEPS
    for step, loss in resumed.items():
        assert loss == pytest.approx(ref_losses[step], rel=1e-5, abs=1e-6), step
    # the result's counters are the whole run's, as if it had never been killed
    got = by_type(ev2, "completed")[0]["manifest"]["metrics"]
    want = by_type(reference, "completed")[0]["manifest"]["metrics"]
    assert got["steps"] == want["steps"] == STEPS
    assert got["tokens"] == want["tokens"] > 0


def test_sigterm_checkpoints_and_exits_retryable(reference, tmp_path, data_dir):
    path = write_spec(tmp_path, _spec(tmp_path, data_dir, "term"))
    code, ev, _ = _run_until_checkpoint(path, signal.SIGTERM, 4)
    assert code == 75
    failed = by_type(ev, "failed")[-1]
    assert failed["retryable"] is True and "signal" in failed["reason"]
    last_ckpt = by_type(ev, "checkpoint")[-1]
    assert os.path.isdir(last_ckpt["path"])
    code, ev2, err = _run_to_end(path)
    assert code == 0, err
    assert by_type(ev2, "started")[0]["resumedFromStep"] == last_ckpt["step"]
    for step, loss in losses(ev2).items():
        assert loss == pytest.approx(losses(reference)[step], rel=1e-5, abs=1e-6), step


def test_a_checkpoint_of_another_spec_is_not_used(reference, tmp_path, data_dir):
    s = _spec(tmp_path, data_dir, "other")
    path = write_spec(tmp_path, s)
    _run_until_checkpoint(path, signal.SIGKILL, 4)
    s["hyperparameters"]["learningRate"] = 1e-3  # another run; same checkpoint folder
    code, ev, err = _run_to_end(write_spec(tmp_path, s))
    assert code == 0, err
    assert "resumedFromStep" not in by_type(ev, "started")[0]
    assert min(losses(ev)) == 1
