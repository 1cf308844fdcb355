#!/usr/bin/env python3
"""Test oracle only: Llama-family forward pass (model_type llama, mistral, qwen2, qwen3) in float64 numpy,
written from the model equations (as Hugging Face transformers 4.x/5.x define them), independent of the tfjs code.

Usage: llama_oracle.py MODEL_DIR INPUT_JSON OUTPUT_JSON
  MODEL_DIR holds config.json and model.safetensors (F32/F16/BF16; full names as save_pretrained writes them).
  INPUT_JSON: {"sequences": [[ids...], ...], "pairs": [{"prompt": [ids], "completion": [ids]}, ...], "hidden": false}
  OUTPUT_JSON: {"logits": [[[V floats] per position] per sequence], "logp_sums": [float per pair]}
               plus "hidden": [[[d floats] per position] per sequence] (after the final norm) when "hidden" is true.
Each sequence and pair is run on its own, unpadded. Anything the oracle does not model exits non-zero.

Per layer (pre-norm):  h += o(attn(rope(norm_qk(q(n1(h)))), rope(norm_qk(k(n1(h)))), v(n1(h))));  h += down(silu(gate(n2(h))) * up(n2(h)))
  n(x) = x / sqrt(mean(x^2) + eps) * w            (RMSNorm; qwen3 also applies one per head to q and k, before rope)
  attention: softmax(q k^T / sqrt(head_dim) + mask) v; query head i reads kv head i // (H / KV)  (repeat_kv)
  mask: j <= i, and with a mistral sliding window W also i - j < W
"""
import json
import math
import sys

import numpy as np

from oracle_io import main

FAMILIES = ("llama", "mistral", "qwen2", "qwen3")


def fail(msg):
    raise SystemExit(f"llama_oracle: {msg}")


def rms_norm(x, w, eps):
    return x / np.sqrt((x * x).mean(-1, keepdims=True) + eps) * w


def rope_inv_freq(cfg, hd):
    """Inverse frequencies [hd/2] over the full head_dim (modeling_rope_utils / <Model>RotaryEmbedding)."""
    # transformers 5 reads a legacy "rope_scaling" dict in preference to "rope_parameters" (convert_rope_params_to_dict);
    # 4.x keeps rope_theta at top level, 5.x writes it inside rope_parameters, which wins.
    rp = dict(cfg.get("rope_scaling") or cfg.get("rope_parameters") or {})
    theta = float(rp.get("rope_theta", cfg.get("rope_theta", 10000.0)))
    kind = rp.get("rope_type", rp.get("type", "default"))  # "type" is the 4.x spelling
    prf = rp.get("partial_rotary_factor", cfg.get("partial_rotary_factor", 1.0))
    if prf != 1.0:
        fail(f"partial_rotary_factor {prf} not modelled for llama-family rope")
    inv = 1.0 / theta ** (np.arange(0, hd, 2, dtype=np.float64) / hd)
    if kind == "default":
        return inv
    if kind == "linear":  # position interpolation: scaling positions by 1/factor == scaling inv_freq
        return inv / float(rp["factor"])
    if kind == "llama3":
        f, lo, hi = float(rp["factor"]), float(rp["low_freq_factor"]), float(rp["high_freq_factor"])
        # 5.x fills original_max_position_embeddings from max_position_embeddings when missing
        old = float(rp.get("original_max_position_embeddings", cfg.get("max_position_embeddings")))
        wavelen = 2 * math.pi / inv
        smooth = (old / wavelen - lo) / (hi - lo)
        # wavelen < old/hi: high frequency, kept; wavelen > old/lo: low frequency, divided by factor;
        # otherwise (both bounds inclusive): blend (1 - s) * inv / f + s * inv with s = (old / wavelen - lo) / (hi - lo)
        mid = (1 - smooth) * inv / f + smooth * inv
        return np.where(wavelen > old / lo, inv / f, np.where(wavelen < old / hi, inv, mid))
    fail(f"rope type {kind!r} not modelled")


def rope(x, cos, sin):
    """Rotate-half layout: pairs (x[i], x[i + hd/2]); x [T, heads, hd], cos/sin [T, hd]."""
    half = x.shape[-1] // 2
    rot = np.concatenate([-x[..., half:], x[..., :half]], axis=-1)
    return x * cos[:, None, :] + rot * sin[:, None, :]


class Model:
    def __init__(self, cfg, w):
        mt = cfg.get("model_type")
        if mt not in FAMILIES:
            fail(f"model_type {mt!r} is not one of {FAMILIES}")
        if cfg.get("hidden_act", "silu") not in ("silu", "swish"):  # both are x * sigmoid(x) in ACT2FN
            fail(f"hidden_act {cfg.get('hidden_act')!r} not modelled")
        # Defaults are the transformers config-class defaults for keys a config.json may omit.
        self.d, self.H, self.L = cfg["hidden_size"], cfg["num_attention_heads"], cfg["num_hidden_layers"]
        self.KV = cfg.get("num_key_value_heads") or {"mistral": 8, "qwen2": 32, "qwen3": 32}.get(mt, self.H)
        self.hd = cfg.get("head_dim") or (128 if mt == "qwen3" else self.d // self.H)
        self.eps = float(cfg.get("rms_norm_eps", 1e-6))
        if self.H % self.KV or self.hd % 2:
            fail(f"heads {self.H} not a multiple of kv heads {self.KV}, or odd head_dim {self.hd}")
        self.window = None
        if mt == "mistral":
            self.window = cfg.get("sliding_window", 4096)  # MistralConfig default 4096; null = full causal
        if mt in ("qwen2", "qwen3"):
            if cfg.get("use_sliding_window", False):
                fail("use_sliding_window is not supported (the engine refuses it too)")
            if any(t != "full_attention" for t in cfg.get("layer_types") or []):
                fail("layer_types other than full_attention")
        self.qk_norm = mt == "qwen3"
        self.inv_freq = rope_inv_freq(cfg, self.hd)

        # Biases are taken from the file; the config must agree (qwen2 hard-codes q/k/v bias, mistral none).
        ab = bool(cfg.get("attention_bias", False))
        want = {"q_proj": ab, "k_proj": ab, "v_proj": ab, "o_proj": ab}
        if mt == "qwen2":
            want = {"q_proj": True, "k_proj": True, "v_proj": True, "o_proj": False}
        if mt == "mistral":
            want = dict.fromkeys(want, False)
        mb = bool(cfg.get("mlp_bias", False)) if mt == "llama" else False
        want.update({"gate_proj": mb, "up_proj": mb, "down_proj": mb})
        self.w, used = w, set()

        def take(name, shape):
            if name not in w:
                fail(f"missing tensor {name}")
            if tuple(w[name].shape) != tuple(shape):
                fail(f"{name} has shape {list(w[name].shape)}, expected {list(shape)}")
            used.add(name)
            return w[name]

        d, H, KV, hd, f = self.d, self.H, self.KV, self.hd, cfg["intermediate_size"]
        self.embed = take("model.embed_tokens.weight", (cfg["vocab_size"], d))
        shapes = {"q_proj": (H * hd, d), "k_proj": (KV * hd, d), "v_proj": (KV * hd, d), "o_proj": (d, H * hd),
                  "gate_proj": (f, d), "up_proj": (f, d), "down_proj": (d, f)}
        self.layers = []
        for i in range(self.L):
            p = f"model.layers.{i}."
            lay = {"n1": take(p + "input_layernorm.weight", (d,)), "n2": take(p + "post_attention_layernorm.weight", (d,))}
            for proj, shape in shapes.items():
                name = p + ("mlp." if proj in ("gate_proj", "up_proj", "down_proj") else "self_attn.") + proj
                has_b = name + ".bias" in w
                if has_b != want[proj]:
                    fail(f"{name}.bias {'present' if has_b else 'absent'} but the config says otherwise")
                lay[proj] = (take(name + ".weight", shape), take(name + ".bias", shape[:1]) if has_b else 0.0)
            if self.qk_norm:
                lay["qn"] = take(p + "self_attn.q_norm.weight", (hd,))
                lay["kn"] = take(p + "self_attn.k_norm.weight", (hd,))
            self.layers.append(lay)
        self.norm = take("model.norm.weight", (d,))
        # Tied: save_pretrained omits lm_head and the head is embed_tokens. Refuse an ambiguous file.
        tied = bool(cfg.get("tie_word_embeddings", False))
        if "lm_head.weight" in w:
            self.head = take("lm_head.weight", self.embed.shape)
            if tied and not np.array_equal(self.head, self.embed):
                fail("tie_word_embeddings is true but lm_head.weight differs from embed_tokens")
        elif tied:
            self.head = self.embed
        else:
            fail("lm_head.weight missing and tie_word_embeddings is false")
        extra = [n for n in w if n not in used and not n.endswith("rotary_emb.inv_freq")]
        if extra:
            fail(f"tensors not modelled: {extra[:5]}")

    def forward(self, ids):
        """(logits [T, V], final hidden [T, d]) for one unpadded sequence."""
        T, H, KV, hd = len(ids), self.H, self.KV, self.hd
        g = H // KV
        i, j = np.arange(T)[:, None], np.arange(T)[None, :]
        allowed = j <= i
        if self.window is not None:
            # transformers masking_utils: causal (kv_idx <= q_idx) AND sliding_window_overlay (kv_idx > q_idx - W),
            # i.e. query i sees the W keys i-W+1 .. i (itself included): i - j < W.
            allowed &= (i - j) < self.window
        ang = np.arange(T, dtype=np.float64)[:, None] * self.inv_freq[None, :]
        emb = np.concatenate([ang, ang], axis=-1)  # frequency k drives dims k and k + hd/2
        cos, sin = np.cos(emb), np.sin(emb)
        lin = lambda x, wb: x @ wb[0].T + wb[1]  # nn.Linear: W is [out, in]
        h = self.embed[ids]
        for lay in self.layers:
            a = rms_norm(h, lay["n1"], self.eps)
            q = lin(a, lay["q_proj"]).reshape(T, H, hd)
            k = lin(a, lay["k_proj"]).reshape(T, KV, hd)
            v = lin(a, lay["v_proj"]).reshape(T, KV, hd)
            if self.qk_norm:  # qwen3: per-head RMSNorm over head_dim, before rope
                q, k = rms_norm(q, lay["qn"], self.eps), rms_norm(k, lay["kn"], self.eps)
            q, k = rope(q, cos, sin), rope(k, cos, sin)
            y = np.empty((T, H, hd))
            for hh in range(H):
                kv = hh // g  # repeat_kv: kv head j serves query heads j*g .. j*g+g-1
                s = q[:, hh] @ k[:, kv].T / math.sqrt(hd)
                s = np.where(allowed, s, -np.inf)
                s = np.exp(s - s.max(-1, keepdims=True))
                y[:, hh] = (s / s.sum(-1, keepdims=True)) @ v[:, kv]
            h = h + lin(y.reshape(T, H * hd), lay["o_proj"])
            m = rms_norm(h, lay["n2"], self.eps)
            gate = lin(m, lay["gate_proj"])
            silu = gate * 0.5 * (1.0 + np.tanh(gate / 2))  # x * sigmoid(x), written without exp overflow
            h = h + lin(silu * lin(m, lay["up_proj"]), lay["down_proj"])
        h = rms_norm(h, self.norm, self.eps)
        return h @ self.head.T, h


if __name__ == "__main__":
    main(Model)
