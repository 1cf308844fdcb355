"""PyTorch anchor for npm run bench (CPU) and nodeWebgpu.ts (CUDA): the same shape, batch layout and DPO arm step.

Usage: python3 torch_dpo.py '{"V":164,"d":128,"L":2,"H":4,"T":40,"pairs":8,"warmup":3,"steps":10}'
Optional: "family": "llama" with "kvHeads", "ffn" (SmolLM2-style: RMSNorm, rotary, GQA, SiLU-gated MLP, tied head);
"lora": r (adapters r, alpha 2r on the studio's default targets, the base frozen); "threads": n (torch and OpenBLAS);
"device": "cpu" (default) or "cuda" (fp32, TF32 off as torch defaults; timers read after torch.cuda.synchronize()).
Prints one JSON line: medianMs per arm step, completion tokens/s, final loss, threads, torch version, the BLAS it
loaded, and on CUDA the GPU torch sees.
"""
import json
import math
import os
import statistics
import sys
import time

# OpenBLAS reads its thread count when it loads (with torch), so the env goes first.
_threads = json.loads(sys.argv[1]).get("threads") if len(sys.argv) > 1 else None
if _threads:
    os.environ["OPENBLAS_NUM_THREADS"] = os.environ["OMP_NUM_THREADS"] = str(_threads)

import torch
import torch.nn.functional as F



def init_normal(model):
    """GPT-2's and Llama's initialisation of every matrix: N(0, 0.02)."""
    for p in model.parameters():
        if p.dim() > 1:
            torch.nn.init.normal_(p, std=0.02)


def causal_mask(T, device):
    """Additive [T, T] mask: −1e9 above the diagonal."""
    return torch.triu(torch.full((T, T), -1e9, device=device), 1)

class LoraLinear(torch.nn.Module):
    """A frozen Linear plus B·A·(alpha/r), B zero-initialised as PEFT does."""

    def __init__(self, base, r):
        super().__init__()
        self.base = base
        base.weight.requires_grad_(False)
        if base.bias is not None:
            base.bias.requires_grad_(False)
        self.a = torch.nn.Parameter(torch.randn(r, base.in_features) / math.sqrt(base.in_features))
        self.b = torch.nn.Parameter(torch.zeros(base.out_features, r))
        self.scale = 2.0

    def forward(self, x):
        return self.base(x) + (x @ self.a.T @ self.b.T) * self.scale


def add_lora(model, names, r):
    for module in list(model.modules()):
        for n, child in list(module.named_children()):
            if n in names and isinstance(child, torch.nn.Linear):
                setattr(module, n, LoraLinear(child, r))
    for n, p in model.named_parameters():
        if not (n.endswith(".a") or n.endswith(".b")):
            p.requires_grad_(False)


class RMSNorm(torch.nn.Module):
    def __init__(self, d, eps=1e-5):
        super().__init__()
        self.weight = torch.nn.Parameter(torch.ones(d))
        self.eps = eps

    def forward(self, x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.weight


def rotary(x, cos, sin):
    h = x.shape[-1] // 2
    return x * cos + torch.cat((-x[..., h:], x[..., :h]), -1) * sin


class LlamaBlock(torch.nn.Module):
    def __init__(self, d, H, KV, ffn):
        super().__init__()
        self.H, self.KV, self.hd = H, KV, d // H
        self.input_layernorm = RMSNorm(d)
        self.q_proj = torch.nn.Linear(d, d, bias=False)
        self.k_proj = torch.nn.Linear(d, KV * self.hd, bias=False)
        self.v_proj = torch.nn.Linear(d, KV * self.hd, bias=False)
        self.o_proj = torch.nn.Linear(d, d, bias=False)
        self.post_attention_layernorm = RMSNorm(d)
        self.gate_proj = torch.nn.Linear(d, ffn, bias=False)
        self.up_proj = torch.nn.Linear(d, ffn, bias=False)
        self.down_proj = torch.nn.Linear(ffn, d, bias=False)

    def forward(self, x, mask, cos, sin):
        B, T, d = x.shape
        h = self.input_layernorm(x)
        q = self.q_proj(h).view(B, T, self.H, self.hd).transpose(1, 2)
        k = self.k_proj(h).view(B, T, self.KV, self.hd).transpose(1, 2)
        v = self.v_proj(h).view(B, T, self.KV, self.hd).transpose(1, 2)
        q, k = rotary(q, cos, sin), rotary(k, cos, sin)
        k, v = (t.repeat_interleave(self.H // self.KV, 1) for t in (k, v))
        att = (q @ k.transpose(-2, -1)) / math.sqrt(self.hd) + mask
        x = x + self.o_proj((att.softmax(-1) @ v).transpose(1, 2).reshape(B, T, d))
        h = self.post_attention_layernorm(x)
        return x + self.down_proj(F.silu(self.gate_proj(h)) * self.up_proj(h))


class Llama(torch.nn.Module):
    def __init__(self, V, d, L, H, KV, ffn, theta=100000.0):
        super().__init__()
        self.embed_tokens = torch.nn.Embedding(V, d)
        self.layers = torch.nn.ModuleList(LlamaBlock(d, H, KV, ffn) for _ in range(L))
        self.norm = RMSNorm(d)
        self.hd, self.theta = d // H, theta
        init_normal(self)

    def forward(self, ids):
        T, dev = ids.shape[1], ids.device
        mask = causal_mask(T, dev)
        inv = 1.0 / self.theta ** (torch.arange(0, self.hd, 2, device=dev).float() / self.hd)
        ang = torch.outer(torch.arange(T, device=dev).float(), inv)
        ang = torch.cat((ang, ang), -1)
        cos, sin = ang.cos(), ang.sin()
        x = self.embed_tokens(ids)
        for b in self.layers:
            x = b(x, mask, cos, sin)
        return self.norm(x) @ self.embed_tokens.weight.T  # tied head


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
        init_normal(self)

    def forward(self, ids):
        T = ids.shape[1]
        mask = causal_mask(T, ids.device)
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
    if c.get("threads"):
        torch.set_num_threads(c["threads"])
    if c.get("family") == "llama":
        model = Llama(c["V"], c["d"], c["L"], c["H"], c["kvHeads"], c["ffn"])
        targets = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]
    else:
        model = GPT2(c["V"], c["d"], c["L"], c["H"], max(64, c["T"]))
        targets = ["c_attn", "c_proj", "c_fc", "mlp_proj"]  # the studio's gpt2 targets (c_proj: both of HF's)
    if c.get("lora"):
        add_lora(model, targets, c["lora"])
    # Built on the CPU from the same seeds, then moved: CPU and CUDA start from the same weights and batch.
    dev = torch.device(c.get("device", "cpu"))
    model.to(dev)
    trainable = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.Adam(trainable, lr=1e-4)
    ids, mask = batch(c, g)
    B = c["pairs"]
    ref = -20 - torch.rand(2 * B)
    ids, mask, ref = ids.to(dev), mask.to(dev), ref.to(dev)
    sync = torch.cuda.synchronize if dev.type == "cuda" else (lambda: None)

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
    ms, loss = [], float("nan")
    for _ in range(c["steps"]):
        sync()
        t0 = time.perf_counter()
        loss = step()
        sync()
        ms.append((time.perf_counter() - t0) * 1000)
    med = statistics.median(ms)
    out = {"medianMs": round(med, 2), "ms": [round(m, 1) for m in ms], "completionTokensPerS": round(float(mask.sum()) / med * 1000), "threads": torch.get_num_threads(), "torch": torch.__version__}
    out["trainableParams"] = sum(p.numel() for p in trainable)
    out["blas"] = blas_info()
    out["finalLoss"] = loss
    out["device"] = dev.type
    if dev.type == "cuda":
        out["gpu"] = torch.cuda.get_device_name(dev)
        out["cuda"] = torch.version.cuda
        out["peakBytes"] = torch.cuda.max_memory_allocated(dev)
        out["tf32"] = torch.backends.cuda.matmul.allow_tf32  # recorded: a TF32 matmul would not be the studio's fp32
    print(json.dumps(out))


def blas_info():
    """Which BLAS torch really calls: its build config and the libblas/openblas files mapped into this process."""
    maps = set()
    with open("/proc/self/maps") as f:
        for line in f:
            path = line.split()[-1] if len(line.split()) >= 6 else ""
            if "blas" in path or "lapack" in path or "mkl" in path:
                maps.add(os.path.realpath(path))
    cfg = torch.__config__.show()
    info = ", ".join(t.strip() for t in cfg.replace("\n", ",").split(",") if "BLAS_INFO" in t or "LAPACK_INFO" in t or "USE_MKLDNN" in t)
    return {"config": info, "mapped": sorted(maps), "openblas": any("openblas" in m for m in maps)}


if __name__ == "__main__":
    main()
