#!/usr/bin/env python3
"""Test oracle only: GPT-2 forward pass in float64 numpy, written from the GPT-2 equations, independent of the tfjs code.

Usage: gpt2_oracle.py MODEL_DIR INPUT_JSON OUTPUT_JSON
  MODEL_DIR holds config.json and model.safetensors (F32/F16/BF16, names with or without "transformer.").
  INPUT_JSON: {"sequences": [[ids...], ...], "pairs": [{"prompt": [ids], "completion": [ids]}, ...]}
  OUTPUT_JSON: {"logits": [[[V floats] per position] per sequence], "logp_sums": [float per pair]}
Each sequence and pair is run on its own, unpadded, so padding and masking in the engine are checked too.
"""
import json
import math
import struct
import sys

import numpy as np


def read_safetensors(path):
    with open(path, "rb") as f:
        buf = f.read()
    (n,) = struct.unpack("<Q", buf[:8])
    header = json.loads(buf[8 : 8 + n])
    data = buf[8 + n :]
    kinds = {"F32": "<f4", "F16": "<f2"}
    out = {}
    for name, e in header.items():
        if name == "__metadata__":
            continue
        b, end = e["data_offsets"]
        raw = data[b:end]
        if e["dtype"] == "BF16":
            arr = (np.frombuffer(raw, dtype="<u2").astype(np.uint32) << 16).view(np.float32)
        else:
            arr = np.frombuffer(raw, dtype=kinds[e["dtype"]])
        name = name[len("transformer.") :] if name.startswith("transformer.") else name
        out[name] = arr.astype(np.float64).reshape(e["shape"])
    return out


def layer_norm(x, g, b, eps):
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)  # biased variance, as torch.nn.LayerNorm
    return (x - mu) / np.sqrt(var + eps) * g + b


def act(x, kind):
    if kind in ("gelu_new", "gelu_pytorch_tanh"):
        return 0.5 * x * (1.0 + np.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x**3)))
    if kind == "gelu":
        erf = np.vectorize(math.erf)
        return 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))
    if kind == "relu":
        return np.maximum(x, 0.0)
    raise ValueError(kind)


def forward(w, cfg, ids):
    """Logits [T, V] for one unpadded sequence."""
    d, H = cfg["n_embd"], cfg["n_head"]
    hd = d // H
    eps = cfg.get("layer_norm_epsilon", 1e-5)
    kind = cfg.get("activation_function", "gelu_new")
    T = len(ids)
    h = w["wte.weight"][ids] + w["wpe.weight"][:T]
    future = np.triu(np.ones((T, T), dtype=bool), k=1)
    for i in range(cfg["n_layer"]):
        p = f"h.{i}."
        a = layer_norm(h, w[p + "ln_1.weight"], w[p + "ln_1.bias"], eps)
        qkv = a @ w[p + "attn.c_attn.weight"] + w[p + "attn.c_attn.bias"]  # Conv1D: x @ W[in, out] + b
        q, k, v = np.split(qkv, 3, axis=-1)
        heads = []
        for j in range(H):
            s = slice(j * hd, (j + 1) * hd)
            att = q[:, s] @ k[:, s].T / math.sqrt(hd)
            att = np.where(future, -np.inf, att)
            att = np.exp(att - att.max(-1, keepdims=True))
            att /= att.sum(-1, keepdims=True)
            heads.append(att @ v[:, s])
        y = np.concatenate(heads, axis=-1)
        h = h + y @ w[p + "attn.c_proj.weight"] + w[p + "attn.c_proj.bias"]
        m = layer_norm(h, w[p + "ln_2.weight"], w[p + "ln_2.bias"], eps)
        f = act(m @ w[p + "mlp.c_fc.weight"] + w[p + "mlp.c_fc.bias"], kind)
        h = h + f @ w[p + "mlp.c_proj.weight"] + w[p + "mlp.c_proj.bias"]
    h = layer_norm(h, w["ln_f.weight"], w["ln_f.bias"], eps)
    return h @ w["wte.weight"].T  # tied head


def log_softmax(x):
    m = x.max(-1, keepdims=True)
    return x - m - np.log(np.exp(x - m).sum(-1, keepdims=True))


def completion_logp(w, cfg, prompt, completion):
    ids = list(prompt) + list(completion)
    lp = log_softmax(forward(w, cfg, ids))
    # Token t is predicted from position t-1; score only completion tokens.
    return float(sum(lp[t - 1, ids[t]] for t in range(len(prompt), len(ids))))


def main():
    model_dir, inp, outp = sys.argv[1:4]
    with open(f"{model_dir}/config.json") as f:
        cfg = json.load(f)
    w = read_safetensors(f"{model_dir}/model.safetensors")
    with open(inp) as f:
        req = json.load(f)
    res = {
        "logits": [forward(w, cfg, s).tolist() for s in req.get("sequences", [])],
        "logp_sums": [completion_logp(w, cfg, p["prompt"], p["completion"]) for p in req.get("pairs", [])],
    }
    with open(outp, "w") as f:
        json.dump(res, f)


if __name__ == "__main__":
    main()
