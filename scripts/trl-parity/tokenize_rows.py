#!/usr/bin/env python3
"""TRL's own tokenisation and truncation of preference pairs, as JSON, for the studio's parity test.

Usage: tokenize_rows.py CASES.json OUT.json

CASES.json: [{"name", "tokenizer_dir", "max_length" (null: none), "pairs": [{"prompt", "chosen", "rejected"}]}]; a
pair's fields are strings, or lists of {"role", "content"} messages for a conversational pair.
OUT.json: {"versions": {...}, "cases": [{"name", "rows": [...]}]}, one row per input pair in order: {"dropped": true}
where TRL's _prepare_dataset drops it, else its prompt_ids, chosen_ids and rejected_ids, and the collator's
chosen/rejected input_ids and completion_mask (truncated to max_length, padding removed).
"""
import json
import logging
import os
import sys
import tempfile
from types import SimpleNamespace

os.environ.setdefault("HF_DATASETS_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")

import datasets  # noqa: E402
import transformers  # noqa: E402
import trl  # noqa: E402
from datasets import Dataset  # noqa: E402
from transformers import AutoTokenizer  # noqa: E402
from trl.trainer.dpo_trainer import DataCollatorForPreference, DPOTrainer  # noqa: E402

datasets.disable_progress_bars()
logging.getLogger("trl").setLevel(logging.ERROR)


def run_case(case):
    tok = AutoTokenizer.from_pretrained(case["tokenizer_dir"])
    if tok.pad_token is None:
        tok.pad_token = tok.eos_token  # what DPOTrainer.__init__ does
    pairs = case["pairs"]
    rows = [dict(p, row=i) for i, p in enumerate(pairs)]
    args = SimpleNamespace(dataset_num_proc=None, max_length=case.get("max_length"), truncation_mode="keep_start")
    # DPOTrainer's own dataset preparation (prompt extraction, EOS, tokenize_fn, the fully-truncated filter).
    trainer = SimpleNamespace(_tokenizer=tok)
    ds = DPOTrainer._prepare_dataset(trainer, Dataset.from_list(rows), tok, args, case["name"])
    collator = DataCollatorForPreference(pad_token_id=tok.pad_token_id, max_length=args.max_length, truncation_mode="keep_start")
    out = [{"dropped": True} for _ in pairs]
    for ex in ds:
        batch = collator.torch_call([{k: ex[k] for k in ("prompt_ids", "chosen_ids", "rejected_ids")}])
        sides = {}
        for name, b in (("chosen", 0), ("rejected", 1)):
            n = int(batch["attention_mask"][b].sum())
            sides[name] = {"input_ids": batch["input_ids"][b][:n].tolist(), "completion_mask": batch["completion_mask"][b][:n].tolist()}
        out[ex["row"]] = {
            "prompt_ids": ex["prompt_ids"],
            "chosen_ids": ex["chosen_ids"],
            "rejected_ids": ex["rejected_ids"],
            "collated": sides,
        }
    return {"name": case["name"], "rows": out}


def main():
    cases_path, out_path = sys.argv[1], sys.argv[2]
    with open(cases_path, encoding="utf-8") as f:
        cases = json.load(f)
    with tempfile.TemporaryDirectory() as cache:
        os.environ.setdefault("HF_DATASETS_CACHE", cache)
        result = {
            "versions": {"trl": trl.__version__, "transformers": transformers.__version__, "datasets": datasets.__version__},
            "cases": [run_case(c) for c in cases],
        }
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(result, f)


if __name__ == "__main__":
    main()
