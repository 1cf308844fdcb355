"""Drives TRL's own DPOTrainer (not the export's train.py) for every case of a spec file, in one process.

    python harness.py SPEC.json OUT.json

SPEC: {"project": dir holding the export's dpop.py and losses.py, "cases": [{"name", "model", "data", "training": {steps,
lr, warmup_steps, max_grad_norm, max_length, seed}, "arms": [studio_run.json arms]}]}. Each arm trains on all pairs in
one step, in file order (a sequential sampler), with SGD in float32 on the CPU. OUT: per case and arm, TRL's log rows,
each pair's summed completion log-probs before training and after every step, and the tokens TRL kept.
"""
import json
import logging
import os
import sys
import tempfile
import time

import torch
from torch.utils.data import SequentialSampler

spec_path, out_path = sys.argv[1], sys.argv[2]
with open(spec_path, encoding="utf-8") as f:
    spec = json.load(f)
sys.path.insert(0, spec["project"])

import datasets  # noqa: E402
from datasets import Dataset  # noqa: E402
from transformers import AutoModelForCausalLM, AutoTokenizer, TrainerCallback  # noqa: E402
from transformers.utils import logging as hf_logging  # noqa: E402
from trl import DPOConfig  # noqa: E402

from dpop import StudioDPOTrainer, completion_logps  # noqa: E402

hf_logging.set_verbosity_error()
hf_logging.disable_progress_bar()
datasets.disable_progress_bars()
logging.getLogger("trl").setLevel(logging.ERROR)
torch.set_num_threads(1)


class SequentialDPOTrainer(StudioDPOTrainer):
    """Every step takes the pairs in file order, as the studio's unshuffled sampler does."""

    def _get_train_sampler(self, train_dataset=None):
        return SequentialSampler(train_dataset if train_dataset is not None else self.train_dataset)


def pair_logps(trainer, model):
    batch = trainer.data_collator([trainer.train_dataset[i] for i in range(len(trainer.train_dataset))])
    was_training = model.training
    model.eval()
    with torch.no_grad():
        logits = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]).logits
        chosen, rejected = completion_logps(logits, batch["input_ids"], batch["completion_mask"]).chunk(2)
    model.train(was_training)
    return {"chosen": chosen.tolist(), "rejected": rejected.tolist()}


class Recorder(TrainerCallback):
    def __init__(self):
        self.rows, self.pairs, self.trainer = [], [], None

    def on_train_begin(self, args, state, control, model=None, **kwargs):
        self.pairs.append(pair_logps(self.trainer, model))

    def on_step_end(self, args, state, control, model=None, **kwargs):
        self.pairs.append(pair_logps(self.trainer, model))

    def on_log(self, args, state, control, logs=None, **kwargs):
        if logs and "loss" in logs and "train_runtime" not in logs:
            self.rows.append({"step": state.global_step, **{k: v for k, v in logs.items() if isinstance(v, (int, float))}})


def run_arm(case, arm, tokenizer, workdir):
    t = case["training"]
    rows = [json.loads(line) for line in open(case["data"], encoding="utf-8") if line.strip()]
    loss_type, loss_weights = list(arm["loss_type"]), list(arm["loss_weights"])
    if not loss_type:  # only studio terms: TRL's sigmoid at weight 0 for its metrics, as the export's train.py does
        loss_type, loss_weights = ["sigmoid"], [0.0]
    config = DPOConfig(
        output_dir=os.path.join(workdir, case["name"], arm["name"]),
        max_steps=t["steps"], per_device_train_batch_size=len(rows), gradient_accumulation_steps=1,
        learning_rate=t["lr"], lr_scheduler_type="constant_with_warmup", warmup_steps=t["warmup_steps"],
        optim="sgd", weight_decay=0.0, max_grad_norm=t["max_grad_norm"], seed=t["seed"], data_seed=t["seed"],
        max_length=t["max_length"], logging_steps=1, eval_strategy="no", save_strategy="no", report_to="none",
        disable_tqdm=True, use_cpu=True, dataloader_drop_last=False, bf16=False,  # DPOConfig defaults bf16 on, even on the CPU
        loss_type=loss_type, loss_weights=loss_weights, beta=arm["beta"], label_smoothing=arm["label_smoothing"],
        ld_alpha=arm["ld_alpha"], use_weighting=arm["use_weighting"], f_divergence_type=arm["f_divergence_type"],
        f_alpha_divergence_coef=arm["f_alpha_divergence_coef"], discopop_tau=arm["discopop_tau"],
    )
    torch.manual_seed(t["seed"])
    model = AutoModelForCausalLM.from_pretrained(case["model"], dtype=torch.float32)
    recorder = Recorder()
    hyper = {k: arm[k] for k in ("beta", "dpop_lambda", "dpop_kink_gradient", "label_smoothing")}
    trainer = SequentialDPOTrainer(model=model, args=config, train_dataset=Dataset.from_list(rows), processing_class=tokenizer,
                                   callbacks=[recorder], studio_terms=arm["studio_terms"], studio_hyper=hyper)
    recorder.trainer = trainer
    kept = [{k: trainer.train_dataset[i][k] for k in ("prompt_ids", "chosen_ids", "rejected_ids")} for i in range(len(trainer.train_dataset))]
    trainer.train()
    return {"train": recorder.rows, "pairs": recorder.pairs, "tokens": kept, "rows_in": len(rows)}


def main():
    out, tokenizers = {"versions": {}, "cases": {}}, {}
    import accelerate, datasets, peft, transformers, trl  # noqa: E401
    for m in (torch, transformers, trl, peft, accelerate, datasets):
        out["versions"][m.__name__] = m.__version__
    t0 = time.time()
    with tempfile.TemporaryDirectory() as workdir:
        for case in spec["cases"]:
            if case["model"] not in tokenizers:
                tok = AutoTokenizer.from_pretrained(case["model"])
                if tok.pad_token is None:
                    tok.pad_token = tok.eos_token
                tokenizers[case["model"]] = tok
            res = {}
            for arm in case["arms"]:
                try:
                    res[arm["name"]] = run_arm(case, arm, tokenizers[case["model"]], workdir)
                except Exception as e:  # one case's failure is reported by name; the others still run
                    res[arm["name"]] = {"error": f"{type(e).__name__}: {e}"}
            out["cases"][case["name"]] = res
    out["seconds"] = time.time() - t0
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(out, f)


if __name__ == "__main__":
    main()
