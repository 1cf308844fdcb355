"""PyTorch CPU anchor for npm run bench: the same GPT-2 shape, batch layout and DPO arm step (forward, backward, Adam).

Usage: python3 torch_dpo.py '{"V":164,"d":128,"L":2,"H":4,"T":40,"pairs":8,"warmup":3,"steps":10}'
Prints one JSON line: medianMs per arm step, completion tokens/s, threads, torch version.
"""
import json
import math
import statistics
import sys
import time

import torch
import torch.nn.functional as F


class Block(torch.nn.Module):
    def __init__(self, d, H):
        super().__init__()
        self.H = H
        self.ln_1 = torch.nn.LayerNorm(d, eps=1e-5)
        self.c_attn = torch.nn.Linear(d, 3 * d)
        self.c_proj = torch.nn.Linear(d, d)
        self.ln_2 = torch.nn.LayerNorm(d, eps=1e-5)
        self.c_fc = torch.nn.Linear(d, 4 * d)
        self.mlp_proj = torch.nn.Linear(4 * d, d)

    def forward(self, x, mask):
        B, T, d = x.shape
        q, k, v = self.c_attn(self.ln_1(x)).split(d, dim=2)
        hd = d // self.H
        q, k, v = (t.view(B, T, self.H, hd).transpose(1, 2) for t in (q, k, v))
        att = (q @ k.transpose(-2, -1)) / math.sqrt(hd) + mask
        y = (att.softmax(-1) @ v).transpose(1, 2).reshape(B, T, d)
        x = x + self.c_proj(y)
        return x + self.mlp_proj(F.gelu(self.c_fc(self.ln_2(x)), approximate="tanh"))


class GPT2(torch.nn.Module):
    def __init__(self, V, d, L, H, P):
        super().__init__()
        self.wte = torch.nn.Embedding(V, d)
        self.wpe = torch.nn.Embedding(P, d)
        self.h = torch.nn.ModuleList(Block(d, H) for _ in range(L))
        self.ln_f = torch.nn.LayerNorm(d, eps=1e-5)
        for p in self.parameters():
            if p.dim() > 1:
                torch.nn.init.normal_(p, std=0.02)

    def forward(self, ids):
        T = ids.shape[1]
        mask = torch.triu(torch.full((T, T), -1e9), 1)
        x = self.wte(ids) + self.wpe.weight[:T]
        for b in self.h:
            x = b(x, mask)
        return self.ln_f(x) @ self.wte.weight.T  # tied head


def batch(c, g):
    """Pairs shaped like src/bench/dpoSteps.ts: prompt T/2 - i%4, chosen/rejected the rest minus 0..2; right padded."""
    half = c["T"] // 2
    rows, lens = [], []
    for side in range(2):
        for i in range(c["pairs"]):
            p = half - (i % 4)
            comp = c["T"] - half - ((i + side) % 3)
            rows.append(torch.randint(1, c["V"], (p + comp,), generator=g))
            lens.append(p)
    T = max(len(r) for r in rows)
    ids = torch.zeros(len(rows), T, dtype=torch.long)
    mask = torch.zeros(len(rows), T)
    for b, (r, p) in enumerate(zip(rows, lens)):
        ids[b, : len(r)] = r
        mask[b, max(1, p) : len(r)] = 1
    return ids, mask


def main():
    c = json.loads(sys.argv[1])
    torch.manual_seed(3)
    g = torch.Generator().manual_seed(11)
    model = GPT2(c["V"], c["d"], c["L"], c["H"], max(64, c["T"]))
    opt = torch.optim.Adam(model.parameters(), lr=1e-4)
    ids, mask = batch(c, g)
    B = c["pairs"]
    ref = -20 - torch.rand(2 * B)

    def step():
        logits = model(ids)[:, :-1]
        lp = torch.gather(logits.log_softmax(-1), 2, ids[:, 1:, None]).squeeze(2)
        s = (lp * mask[:, 1:]).sum(1)
        margin = (s[:B] - ref[:B]) - (s[B:] - ref[B:])
        loss = -F.logsigmoid(0.1 * margin).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        return loss.item()

    for _ in range(c["warmup"]):
        step()
    ms = []
    for _ in range(c["steps"]):
        t0 = time.perf_counter()
        step()
        ms.append((time.perf_counter() - t0) * 1000)
    med = statistics.median(ms)
    print(json.dumps({"medianMs": round(med, 2), "completionTokensPerS": round(float(mask.sum()) / med * 1000), "threads": torch.get_num_threads(), "torch": torch.__version__}))


if __name__ == "__main__":
    main()
