"""Loads each CHECK_DIR/lora/<case>/adapter (written by loraReference.ts) with PEFT's PeftModel.from_pretrained on its
base folder, unchanged, and the merged folder with transformers; compares completion log-prob sums with the engine's.

Run where torch, transformers and peft are installed:  python3 check_peft.py CHECK_DIR
"""
import json, os, sys
import peft, torch, transformers
from peft import PeftModel
from transformers import AutoModelForCausalLM

def sums(m, pairs):
    out = []
    for p in pairs:
        ids = torch.tensor([p["prompt"] + p["completion"]])
        with torch.no_grad():
            lp = torch.log_softmax(m(ids).logits.double(), -1)[0]
        n = len(p["prompt"])
        out.append(sum(lp[t - 1, ids[0, t]].item() for t in range(max(1, n), ids.shape[1])))
    return out

d = os.path.join(sys.argv[1], "lora")
res = {"peft": peft.__version__, "transformers": transformers.__version__, "cases": {}}
for name in sorted(os.listdir(d)):
    c = os.path.join(d, name)
    ref = json.load(open(os.path.join(c, "reference.json")))
    base = AutoModelForCausalLM.from_pretrained(os.path.join(c, "base"), attn_implementation="eager", dtype=torch.float64)
    model = PeftModel.from_pretrained(base, os.path.join(c, "adapter")).eval()
    merged = AutoModelForCausalLM.from_pretrained(os.path.join(c, "merged"), attn_implementation="eager", dtype=torch.float64).eval()
    a, m = sums(model, ref["pairs"]), sums(merged, ref["pairs"])
    with torch.no_grad():
        model.disable_adapter_layers()
        off = sums(model, ref["pairs"])
    res["cases"][name] = {
        "lora_modules": sum(1 for n, _ in model.named_modules() if n.endswith(".lora_A")),
        "peft_max_abs_logp_sum_diff": max(abs(x - y) for x, y in zip(a, ref["logp_sums"])),
        "merged_max_abs_logp_sum_diff": max(abs(x - y) for x, y in zip(m, ref["logp_sums"])),
        "adapters_moved_logp_by": max(abs(x - y) for x, y in zip(off, ref["logp_sums"])),
    }
print(json.dumps(res, indent=2))
