#!/usr/bin/env python3
"""Test oracle only: Gemma 3 (model_type gemma3_text) and Gemma 2 (gemma2) forward passes in float64 numpy, written
from the model equations (as transformers 5's modeling_gemma3.py / modeling_gemma2.py define them), independent of the
tfjs code.

Usage: gemma_oracle.py MODEL_DIR INPUT_JSON OUTPUT_JSON   (formats as in llama_oracle.py)

  n(x) = x / sqrt(mean(x^2) + eps) * (1 + w)                                  (every norm, q/k norms included)
  h0 = embed[ids] * sqrt(hidden)
  per layer: a = h + n_post_attn(o(attn(n_in(h))));  h = a + n_post_ff(down(gelu_tanh(gate(n_pre_ff(a))) * up(n_pre_ff(a))))
  attention: s = q k^T * query_pre_attn_scalar^-0.5; gemma2: s = tanh(s / c) * c; softmax over the allowed keys
  gemma3: q, k = n_q(q), n_k(k) per head before rope; rope theta per layer type (local: rope_local_base_freq)
  sliding layers: key j visible to query i when 0 <= i - j < sliding_window
  logits = n_final(h) @ head^T, then tanh(z / c) * c when final_logit_softcapping is set
"""
import math

import numpy as np

from oracle_io import main


def fail(msg):
    raise SystemExit(f"gemma_oracle: {msg}")


def norm(x, w, eps):
    return x / np.sqrt((x * x).mean(-1, keepdims=True) + eps) * (1.0 + w)


def gelu_tanh(x):
    return 0.5 * x * (1.0 + np.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x**3)))


def inv_freq(theta, kind, hd):
    inv = 1.0 / theta ** (np.arange(0, hd, 2, dtype=np.float64) / hd)
    if kind.get("rope_type", kind.get("type", "default")) == "default":
        return inv
    if kind.get("rope_type", kind.get("type")) == "linear":
        return inv / float(kind["factor"])
    fail(f"rope type {kind} not modelled")


class Model:
    def __init__(self, cfg, w):
        mt = cfg.get("model_type")
        if mt not in ("gemma3_text", "gemma2"):
            fail(f"model_type {mt!r}")
        if cfg.get("hidden_activation", "gelu_pytorch_tanh") != "gelu_pytorch_tanh":
            fail("hidden_activation")
        self.mt = mt
        self.d, self.H, self.L = cfg["hidden_size"], cfg["num_attention_heads"], cfg["num_hidden_layers"]
        self.KV = cfg.get("num_key_value_heads", 4)
        self.hd = cfg.get("head_dim", 256)
        self.eps = float(cfg.get("rms_norm_eps", 1e-6))
        self.scale = float(cfg.get("query_pre_attn_scalar", 256)) ** -0.5
        self.window = cfg.get("sliding_window", 4096)
        default_caps = (50.0, 30.0) if mt == "gemma2" else (None, None)
        # Gemma 3 never applies the attention soft-cap it stores.
        self.attn_cap = cfg.get("attn_logit_softcapping", default_caps[0]) if mt == "gemma2" else None
        self.final_cap = cfg.get("final_logit_softcapping", default_caps[1])
        types = cfg.get("layer_types")
        if types is None:
            every = 2 if mt == "gemma2" else cfg.get("sliding_window_pattern", 6)
            types = ["sliding_attention" if (i + 1) % every else "full_attention" for i in range(self.L)]
        self.types = types
        rp = cfg.get("rope_parameters")
        if mt == "gemma2":
            r = dict(cfg.get("rope_scaling") or rp or {})
            f = inv_freq(float(r.get("rope_theta", cfg.get("rope_theta", 10000.0))), r, self.hd)
            self.inv = {"full_attention": f, "sliding_attention": f}
        elif rp is not None:
            full = dict(rp.get("full_attention") or {})
            full.update(cfg.get("rope_scaling") or {})
            loc = dict(rp.get("sliding_attention") or {})
            self.inv = {
                "full_attention": inv_freq(float(full.get("rope_theta", cfg.get("rope_theta", 1e6))), full, self.hd),
                "sliding_attention": inv_freq(float(loc.get("rope_theta", cfg.get("rope_local_base_freq", 1e4))), loc, self.hd),
            }
        else:
            self.inv = {
                "full_attention": inv_freq(float(cfg.get("rope_theta", 1e6)), dict(cfg.get("rope_scaling") or {}), self.hd),
                "sliding_attention": inv_freq(float(cfg.get("rope_local_base_freq", 1e4)), {}, self.hd),
            }
        used = set()

        def take(name, shape):
            if name not in w:
                fail(f"missing tensor {name}")
            if tuple(w[name].shape) != tuple(shape):
                fail(f"{name} has shape {list(w[name].shape)}, expected {list(shape)}")
            used.add(name)
            return w[name]

        d, H, KV, hd, f = self.d, self.H, self.KV, self.hd, cfg["intermediate_size"]
        self.embed = take("model.embed_tokens.weight", (cfg["vocab_size"], d))
        self.layers = []
        for i in range(self.L):
            p = f"model.layers.{i}."
            lay = {n: take(p + n + ".weight", (d,)) for n in
                   ("input_layernorm", "post_attention_layernorm", "pre_feedforward_layernorm", "post_feedforward_layernorm")}
            for n, shape in (("q_proj", (H * hd, d)), ("k_proj", (KV * hd, d)), ("v_proj", (KV * hd, d)), ("o_proj", (d, H * hd))):
                lay[n] = take(p + "self_attn." + n + ".weight", shape)
            for n, shape in (("gate_proj", (f, d)), ("up_proj", (f, d)), ("down_proj", (d, f))):
                lay[n] = take(p + "mlp." + n + ".weight", shape)
            if mt == "gemma3_text":
                lay["q_norm"] = take(p + "self_attn.q_norm.weight", (hd,))
                lay["k_norm"] = take(p + "self_attn.k_norm.weight", (hd,))
            self.layers.append(lay)
        self.norm = take("model.norm.weight", (d,))
        tied = bool(cfg.get("tie_word_embeddings", True))
        if "lm_head.weight" in w and not tied:
            self.head = take("lm_head.weight", self.embed.shape)
        elif tied:
            self.head = self.embed
        else:
            fail("lm_head.weight missing and tie_word_embeddings is false")
        extra = [n for n in w if n not in used and n != "lm_head.weight"]
        if extra:
            fail(f"tensors not modelled: {extra[:5]}")

    def forward(self, ids):
        T, H, KV, hd = len(ids), self.H, self.KV, self.hd
        g = H // KV
        i, j = np.arange(T)[:, None], np.arange(T)[None, :]
        allowed = {"full_attention": j <= i, "sliding_attention": (j <= i) & (i - j < self.window)}
        trig = {}
        for kind, inv in self.inv.items():
            ang = np.arange(T, dtype=np.float64)[:, None] * inv[None, :]
            emb = np.concatenate([ang, ang], axis=-1)
            trig[kind] = (np.cos(emb), np.sin(emb))

        def rope(x, kind):
            cos, sin = trig[kind]
            half = hd // 2
            rot = np.concatenate([-x[..., half:], x[..., :half]], axis=-1)
            return x * cos[:, None, :] + rot * sin[:, None, :]

        h = self.embed[ids] * math.sqrt(self.d)
        for lay, kind in zip(self.layers, self.types):
            x = norm(h, lay["input_layernorm"], self.eps)
            q = (x @ lay["q_proj"].T).reshape(T, H, hd)
            k = (x @ lay["k_proj"].T).reshape(T, KV, hd)
            v = (x @ lay["v_proj"].T).reshape(T, KV, hd)
            if self.mt == "gemma3_text":
                q, k = norm(q, lay["q_norm"], self.eps), norm(k, lay["k_norm"], self.eps)
            q, k = rope(q, kind), rope(k, kind)
            y = np.empty((T, H, hd))
            for hh in range(H):
                s = q[:, hh] @ k[:, hh // g].T * self.scale
                if self.attn_cap is not None:
                    s = np.tanh(s / self.attn_cap) * self.attn_cap
                s = np.where(allowed[kind], s, -np.inf)
                s = np.exp(s - s.max(-1, keepdims=True))
                y[:, hh] = (s / s.sum(-1, keepdims=True)) @ v[:, hh // g]
            a = h + norm(y.reshape(T, H * hd) @ lay["o_proj"].T, lay["post_attention_layernorm"], self.eps)
            m = norm(a, lay["pre_feedforward_layernorm"], self.eps)
            mlp = (gelu_tanh(m @ lay["gate_proj"].T) * (m @ lay["up_proj"].T)) @ lay["down_proj"].T
            h = a + norm(mlp, lay["post_feedforward_layernorm"], self.eps)
        h = norm(h, self.norm, self.eps)
        z = h @ self.head.T
        if self.final_cap is not None:
            z = np.tanh(z / self.final_cap) * self.final_cap
        return z, h


if __name__ == "__main__":
    main(Model)
