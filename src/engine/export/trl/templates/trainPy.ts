// train.py of the TRL project: reruns every arm of studio_run.json with TRL's DPOTrainer (heavy imports only in main).
export const TRAIN_PY = String.raw`#!/usr/bin/env python3
"""Reruns every arm of a Preference Studio run with Hugging Face TRL's DPOTrainer (versions in requirements.txt).

    accelerate launch --config_file accelerate/single_gpu.yaml train.py
    accelerate launch --config_file accelerate/multi_gpu.yaml train.py --arms DPO,DPOP
    python train.py --model Qwen/Qwen2.5-0.5B --max-steps 5

studio_run.json holds what the studio ran: training settings, and per arm its TRL loss_type / loss_weights /
hyperparameters, its studio-only terms (DPOP, cDPO: dpop.py) and its LoRA settings. The parsing and the mapping onto
DPOConfig keyword arguments (parse_args, dpo_config_kwargs, lora_config_kwargs) import nothing heavy, so they are
tested without TRL.
"""
import argparse
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

# PEFT's usual projections per model_type: the studio's defaults when an arm names no target modules.
DEFAULT_TARGETS = {
    "gpt2": ["c_attn", "c_proj", "c_fc"],
    "llama": ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"],
    "mistral": ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"],
    "qwen2": ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"],
    "qwen3": ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"],
    "gpt_neox": ["query_key_value", "dense", "dense_h_to_4h", "dense_4h_to_h"],
    "gemma3_text": ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"],
    "gemma2": ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"],
}

# The studio evaluates on (at most) this many training pairs.
EVAL_PAIRS = 128


def load_run(path=os.path.join(HERE, "studio_run.json")):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def parse_args(argv, run):
    p = argparse.ArgumentParser(description="Rerun a Preference Studio run with TRL's DPOTrainer, one arm after another.")
    model = run["model"]["default"]
    p.add_argument("--model", default=os.path.join(HERE, model) if run["model"]["bundled"] else model,
                   help="Hugging Face id or local folder (default: %(default)s, the model the studio had loaded)")
    p.add_argument("--arms", default=",".join(a["name"] for a in run["arms"]), help="comma-separated arm names (default: all)")
    p.add_argument("--data", default=os.path.join(HERE, run["data"]["train"]), help="TRL explicit-prompt JSONL")
    p.add_argument("--output-dir", default=os.path.join(HERE, "runs"), help="one folder per arm, plus metrics.jsonl")
    p.add_argument("--max-steps", type=int, default=None, help="override the studio's step count (quick trials)")
    p.add_argument("--batch-size", type=int, default=None, help="override the global batch (pairs per optimizer step)")
    p.add_argument("--learning-rate", type=float, default=None, help="override the learning rate")
    p.add_argument("--no-eval", action="store_true", help="skip the periodic evaluation")
    p.add_argument("--trl-order", action="store_true",
                   help="TRL's own seeded shuffling instead of the studio's batches (data/order.json)")
    p.add_argument("--precompute-ref", action="store_true", help="TRL's precompute_ref_log_probs (frees the reference)")
    p.add_argument("--bf16", choices=["auto", "yes", "no"], default="auto", help="auto: on when the GPU supports bf16")
    p.add_argument("--report-to", default="none", help="transformers report_to: none, wandb, tensorboard, ...")
    p.add_argument("--revision", default=None, help="Hub revision of --model (default: the commit the studio loaded, for its own id)")
    a = p.parse_args(argv)
    # The studio's commit pins its own Hub id only; another --model gets its default branch.
    if a.revision is None and a.model == model:
        a.revision = run["model"].get("revision")
    names = [n.strip() for n in a.arms.split(",") if n.strip()]
    known = [arm["name"] for arm in run["arms"]]
    unknown = [n for n in names if n not in known]
    if unknown:
        p.error(f"--arms: no arm named {', '.join(unknown)}; this run has {', '.join(known)}")
    a.arms = names
    for flag, v in (("--max-steps", a.max_steps), ("--batch-size", a.batch_size)):
        if v is not None and v < 1:
            p.error(f"{flag} must be at least 1, got {v}")
    return a


def split_batch(pairs_per_step, world_size):
    """(per_device_train_batch_size, gradient_accumulation_steps) whose product times world_size is the studio's batch."""
    for per_device in range(pairs_per_step // world_size, 0, -1):
        if pairs_per_step % (per_device * world_size) == 0:
            return per_device, pairs_per_step // (per_device * world_size)
    raise ValueError(f"the studio's {pairs_per_step} pairs a step cannot be split over {world_size} processes; "
                     f"pass --batch-size with a multiple of {world_size}")


def safe_name(name):
    return re.sub(r"[^A-Za-z0-9._-]", "_", name).lstrip(".") or "_"


def uses_studio_order(run, args):
    """The studio's batch order is replayed unless --trl-order, or --batch-size changes the batches, or none was exported."""
    return bool(run["data"].get("order")) and not args.trl_order and args.batch_size is None


def training_rows(pairs, run, args, read=lambda p: json.load(open(p, encoding="utf-8"))):
    """The rows TRL trains on: the studio's batches laid end to end (a sequential sampler then feeds the same), or the pairs."""
    if not uses_studio_order(run, args):
        return pairs
    batches = read(os.path.join(HERE, run["data"]["order"]))["batches"]
    steps = args.max_steps or run["training"]["steps"]
    return [pairs[i] for b in batches[:steps] for i in b]


def eval_batch(run, per_device, world_size):
    """Per-device eval batch whose global batch is the studio's scoring batch: TRL averages eval metrics per batch."""
    b = run["data"].get("eval_batch_size")
    return b // world_size if b and b % world_size == 0 else per_device


def dpo_config_kwargs(run, arm, args, world_size=1, bf16=False):
    """DPOConfig keyword arguments reproducing the studio's settings for one arm."""
    t = run["training"]
    pairs = args.batch_size or t["batch_size"] * t.get("gradient_accumulation_steps", 1)
    per_device, accum = split_batch(pairs, world_size)
    loss_type, loss_weights = list(arm["loss_type"]), list(arm["loss_weights"])
    if not loss_type:  # only studio terms: TRL's part runs at weight 0 for its metrics
        loss_type, loss_weights = ["sigmoid"], [0.0]
    evaluate = not args.no_eval and run["data"].get("eval_pairs", 0) > 0
    kw = {
        "output_dir": os.path.join(args.output_dir, safe_name(arm["name"])),
        "run_name": arm["name"],
        "max_steps": args.max_steps or t["steps"],
        "per_device_train_batch_size": per_device,
        "per_device_eval_batch_size": eval_batch(run, per_device, world_size),
        "gradient_accumulation_steps": accum,
        "learning_rate": args.learning_rate or t["lr"],
        # The studio: linear warmup, then constant; Adam without weight decay (AdamW at 0 is Adam), or plain SGD.
        "lr_scheduler_type": "constant_with_warmup",
        "warmup_steps": t["warmup_steps"],
        "optim": "adamw_torch" if t["optimizer"] == "adam" else "sgd",
        "weight_decay": 0.0,
        "adam_beta1": 0.9,
        "adam_beta2": 0.999,
        "adam_epsilon": 1e-8,
        "max_grad_norm": t["clip_norm"],  # 0 turns clipping off, as in the studio
        "seed": t["seed"],
        "data_seed": t["seed"],
        # Sequential over the studio's batches laid end to end (or over the file, unshuffled) gives the studio's batches.
        "train_sampling_strategy": "sequential" if uses_studio_order(run, args) or not t["shuffle"] else "random",
        "max_length": t["max_length"],
        "gradient_checkpointing": bool(t["gradient_checkpointing"]),
        "bf16": bool(bf16),
        "logging_steps": t["log_every"],
        "logging_first_step": True,
        "eval_strategy": "steps" if evaluate else "no",
        "eval_steps": t["eval_every"] if evaluate else None,
        "save_strategy": "no",
        "report_to": args.report_to,
        "precompute_ref_log_probs": bool(args.precompute_ref),
        "loss_type": loss_type,
        "loss_weights": loss_weights,
        "beta": arm["beta"],
        "label_smoothing": arm["label_smoothing"],
        "ld_alpha": arm["ld_alpha"],
        "use_weighting": arm["use_weighting"],
        "f_divergence_type": arm["f_divergence_type"],
        "f_alpha_divergence_coef": arm["f_alpha_divergence_coef"],
        "discopop_tau": arm["discopop_tau"],
    }
    if not evaluate:
        del kw["eval_steps"]
    return kw


def lora_config_kwargs(arm, model_type):
    """peft.LoraConfig keyword arguments for a LoRA arm, or None for full fine-tuning."""
    lora = arm.get("lora")
    if not lora:
        return None
    targets = lora.get("target_modules") or DEFAULT_TARGETS.get(model_type)
    if not targets:
        raise ValueError(f"arm {arm['name']}: no default LoRA target modules for model_type {model_type!r}; "
                         "set targetModules in the studio config")
    return {
        "r": lora["r"],
        "lora_alpha": lora["lora_alpha"],
        "lora_dropout": lora["lora_dropout"],
        "target_modules": list(targets),
        "use_rslora": bool(lora["use_rslora"]),
        "bias": "none",
        "task_type": "CAUSAL_LM",
    }


def studio_hyper(arm):
    return {k: arm[k] for k in ("beta", "dpop_lambda", "dpop_kink_gradient", "label_smoothing")}


def restore_lora_dropout(model, p):
    """TRL's disable_dropout zeroes every nn.Dropout, LoRA's too; the studio trains with the arm's LoRA dropout."""
    import torch

    for name, module in model.named_modules():
        if ".lora_dropout." in name and isinstance(module, torch.nn.Dropout):
            module.p = p


def drop_rows(path, arms):
    """Removes earlier rows of these arms from metrics.jsonl, so a rerun replaces them and other arms stay."""
    if not os.path.exists(path):
        return
    with open(path, encoding="utf-8") as f:
        keep = [line for line in f if line.strip() and json.loads(line).get("arm") not in arms]
    with open(path, "w", encoding="utf-8") as f:
        f.writelines(keep)


def load_pairs(path):
    """The exported pairs: {"prompt", "chosen", "rejected"} per line, strings or (conversational) message lists."""
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            row = json.loads(line)
            missing = [k for k in ("prompt", "chosen", "rejected") if k not in row]
            if missing:
                raise ValueError(f"{path}:{n}: missing {', '.join(missing)}")
            rows.append({k: row[k] for k in ("prompt", "chosen", "rejected")})
    if not rows:
        raise ValueError(f"{path}: no pairs")
    return rows


def main(argv=None):
    run = load_run()
    args = parse_args(sys.argv[1:] if argv is None else argv, run)

    import torch
    from datasets import Dataset
    from peft import LoraConfig
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from trl import DPOConfig

    from dpop import StudioDPOTrainer
    from studio_metrics import make_callback

    world_size = int(os.environ.get("WORLD_SIZE", "1"))
    bf16 = args.bf16 == "yes" or (args.bf16 == "auto" and torch.cuda.is_available() and torch.cuda.is_bf16_supported())
    pairs = load_pairs(args.data)
    train = Dataset.from_list(training_rows(pairs, run, args))
    evaluation = Dataset.from_list(pairs[:EVAL_PAIRS])
    metrics_path = os.path.join(args.output_dir, "metrics.jsonl")
    if int(os.environ.get("RANK", "0")) == 0:
        drop_rows(metrics_path, args.arms)
    tokenizer = AutoTokenizer.from_pretrained(args.model, revision=args.revision)
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    for arm in (a for a in run["arms"] if a["name"] in args.arms):
        kw = dpo_config_kwargs(run, arm, args, world_size, bf16)
        model = AutoModelForCausalLM.from_pretrained(args.model, revision=args.revision, dtype=torch.bfloat16 if bf16 else torch.float32)
        lora = lora_config_kwargs(arm, model.config.model_type)
        trainer = StudioDPOTrainer(
            model=model,
            args=DPOConfig(**kw),
            train_dataset=train,
            eval_dataset=None if kw["eval_strategy"] == "no" else evaluation,
            processing_class=tokenizer,
            peft_config=LoraConfig(**lora) if lora else None,
            callbacks=[make_callback(metrics_path, arm["name"], arm["beta"])],
            studio_terms=arm["studio_terms"],
            studio_hyper=studio_hyper(arm),
        )
        if uses_studio_order(run, args) and len(trainer.train_dataset) != len(train):
            # TRL drops rows whose prompt alone fills max_length; the studio's batches laid end to end would shift.
            raise SystemExit(f"TRL dropped {len(train) - len(trainer.train_dataset)} of {len(train)} rows whose prompt alone "
                             f"fills max_length {kw['max_length']}, so the studio's batches no longer line up: export from "
                             "the studio after Prepare (it leaves those pairs out), raise --max-length, or pass --trl-order")
        if lora and lora["lora_dropout"] > 0:
            restore_lora_dropout(trainer.model, lora["lora_dropout"])
        trainer.train()
        trainer.save_state()  # output_dir/trainer_state.json: log_history, for the studio's "Import run"
        trainer.save_model()
        del trainer, model
        if torch.cuda.is_available():
            torch.cuda.empty_cache()
    print(f"metrics: {metrics_path}")


if __name__ == "__main__":
    main()
`;
