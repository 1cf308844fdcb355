#!/usr/bin/env python3
"""Test oracle only: GPT-NeoX (Pythia) forward pass in float64 numpy, written from the model equations
(as Hugging Face transformers 4.x/5.x define them), independent of the tfjs code.

Usage: gpt_neox_oracle.py MODEL_DIR INPUT_JSON OUTPUT_JSON
  MODEL_DIR holds config.json and model.safetensors (F32/F16/BF16; full names as save_pretrained writes them).
  INPUT_JSON: {"sequences": [[ids...], ...], "pairs": [{"prompt": [ids], "completion": [ids]}, ...], "hidden": false}
  OUTPUT_JSON: {"logits": [[[V floats] per position] per sequence], "logp_sums": [float per pair]}
               plus "hidden": [[[d floats] per position] per sequence] (after final_layer_norm) when "hidden" is true.
Each sequence and pair is run on its own, unpadded. Anything the oracle does not model exits non-zero.

Per layer:  a = attn(ln1(x))
  use_parallel_residual:  x + a + mlp(ln2(x))          else:  h = x + a;  h + mlp(ln2(h))
  attn: qkv = x Wqkv^T + b viewed [T, H, 3*hd] -> q, k, v = thirds of the last axis (per head, not per tensor);
        rope (rotate-half) on the first rotary_ndims = int(hd * rotary_pct) dims of q and k, the rest passed through;
        softmax(q k^T / sqrt(hd) + causal mask) v, then dense.
  mlp: dense_4h_to_h(act(dense_h_to_4h(x))); LayerNorm with bias, biased variance, layer_norm_eps.
"""
import json
import math
import sys

import numpy as np

from oracle_io import main


def fail(msg):
    raise SystemExit(f"gpt_neox_oracle: {msg}")


def layer_norm(x, g, b, eps):
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)  # biased variance, as torch.nn.LayerNorm
    return (x - mu) / np.sqrt(var + eps) * g + b


_erf = np.vectorize(math.erf)


def act(x, kind):
    if kind == "gelu":  # exact erf GELU (ACT2FN "gelu")
        return 0.5 * x * (1.0 + _erf(x / math.sqrt(2.0)))
    if kind in ("gelu_new", "gelu_fast", "gelu_pytorch_tanh"):  # all the tanh approximation
        return 0.5 * x * (1.0 + np.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x**3)))
    if kind == "relu":
        return np.maximum(x, 0.0)
    fail(f"hidden_act {kind!r} not modelled")


def rope_params(cfg, hd):
    """(inv_freq [rotary_ndims/2], rotary_ndims)."""
    # transformers 5 (GPTNeoXConfig.convert_rope_params_to_dict): a legacy "rope_scaling" dict wins over
    # "rope_parameters"; rope_theta defaults to rotary_emb_base, partial_rotary_factor to rotary_pct (0.25), both
    # written inside rope_parameters by 5.x. 4.x keeps rotary_emb_base / rotary_pct at top level.
    rp = dict(cfg.get("rope_scaling") or cfg.get("rope_parameters") or {})
    theta = float(rp.get("rope_theta", cfg.get("rotary_emb_base", cfg.get("rope_theta", 10000.0))))
    pct = float(rp.get("partial_rotary_factor", cfg.get("rotary_pct", cfg.get("partial_rotary_factor", 0.25))))
    rd = int(hd * pct)  # int() truncation, as GPTNeoXAttention.rotary_ndims
    if rd % 2:
        fail(f"odd rotary_ndims {rd}")
    inv = 1.0 / theta ** (np.arange(0, rd, 2, dtype=np.float64) / rd) if rd else np.zeros(0)
    kind = rp.get("rope_type", rp.get("type", "default"))
    if kind == "linear":  # position interpolation: positions / factor == inv_freq / factor
        inv = inv / float(rp["factor"])
    elif kind != "default":
        fail(f"rope type {kind!r} not modelled")
    return inv, rd


class Model:
    def __init__(self, cfg, w):
        if cfg.get("model_type") != "gpt_neox":
            fail(f"model_type {cfg.get('model_type')!r} is not gpt_neox")
        self.d, self.H, self.L = cfg["hidden_size"], cfg["num_attention_heads"], cfg["num_hidden_layers"]
        if self.d % self.H:
            fail("hidden_size not a multiple of num_attention_heads")
        self.hd = self.d // self.H  # NeoX has no separate head_dim
        self.eps = float(cfg.get("layer_norm_eps", 1e-5))
        self.kind = cfg.get("hidden_act", "gelu")
        act(np.zeros(1), self.kind)  # refuse an unknown activation up front
        self.parallel = bool(cfg.get("use_parallel_residual", True))
        self.inv_freq, self.rd = rope_params(cfg, self.hd)
        attn_bias = bool(cfg.get("attention_bias", True))  # qkv and dense; MLP and LayerNorms always have bias
        used = set()

        def take(name, shape):
            if name not in w:
                fail(f"missing tensor {name}")
            if tuple(w[name].shape) != tuple(shape):
                fail(f"{name} has shape {list(w[name].shape)}, expected {list(shape)}")
            used.add(name)
            return w[name]

        def linear(name, shape, bias):
            has_b = name + ".bias" in w
            if has_b != bias:
                fail(f"{name}.bias {'present' if has_b else 'absent'} but the config says otherwise")
            return take(name + ".weight", shape), (take(name + ".bias", shape[:1]) if has_b else 0.0)

        d, f = self.d, cfg["intermediate_size"]
        ln = lambda name: (take(name + ".weight", (d,)), take(name + ".bias", (d,)))
        self.embed = take("gpt_neox.embed_in.weight", (cfg["vocab_size"], d))
        self.layers = []
        for i in range(self.L):
            p = f"gpt_neox.layers.{i}."
            self.layers.append({
                "ln1": ln(p + "input_layernorm"),
                "ln2": ln(p + "post_attention_layernorm"),
                "qkv": linear(p + "attention.query_key_value", (3 * d, d), attn_bias),
                "dense": linear(p + "attention.dense", (d, d), attn_bias),
                "up": linear(p + "mlp.dense_h_to_4h", (f, d), True),
                "down": linear(p + "mlp.dense_4h_to_h", (d, f), True),
            })
        self.ln_f = ln("gpt_neox.final_layer_norm")
        # Tied: the head is embed_in (save_pretrained omits embed_out). Refuse an ambiguous file.
        tied = bool(cfg.get("tie_word_embeddings", False))
        if "embed_out.weight" in w:
            self.head = take("embed_out.weight", self.embed.shape)
            if tied and not np.array_equal(self.head, self.embed):
                fail("tie_word_embeddings is true but embed_out.weight differs from embed_in")
        elif tied:
            self.head = self.embed
        else:
            fail("embed_out.weight missing and tie_word_embeddings is false")
        buffers = (".attention.bias", ".attention.masked_bias", "rotary_emb.inv_freq")  # causal-mask / rope buffers
        extra = [n for n in w if n not in used and not n.endswith(buffers)]
        if extra:
            fail(f"tensors not modelled: {extra[:5]}")

    def forward(self, ids):
        """(logits [T, V], final hidden [T, d]) for one unpadded sequence."""
        T, H, hd, rd = len(ids), self.H, self.hd, self.rd
        future = np.triu(np.ones((T, T), dtype=bool), k=1)
        ang = np.arange(T, dtype=np.float64)[:, None] * self.inv_freq[None, :]
        emb = np.concatenate([ang, ang], axis=-1)  # [T, rd]: frequency k drives dims k and k + rd/2
        cos, sin = np.cos(emb)[:, None, :], np.sin(emb)[:, None, :]

        def rope(x):  # x [T, H, hd]; rotate-half within the first rd dims only
            r, rest = x[..., :rd], x[..., rd:]
            half = rd // 2
            rot = np.concatenate([-r[..., half:], r[..., :half]], axis=-1)
            return np.concatenate([r * cos + rot * sin, rest], axis=-1)

        lin = lambda x, wb: x @ wb[0].T + wb[1]  # nn.Linear: W is [out, in]
        x = self.embed[ids]
        for lay in self.layers:
            a_in = layer_norm(x, *lay["ln1"], self.eps)
            qkv = lin(a_in, lay["qkv"]).reshape(T, H, 3 * hd)  # fused per head: [q_h | k_h | v_h] for each head h
            q, k, v = rope(qkv[..., :hd]), rope(qkv[..., hd : 2 * hd]), qkv[..., 2 * hd :]
            y = np.empty((T, H, hd))
            for hh in range(H):
                s = q[:, hh] @ k[:, hh].T / math.sqrt(hd)
                s = np.where(future, -np.inf, s)
                s = np.exp(s - s.max(-1, keepdims=True))
                y[:, hh] = (s / s.sum(-1, keepdims=True)) @ v[:, hh]
            attn = lin(y.reshape(T, H * hd), lay["dense"])
            mlp = lambda z: lin(act(lin(layer_norm(z, *lay["ln2"], self.eps), lay["up"]), self.kind), lay["down"])
            if self.parallel:  # both branches read the layer input
                x = x + attn + mlp(x)
            else:
                h = x + attn
                x = h + mlp(h)
        x = layer_norm(x, *self.ln_f, self.eps)
        return x @ self.head.T, x


if __name__ == "__main__":
    main(Model)
