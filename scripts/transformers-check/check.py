"""Loads Preference Studio's model folders with Hugging Face transformers and compares with the engine.

Run where torch + transformers are installed:  python3 check.py CHECK_DIR
CHECK_DIR holds reference.json (from engineReference.ts) and model folders: default/ and any trained arm folders.
Prints one JSON document: max differences of ids, logits and completion log-prob sums, and PyTorch DPO step timings.
"""
import json, sys, time, os
import torch
from transformers import GPT2LMHeadModel, PreTrainedTokenizerFast

d = sys.argv[1]
ref = json.load(open(os.path.join(d, "reference.json")))
out = {"torch": torch.__version__, "cuda": torch.cuda.get_device_name(0) if torch.cuda.is_available() else None}

model = GPT2LMHeadModel.from_pretrained(os.path.join(d, "default")).eval()
tok = PreTrainedTokenizerFast(tokenizer_file=os.path.join(d, "default", "tokenizer.json"))
eos = model.config.eos_token_id
id_mismatch = 0
for r in ref["rows"]:
    p = tok.encode(r["prompt_text"], add_special_tokens=False)
    c = tok.encode(r["completion_text"], add_special_tokens=False) + [eos]
    id_mismatch += int(p != r["prompt"] or c != r["completion"])
out["token_id_rows_differing"] = id_mismatch

def completion_logp(m, rows, device="cpu"):
    sums = []
    for r in rows:
        ids = torch.tensor([r["prompt"] + r["completion"]], device=device)
        with torch.no_grad():
            lp = torch.log_softmax(m(ids).logits.float(), -1)[0]
        n = len(r["prompt"])
        sums.append(sum(lp[t - 1, ids[0, t]].item() for t in range(max(1, n), ids.shape[1])))
    return sums

hf = completion_logp(model, ref["rows"])
out["max_abs_logp_sum_diff"] = max(abs(a - b) for a, b in zip(hf, ref["logp_sums"]))
ids0 = torch.tensor([ref["rows"][0]["prompt"] + ref["rows"][0]["completion"]])
with torch.no_grad():
    lg = model(ids0).logits[0, :5].flatten().tolist()
out["max_abs_logit_diff_first_row"] = max(abs(a - b) for a, b in zip(lg, ref["first_row_logits"]))

# Trained arm folders saved by the studio must load unchanged too.
for name in sorted(os.listdir(d)):
    if name.startswith("model-"):
        m = GPT2LMHeadModel.from_pretrained(os.path.join(d, name)).eval()
        out[f"{name}_loads"] = True
        arm_ref = os.path.join(d, f"ref-{name}", "reference.json")
        if os.path.exists(arm_ref):
            a = json.load(open(arm_ref))
            out[f"{name}_max_abs_logp_sum_diff"] = max(abs(x - y) for x, y in zip(completion_logp(m, a["rows"]), a["logp_sums"]))

def dpo_step_ms(cfg, device, steps=20, B=8, T=48):
    torch.manual_seed(0)
    from transformers import GPT2Config
    pol = GPT2LMHeadModel(GPT2Config(**cfg)).to(device)
    opt = torch.optim.Adam(pol.parameters(), lr=3e-4)
    V = cfg["vocab_size"]
    ids = torch.randint(0, V, (2 * B, T), device=device)
    mask = torch.zeros(2 * B, T - 1, device=device); mask[:, T // 2:] = 1
    ref_lp = torch.zeros(2 * B, device=device)
    times = []
    for i in range(steps + 3):
        if device == "cuda": torch.cuda.synchronize()
        t0 = time.perf_counter()
        lp = torch.log_softmax(pol(ids).logits, -1)[:, :-1].gather(-1, ids[:, 1:, None])[..., 0]
        s = (lp * mask).sum(-1) - ref_lp
        loss = -torch.nn.functional.logsigmoid(0.1 * (s[:B] - s[B:])).mean()
        opt.zero_grad(); loss.backward(); opt.step()
        if device == "cuda": torch.cuda.synchronize()
        if i >= 3: times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return times[len(times) // 2]

cfgs = {
    "default": dict(vocab_size=164, n_positions=64, n_embd=128, n_layer=2, n_head=4),
    "gpt2-1m": dict(vocab_size=512, n_positions=128, n_embd=128, n_layer=4, n_head=4),
}
torch.set_num_threads(2)
out["pytorch_dpo_step_ms_cpu_2threads"] = {k: dpo_step_ms(c, "cpu") for k, c in cfgs.items()}
if torch.cuda.is_available():
    out["pytorch_dpo_step_ms_cuda"] = {k: dpo_step_ms(c, "cuda") for k, c in cfgs.items()}
print(json.dumps(out, indent=2))
