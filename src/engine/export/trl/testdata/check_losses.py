"""Runs the exported losses.py on a grid (float64) and prints the per-pair losses as JSON: argv = project dir, grid.json."""
import json
import sys

import torch

sys.path.insert(0, sys.argv[1])
import losses  # noqa: E402

grid = json.load(open(sys.argv[2]))
t = {k: torch.tensor(grid[k], dtype=torch.float64) for k in ("pc", "pl", "rc", "rl")}
args = (t["pc"], t["pl"], t["rc"], t["rl"])
out = {}
for case in grid["cases"]:
    b, lam, eps = case["beta"], case["lambda"], case["epsilon"]
    out[case["id"]] = {
        "dpo": losses.dpo_loss(*args, b).tolist(),
        "dpop": losses.dpop_loss(*args, b, lam).tolist(),
        "cdpo": losses.cdpo_loss(*args, b, eps).tolist(),
        "dpop_term": losses.studio_term("dpop", *args, {"beta": b, "dpop_lambda": lam, "label_smoothing": eps}).tolist(),
    }
# d(sum of the dpop term)/d pc for each kink convention (the grid has pairs at pc == rc exactly).
kink = {}
for g in grid.get("kinks", []):
    pc = t["pc"].clone().requires_grad_(True)
    hyper = {"beta": 0.1, "dpop_lambda": 50, "dpop_kink_gradient": g, "label_smoothing": 0}
    losses.studio_term("dpop", pc, t["pl"], t["rc"], t["rl"], hyper).sum().backward()
    kink[str(g)] = pc.grad.tolist()
print(json.dumps({"torch": torch.__version__, "out": out, "kink": kink}))
