"""train.py's argument parsing and DPOConfig / LoraConfig mapping, run without TRL: argv = project dir. Prints JSON."""
import json
import os
import sys

sys.path.insert(0, sys.argv[1])
import train  # noqa: E402  (imports nothing heavy at module level)
import studio_metrics  # noqa: E402

assert "trl" not in sys.modules and "torch" not in sys.modules, "train.py must not import TRL or torch at module level"
run = train.load_run()
out = {"arms": {}}
for world in (1, 2, 8):
    args = train.parse_args(["--output-dir", "/out"], run)
    out[f"world{world}"] = {a["name"]: train.dpo_config_kwargs(run, a, args, world_size=world) for a in run["arms"]}
for a in run["arms"]:
    out["arms"][a["name"]] = {"lora": train.lora_config_kwargs(a, "llama"), "hyper": train.studio_hyper(a)}
quick = train.parse_args(["--max-steps", "5", "--arms", run["arms"][-1]["name"], "--no-eval", "--batch-size", "6"], run)
out["quick"] = {"arms": quick.arms, "kwargs": train.dpo_config_kwargs(run, run["arms"][-1], quick, world_size=3)}
out["model_default"] = train.parse_args([], run).model
pairs = train.load_pairs(run["data"]["train"] if os.path.isabs(run["data"]["train"]) else os.path.join(sys.argv[1], run["data"]["train"]))
order = json.load(open(os.path.join(sys.argv[1], run["data"]["order"])))["batches"]
rows = train.training_rows(pairs, run, train.parse_args(["--max-steps", "3"], run))
out["order"] = {"first": order[0], "rows": len(rows), "same": rows == [pairs[i] for b in order[:3] for i in b],
                "trl": len(train.training_rows(pairs, run, train.parse_args(["--trl-order"], run))),
                "resized": len(train.training_rows(pairs, run, train.parse_args(["--batch-size", "4"], run)))}
out["split"] = [train.split_batch(8, 1), train.split_batch(8, 8), train.split_batch(12, 4), train.split_batch(8, 3 - 1)]
try:
    train.split_batch(6, 4)
    out["split_error"] = None
except ValueError as e:
    out["split_error"] = str(e)
try:
    train.parse_args(["--arms", "nope"], run)
except SystemExit as e:
    out["bad_arm_exit"] = e.code
out["default_targets"] = train.DEFAULT_TARGETS
logs = {"loss": 0.5, "learning_rate": 3e-4, "rewards/chosen": -0.2, "rewards/rejected": -0.5, "epoch": 0.1, "grad_norm": 2.0}
out["row"] = studio_metrics.studio_row("DPO", 0.1, 3, logs)
out["eval_row"] = studio_metrics.studio_row("DPO", 0.1, 4, {"eval_loss": 0.4, "eval_rewards/chosen": 0.25, "eval_runtime": 2.0})
out["summary_row"] = studio_metrics.studio_row("DPO", 0.1, 5, {"train_runtime": 3.0, "train_loss": 0.6})
print(json.dumps(out))
