"""Loads every folder under CHECK_DIR/families/ (written by familyReference.ts) with transformers' AutoModelForCausalLM,
unchanged, and compares its logits and completion log-prob sums with the engine's. Prints one JSON document.

Run where torch + transformers are installed:  python3 check_families.py CHECK_DIR
"""
import json, os, sys
import torch
import transformers
from transformers import AutoModelForCausalLM

d = os.path.join(sys.argv[1], "families")
out = {"torch": torch.__version__, "transformers": transformers.__version__, "cases": {}}
for name in sorted(os.listdir(d)):
    folder = os.path.join(d, name)
    ref = json.load(open(os.path.join(folder, "reference.json")))
    m = AutoModelForCausalLM.from_pretrained(folder, attn_implementation="eager", dtype=torch.float64).eval()
    logit_diff = 0.0
    for seq, want in zip(ref["sequences"], ref["logits"]):
        with torch.no_grad():
            got = m(torch.tensor([seq])).logits[0]
        logit_diff = max(logit_diff, (got - torch.tensor(want, dtype=torch.float64)).abs().max().item())
    sums = []
    for p in ref["pairs"]:
        ids = torch.tensor([p["prompt"] + p["completion"]])
        with torch.no_grad():
            lp = torch.log_softmax(m(ids).logits, -1)[0]
        n = len(p["prompt"])
        sums.append(sum(lp[t - 1, ids[0, t]].item() for t in range(max(1, n), ids.shape[1])))
    out["cases"][name] = {
        "class": type(m).__name__,
        "max_abs_logit_diff": logit_diff,
        "max_abs_logp_sum_diff": max(abs(a - b) for a, b in zip(sums, ref["logp_sums"])),
    }
print(json.dumps(out, indent=2))
