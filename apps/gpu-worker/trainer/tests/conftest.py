import json
import os
import random
import sys

import pytest

TRAINER_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO_ROOT = os.path.abspath(os.path.join(TRAINER_DIR, "..", "..", ".."))
sys.path.insert(0, TRAINER_DIR)

import torch  # noqa: E402

from alloy_trainer.compat import setup_threads  # noqa: E402

setup_threads()

EN = ("the bank raised the rate on the loan and the market held steady while the patient "
      "rested in the hospital and the student read the lesson at school").split()
ZH = ["银行提高了贷款利率。", "病人在医院休息。", "学生在学校读书。", "市场今天保持稳定。"]


def make_corpus(path, n=300, seed=0):
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as f:
        for _ in range(n):
            # a repetitive, learnable language: sentences drawn from a small grammar
            start = rng.randrange(len(EN) - 12)
            text = " ".join(EN[start:start + 12]) + " " + rng.choice(ZH)
            f.write(json.dumps({"text": text}, ensure_ascii=False) + "\n")
    return path


def make_chat(path, n=120, seed=0):
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as f:
        for _ in range(n):
            a, b = rng.randrange(10), rng.randrange(10)
            msgs = [
                {"role": "system", "content": "You add numbers."},
                {"role": "user", "content": f"what is {a} plus {b}"},
                {"role": "assistant", "content": f"{a} plus {b} is {a + b}"},
            ]
            f.write(json.dumps({"messages": msgs}) + "\n")
    return path


def make_mc(path, n=20, seed=0):
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as f:
        for _ in range(n):
            a, b = rng.randrange(10), rng.randrange(10)
            choices = [str(a + b), str(a + b + 1), str(a + b + 2)]
            rng.shuffle(choices)
            f.write(json.dumps({"question": f"what is {a} plus {b}", "choices": choices,
                                "answer": choices.index(str(a + b))}) + "\n")
    return path


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("data")
    make_corpus(str(d / "corpus.jsonl"))
    make_corpus(str(d / "general.jsonl"), n=100, seed=7)
    make_corpus(str(d / "heldout.jsonl"), n=30, seed=3)
    make_chat(str(d / "chat.jsonl"))
    make_mc(str(d / "mc.jsonl"))
    return d


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory, data_dir):
    from alloy_trainer.init_model import init_model, read_texts
    from alloy_trainer.presets import PRESETS

    out = tmp_path_factory.mktemp("tiny") / "model"
    texts = list(read_texts(str(data_dir / "corpus.jsonl"))) + list(read_texts(str(data_dir / "chat.jsonl")))
    init_model(dict(PRESETS["tiny"]), texts, str(out), seed=1)
    return out


# A test that hangs (a stuck collective, a child that never writes) must fail, not stall CI.
TEST_TIMEOUT_S = int(os.environ.get("ALLOY_TEST_TIMEOUT_S", "300"))


@pytest.fixture(autouse=True)
def _time_limit(request):
    import signal

    def expire(signum, frame):
        raise TimeoutError(f"{request.node.name} ran past {TEST_TIMEOUT_S} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(TEST_TIMEOUT_S)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
