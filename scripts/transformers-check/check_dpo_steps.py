"""Replays SGD steps of DPO and DPOP with transformers in float64 on a folder the studio saved, and prints the final
weights per arm, so a test can compare the studio's trained weights with them. Prints one JSON document.

Usage: python3 check_dpo_steps.py FOLDER INPUT_JSON [FOLDER INPUT_JSON ...]   (one torch import for all; a list out)
  INPUT_JSON: {"pairs": [{"prompt": [ids], "chosen": [ids], "rejected": [ids]}...], "steps": N, "lr": x,
               "arms": [{"name": str, "beta": b, "lambda": l or null}]}   (every step uses every pair; loss = mean)
  DPO: -log σ(β((pc − rc) − (pl − rl)));  DPOP: the same with − λ·max(0, rc − pc) inside.
"""
import json
import sys

import torch
import torch.nn.functional as F
from transformers import AutoModelForCausalLM

def logp(m, prompt, completion):
    ids = torch.tensor([prompt + completion])
    lp = torch.log_softmax(m(ids).logits[0], -1)
    return sum(lp[t - 1, ids[0, t]] for t in range(max(1, len(prompt)), ids.shape[1]))


def replay(folder, req):
    load = lambda: AutoModelForCausalLM.from_pretrained(folder, attn_implementation="eager", dtype=torch.float64)
    ref = load().eval()
    with torch.no_grad():
        rc = [logp(ref, p["prompt"], p["chosen"]).item() for p in req["pairs"]]
        rl = [logp(ref, p["prompt"], p["rejected"]).item() for p in req["pairs"]]
    out = {}
    for arm in req["arms"]:
        m = load().train()
        for _ in range(req["steps"]):
            m.zero_grad()
            losses = []
            for i, p in enumerate(req["pairs"]):
                pc, pl = logp(m, p["prompt"], p["chosen"]), logp(m, p["prompt"], p["rejected"])
                z = (pc - rc[i]) - (pl - rl[i])
                if arm["lambda"] is not None:
                    # relu: zero gradient at the kink rc = pc (where every pair starts), as the studio's dpop_kink_gradient 0.
                    z = z - arm["lambda"] * torch.relu(rc[i] - pc)
                losses.append(-F.logsigmoid(arm["beta"] * z))
            torch.stack(losses).mean().backward()
            with torch.no_grad():
                for q in m.parameters():
                    q -= req["lr"] * q.grad
        out[arm["name"]] = {k: v.flatten().tolist() for k, v in m.state_dict().items() if k != "lm_head.weight"}
    return out


args = sys.argv[1:]
print(json.dumps([replay(f, json.load(open(i))) for f, i in zip(args[::2], args[1::2])]))
