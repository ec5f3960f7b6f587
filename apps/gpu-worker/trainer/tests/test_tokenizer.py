import json
import os
import shutil
import subprocess

import pytest

from alloy_trainer.bpe_trainer import train_bpe
from alloy_trainer.tokenizer import IM_END, IM_START, Tokenizer

from conftest import REPO_ROOT

SAMPLES = [
    "the bank raised the rate on the loan",
    "银行提高了贷款利率。病人在医院休息。",
    "Mixed 中文 and English, numbers 12345 and  double  spaces\n\nnew lines\ttabs",
    "emoji 🙂👍🏽 and accents café naïve, Japanese 日本語, Korean 한국어",
    "",
]


@pytest.fixture(scope="module")
def tok(tiny_model_dir):
    return Tokenizer.from_dir(str(tiny_model_dir))


def test_round_trips_chinese_english_and_unseen_text_exactly(tok):
    for s in SAMPLES:
        assert tok.decode(tok.encode(s)) == s


def test_training_learns_merges_that_compress_the_corpus(tok):
    text = "the bank raised the rate on the loan 银行提高了贷款利率。"
    ids = tok.encode(text)
    assert len(ids) < len(text.encode("utf-8")) / 2
    assert len(tok.merges) > 100


def test_training_is_deterministic():
    texts = ["aaa bbb aaa ccc 中文中文"] * 5 + ["bbb ccc ddd"] * 3
    a, b = train_bpe(texts, 300), train_bpe(list(texts), 300)
    assert a.merges == b.merges and a.vocab == b.vocab


def test_chat_encoding_marks_only_assistant_tokens(tok):
    msgs = [{"role": "user", "content": "hi there"}, {"role": "assistant", "content": "hello"}]
    ids, mask = tok.encode_chat(msgs)
    trained = [i for i, m in zip(ids, mask) if m]
    assert tok.decode(trained) == "hello" + IM_END
    assert tok.decode(ids) == f"{IM_START}user\nhi there{IM_END}\n{IM_START}assistant\nhello{IM_END}\n"


NODE_SCRIPT = r"""
const { Tokenizer } = require(process.argv[2]);
const fs = require('fs');
const dir = process.argv[3];
const tj = JSON.parse(fs.readFileSync(dir + '/tokenizer.json', 'utf8'));
const tc = JSON.parse(fs.readFileSync(dir + '/tokenizer_config.json', 'utf8'));
const t = new Tokenizer(tj, tc);
const texts = JSON.parse(fs.readFileSync(0, 'utf8'));
const out = texts.map((s) => {
  const ids = t.encode(s, { add_special_tokens: false }).ids;
  return { ids, decoded: ids.length ? t.decode(ids) : '' };
});
console.log(JSON.stringify(out));
"""


def test_javascript_tokenizers_load_the_file_and_agree(tok, tiny_model_dir, tmp_path):
    pkg = os.path.join(REPO_ROOT, "node_modules", "@huggingface", "tokenizers", "dist", "tokenizers.cjs")
    if not shutil.which("node") or not os.path.exists(pkg):
        pytest.skip("node or @huggingface/tokenizers not installed")
    script = tmp_path / "enc.cjs"
    script.write_text(NODE_SCRIPT)
    chat = "<|im_start|>user\nhi 你好<|im_end|>\n<|im_start|>assistant\n"
    texts = [s for s in SAMPLES if s] + [chat]
    res = subprocess.run(["node", str(script), pkg, str(tiny_model_dir)], input=json.dumps(texts),
                         capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stderr
    js = json.loads(res.stdout)
    for s, r in zip(texts[:-1], js):
        assert r["ids"] == tok.encode(s), s
        assert r["decoded"] == s
    msgs = [{"role": "user", "content": "hi 你好"}]
    ids, _ = tok.encode_chat(msgs)
    header = [tok.token_id(IM_START)] + tok.encode("assistant\n")
    assert js[-1]["ids"] == ids + header
