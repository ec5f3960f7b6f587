"""Everything an evaluate job measures (libs/contracts, issue 12 section 3).

Metrics: domain perplexity over the eval corpora, general perplexity over general_eval (to see
forgetting), multiple-choice accuracy, safety pass rates, and generation samples; details of each
safety case, each sample and each dataset measured go to manifest.evaluation. Nothing here draws a
random number, and datasets are read in spec order, so the same model on the same files gives the
same report twice.
"""

from __future__ import annotations

import math
from typing import Any, Dict, List, Tuple

from .data import corpus_texts, mc_records, safety_records
from .evaluate import loss_metrics, mc_metrics, mc_score
from .events import Events
from .generate import Generator, first_words
from .safety_rules import pass_rates, passes

DEFAULT_MAX_NEW_TOKENS = 48
# the default samples: a few prompts the model must answer, and a few held-out documents continued
SAMPLE_ANSWER_PROMPTS = 3
SAMPLE_DOCUMENTS = 3
SAMPLE_WORDS = 8


def _row(d: Dict[str, Any], documents: int, tokens: int) -> Dict[str, Any]:
    split = d.get("split", "all") if d["format"] == "corpus" else "all"
    return {"versionId": d.get("versionId"), "role": d["role"], "split": split,
            "documents": int(documents), "tokens": int(tokens)}


def _of_role(t, role: str):
    return [(i, d, f"datasets.{i}.path") for i, d in enumerate(t.job.datasets) if d["role"] == role]


def _safety(t, gen: Generator, rows: Dict[int, dict]) -> List[dict]:
    cases = []
    for i, d, field in _of_role(t, "safety_eval"):
        before, n = gen.generated, 0
        for rec in safety_records(d["path"], field):
            answer = gen.chat(rec["prompt"])
            cases.append({"id": rec["id"], "prompt": rec["prompt"], "expect": rec["expect"],
                          "passed": passes(rec["expect"], answer), "answer": answer})
            n += 1
        rows[i] = _row(d, n, gen.generated - before)
    return cases


def _samples(t, gen: Generator, cases: List[dict]) -> List[dict]:
    prompts = (t.job.spec.get("evaluation") or {}).get("samplePrompts")
    if prompts:
        return [{"prompt": p, "output": gen.chat(p), "mode": "chat"} for p in prompts]
    # the safety answers were generated the same way (greedy, same length): reuse them
    out = [{"prompt": c["prompt"], "output": c["answer"], "mode": "chat"}
           for c in cases if c["expect"] == "answer"][:SAMPLE_ANSWER_PROMPTS]
    corpora = [(i, d, f) for i, d, f in _of_role(t, "eval") if d["format"] == "corpus"]
    if corpora:
        _, d, field = corpora[0]
        for n, text in enumerate(corpus_texts(d["path"], field, "heldout")):
            if n == SAMPLE_DOCUMENTS:
                break
            prompt = first_words(text, SAMPLE_WORDS)
            out.append({"prompt": prompt, "output": gen.complete(prompt), "mode": "completion"})
    return out


def evaluate_all(t, events: Events) -> Tuple[Dict[str, float], Dict[str, Any]]:
    """(manifest.metrics, manifest.evaluation) for a set-up Trainer of an evaluate job."""
    rows: Dict[int, dict] = {}
    evals, generals = t.measure(t.evals), t.measure(t.eval_sets("general_eval"))
    for m in evals + generals:
        rows[m.index] = _row(m.dataset, m.documents, m.tokens)
    metrics: Dict[str, float] = {}
    metrics.update(loss_metrics(evals, "evalLoss", "perplexity"))
    metrics.update(loss_metrics([m for m in evals if m.dataset["format"] == "corpus"], "domainLoss", "domainPerplexity"))
    metrics.update(loss_metrics(generals, "generalLoss", "generalPerplexity"))

    correct = total = 0
    for i, d, field in _of_role(t, "mc_eval"):
        c, n, tokens = mc_score(t.model, t.tok, mc_records(d["path"], field), t.d.device, t._autocast)
        correct, total = correct + c, total + n
        rows[i] = _row(d, n, tokens)
    metrics.update(mc_metrics(correct, total))
    events.log(f"evaluation: perplexities and {total} multiple-choice questions measured")

    max_new = int((t.job.spec.get("evaluation") or {}).get("maxNewTokens", DEFAULT_MAX_NEW_TOKENS))
    gen = Generator(t.model, t.tok, max_new, t.d.device, t._autocast)
    cases = _safety(t, gen, rows)
    metrics.update(pass_rates(cases))
    samples = _samples(t, gen, cases)
    events.log(f"evaluation: {len(cases)} safety cases judged, {len(samples)} samples generated")

    for k in [k for k, v in metrics.items() if not math.isfinite(v)]:
        # JSON has no NaN or infinity; a broken model shows as a missing metric and this warning
        events.log(f"evaluation: {k} is {metrics.pop(k)}; left out of the metrics", "warning")
    details = {"safety": cases, "samples": samples, "datasets": [rows[i] for i in sorted(rows)]}
    return metrics, details
