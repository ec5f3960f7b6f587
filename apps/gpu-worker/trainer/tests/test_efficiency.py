"""Gradient checkpointing, accumulation and bf16 change speed or memory, not the result."""

import pytest
import torch
import torch.nn.functional as F

from alloy_trainer.hf_dir import load_model

from helpers import losses, run_inprocess, spec


def _loss_and_grads(model, ids):
    model.zero_grad()
    logits = model(ids[:, :-1])
    loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), ids[:, 1:].reshape(-1))
    loss.backward()
    return loss.item(), {n: p.grad.clone() for n, p in model.named_parameters()}


def test_gradient_checkpointing_gives_the_same_gradients(tiny_model_dir):
    model = load_model(str(tiny_model_dir)).train()
    ids = torch.randint(0, 500, (2, 33), generator=torch.Generator().manual_seed(0))
    l1, g1 = _loss_and_grads(model, ids)
    model.set_gradient_checkpointing(True)
    l2, g2 = _loss_and_grads(model, ids)
    assert l1 == pytest.approx(l2, rel=1e-6)
    for n in g1:
        assert torch.allclose(g1[n], g2[n], atol=1e-6), n


def test_gradient_accumulation_matches_one_big_batch(tmp_path, data_dir, capsys):
    runs = {}
    for accum in (1, 4):
        s = spec(tmp_path, data_dir, jobId=f"acc{accum}",
                 hyperparameters={"maxSteps": 4, "batchSize": 8, "gradientAccumulation": accum,
                                  "gradientCheckpointing": accum == 4},
                 output={"dir": str(tmp_path / f"a{accum}" / "model")})
        code, ev = run_inprocess(tmp_path, s, capsys, name=f"acc{accum}.json")
        assert code == 0, ev
        runs[accum] = losses(ev)
    for step in runs[1]:
        assert runs[4][step] == pytest.approx(runs[1][step], rel=1e-4), step


def test_bf16_autocast_runs_on_the_cpu(tmp_path, data_dir, capsys):
    s = spec(tmp_path, data_dir, precision="bf16", hyperparameters={"maxSteps": 3})
    code, ev = run_inprocess(tmp_path, s, capsys)
    assert code == 0, ev
    assert all(l == l for l in losses(ev).values())  # finite, not NaN
