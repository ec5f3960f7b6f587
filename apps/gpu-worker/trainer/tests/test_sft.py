import pytest
import torch

from alloy_trainer.data import IGNORE, PackedBlocks, chat_blocks
from alloy_trainer.tokenizer import IM_END, Tokenizer

from helpers import by_type, losses, run_inprocess, spec


@pytest.fixture(scope="module")
def tok(tiny_model_dir):
    return Tokenizer.from_dir(str(tiny_model_dir))


def test_only_assistant_tokens_carry_loss(tok, data_dir):
    blocks = chat_blocks([(str(data_dir / "chat.jsonl"), "datasets.0.path")], tok, 128, pack=False, seed=0)
    b = blocks.get([0])
    ids, tg = b["input_ids"][0].tolist(), b["targets"][0].tolist()
    learned = [t for t in tg if t != IGNORE]
    text = tok.decode(learned)
    # the assistant reply and its end-of-turn token, nothing from the system or user turns
    assert text.endswith(IM_END) and " plus " in text and " is " in text
    assert "You add numbers" not in text and "what is" not in text and "assistant" not in text
    for j, t in enumerate(tg):
        if t != IGNORE:
            assert t == ids[j + 1]


def test_packing_keeps_examples_apart(tok):
    ex = [tok.encode_chat([{"role": "user", "content": f"q{i}"}, {"role": "assistant", "content": f"a{i}"}])
          for i in range(6)]
    packed = PackedBlocks(ex, 64, pad_id=3, pack=True, seed=0)
    single = PackedBlocks(ex, 64, pad_id=3, pack=False, seed=0)
    assert packed.n < single.n == 6
    b = packed.get([0])
    seg, pos, tg = b["segment_ids"][0], b["position_ids"][0], b["targets"][0]
    n_segments = int(seg.max()) + 1
    assert n_segments >= 2
    for s in range(n_segments):
        where = (seg == s).nonzero()[:, 0]
        assert pos[where].tolist() == list(range(len(where)))  # positions restart per example
        assert tg[where[-1]] == IGNORE  # no target reaches into the next example
    # the same loss tokens, packed or not
    assert int((packed.targets != IGNORE).sum()) == int((single.targets != IGNORE).sum())


def test_packed_and_unpacked_batches_give_the_same_loss(tiny_model_dir, tok):
    from alloy_trainer.hf_dir import load_model
    import torch.nn.functional as F

    model = load_model(str(tiny_model_dir)).eval()
    ex = [tok.encode_chat([{"role": "user", "content": f"question {i}"}, {"role": "assistant", "content": f"answer {i}"}])
          for i in range(4)]

    def total(blocks):
        b = blocks.get(range(blocks.n))
        with torch.no_grad():
            logits = model(b["input_ids"], b["position_ids"], b["segment_ids"])
        return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), b["targets"].reshape(-1),
                               ignore_index=IGNORE, reduction="sum").item()

    assert total(PackedBlocks(ex, 96, 3, True, 0)) == pytest.approx(total(PackedBlocks(ex, 96, 3, False, 0)), rel=1e-4)


def test_sft_run_lowers_the_loss_on_assistant_tokens(tiny_model_dir, tmp_path, data_dir, capsys):
    s = spec(tmp_path, data_dir, kind="sft", base={"path": str(tiny_model_dir)},
             datasets=[{"path": str(data_dir / "chat.jsonl"), "role": "train", "format": "chat"},
                       {"path": str(data_dir / "chat.jsonl"), "role": "eval", "format": "chat"}],
             hyperparameters={"maxSteps": 25, "batchSize": 4, "seqLen": 128, "learningRate": 3e-3})
    del s["modelConfig"], s["tokenizer"]
    code, ev = run_inprocess(tmp_path, s, capsys)
    assert code == 0, ev
    ls = losses(ev)
    assert ls[25] < 0.6 * ls[1]
    man = by_type(ev, "completed")[0]["manifest"]
    assert man["kind"] == "sft" and man["metrics"]["evalLoss"] < ls[1]
