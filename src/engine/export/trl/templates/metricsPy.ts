// studio_metrics.py of the TRL project: TRL log rows → the studio's metrics.jsonl rows, and the TrainerCallback writing them.
export const METRICS_PY = String.raw`"""Writes metrics.jsonl with Preference Studio's names, so the studio's "Import run" overlays these curves.

A row per arm per logged step: arm, step, split ("train" or "eval"), TRL's names (loss, logps/chosen, rewards/margins,
...), plus the studio's delta/chosen and delta/rejected (mean change from the reference = rewards / beta) and lr.
Eval rows keep TRL's eval_ prefix. studio_row is pure Python, so it is tested without transformers.
"""
import json
import math
import os

# TRL log keys that are not curves (run totals, timings).
SKIP = {"epoch", "total_flos", "train_runtime", "train_samples_per_second", "train_steps_per_second", "train_loss",
        "eval_runtime", "eval_samples_per_second", "eval_steps_per_second", "step"}


def studio_row(arm, beta, step, logs):
    """One studio metrics row from a TRL on_log dict, or None for a summary row (train_runtime, ...)."""
    if "train_runtime" in logs or "train_loss" in logs:
        return None
    split = "eval" if any(k.startswith("eval_") for k in logs) else "train"
    row = {"arm": arm, "step": int(step), "split": split}
    for k, v in logs.items():
        if k in SKIP or not isinstance(v, (int, float)) or isinstance(v, bool) or not math.isfinite(v):
            continue
        row["lr" if k == "learning_rate" else k] = float(v)
    prefix = "eval_" if split == "eval" else ""
    for side in ("chosen", "rejected"):
        r = row.get(f"{prefix}rewards/{side}")
        if r is not None and beta:
            row[f"{prefix}delta/{side}"] = r / beta
    return row


def make_callback(path, arm, beta):
    """A transformers TrainerCallback appending studio rows for this arm to path (main process only)."""
    from transformers import TrainerCallback

    class StudioMetricsCallback(TrainerCallback):
        def on_log(self, args, state, control, logs=None, **kwargs):
            if not state.is_world_process_zero or not logs:
                return
            row = studio_row(arm, beta, state.global_step, logs)
            if row is None:
                return
            os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
            with open(path, "a", encoding="utf-8") as f:
                f.write(json.dumps(row) + "\n")

    return StudioMetricsCallback()
`;
