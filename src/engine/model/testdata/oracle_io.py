"""Shared by the float64 numpy test oracles (llama_oracle.py, gpt_neox_oracle.py): the safetensors reader, completion
log-prob scoring and the command line. Each oracle supplies only its model's forward pass."""
import json
import struct
import sys

import numpy as np


def fail(msg):
    raise SystemExit(f"{sys.argv[0]}: {msg}")


def read_safetensors(path):
    with open(path, "rb") as f:
        buf = f.read()
    (n,) = struct.unpack("<Q", buf[:8])
    header = json.loads(buf[8 : 8 + n])
    data = buf[8 + n :]
    kinds = {"F32": "<f4", "F16": "<f2", "F64": "<f8"}
    out = {}
    for name, e in header.items():
        if name == "__metadata__":
            continue
        b, end = e["data_offsets"]
        raw = data[b:end]
        if e["dtype"] == "BF16":  # bf16 is the top half of an f32
            arr = (np.frombuffer(raw, dtype="<u2").astype(np.uint32) << 16).view(np.float32)
        elif e["dtype"] in kinds:
            arr = np.frombuffer(raw, dtype=kinds[e["dtype"]])
        else:
            fail(f"{name}: dtype {e['dtype']} not supported")
        out[name] = arr.astype(np.float64).reshape(e["shape"])
    return out


def log_softmax(x):
    m = x.max(-1, keepdims=True)
    return x - m - np.log(np.exp(x - m).sum(-1, keepdims=True))


def completion_logp(model, prompt, completion):
    ids = list(prompt) + list(completion)
    lp = log_softmax(model.forward(ids)[0])
    # Token t is predicted from position t-1; score only completion tokens (position 0 has no predecessor).
    return float(sum(lp[t - 1, ids[t]] for t in range(max(len(prompt), 1), len(ids))))


def main(Model):
    if len(sys.argv) != 4:
        fail("usage: ORACLE MODEL_DIR INPUT_JSON OUTPUT_JSON")
    model_dir, inp, outp = sys.argv[1:4]
    with open(f"{model_dir}/config.json") as f:
        cfg = json.load(f)
    model = Model(cfg, read_safetensors(f"{model_dir}/model.safetensors"))
    with open(inp) as f:
        req = json.load(f)
    runs = [model.forward(s) for s in req.get("sequences", [])]
    res = {
        "logits": [lg.tolist() for lg, _ in runs],
        "logp_sums": [completion_logp(model, p["prompt"], p["completion"]) for p in req.get("pairs", [])],
    }
    if req.get("hidden"):
        res["hidden"] = [h.tolist() for _, h in runs]
    with open(outp, "w") as f:
        json.dump(res, f)


