"""Float64 reference for every loss type, written from TRL v1.9.0's formulas (trl/trainer/dpo_trainer.py,
DPOTrainer._compute_loss; trl/experimental/cpo and orpo), DPOP from Pal et al. 2024 Eq. 3, cDPO from TRL < 1.0.

Writes trl_losses_golden.json next to this file (or to the path given as argv[1]); losses.trl.test.ts reads it.
"""
import json
import sys
from pathlib import Path

import numpy as np


def logsig(z):
    return -np.logaddexp(0.0, -z)


def sig(z):
    return 1.0 / (1.0 + np.exp(-z))


def scores(h, ftype, coef):
    if ftype == "reverse_kl":
        return h
    if ftype == "forward_kl":
        return -np.exp(-h)
    if ftype == "js_divergence":
        return logsig(h)
    if ftype == "alpha_divergence":
        if abs(coef - 1.0) < 1e-6:
            return h
        return np.exp(np.minimum((coef - 1.0) * h, 80.0)) / (coef - 1.0)
    raise ValueError(ftype)


def log_odds(m):
    m = np.minimum(m, -1e-6)
    return m - np.log(-np.expm1(m))


def term(t, x, p):
    pc, pl, rc, rl, lc, ll = (x[k] for k in ("pc", "pl", "rc", "rl", "lenC", "lenL"))
    b, e = p["beta"], p["label_smoothing"]
    hc, hl = pc - rc, pl - rl
    sc, sl = scores(hc, p["f_divergence_type"], p["f_alpha_divergence_coef"]), scores(hl, p["f_divergence_type"], p["f_alpha_divergence_coef"])
    d = sc - sl
    z = b * d
    lcc, llc = np.maximum(lc, 1.0), np.maximum(ll, 1.0)
    if t == "sigmoid":
        return -logsig(z)
    if t == "hinge":
        return np.maximum(0.0, 1.0 - z)
    if t == "ipo":
        return (sc / lcc - sl / llc - 1.0 / (2.0 * b)) ** 2
    if t == "exo_pair":
        return sig(z) * (logsig(z) - np.log1p(-e)) + sig(-z) * (logsig(-z) - np.log(e))
    if t == "nca_pair":
        return -logsig(b * sc) - 0.5 * logsig(-b * sc) - 0.5 * logsig(-b * sl)
    if t == "robust":
        return (-(1 - e) * logsig(z) + e * logsig(-z)) / (1 - 2 * e)
    if t == "bco_pair":
        return -logsig(b * sc) - logsig(-b * sl)
    if t == "sppo_hard":
        return (sc - 0.5 / b) ** 2 + (sl + 0.5 / b) ** 2
    if t in ("aot", "aot_unpaired"):
        if t == "aot":
            dd = np.sort(pc - pl) - np.sort(rc - rl)
        else:
            dd = np.sort(hc) - np.sort(hl)
        return -logsig(b * dd) * (1 - e) - logsig(-b * dd) * e
    if t == "apo_zero":
        return 1 - sig(b * hc) + sig(b * hl)
    if t == "apo_down":
        return sig(b * hc) + 1 - sig(z)
    if t == "discopop":
        m = sig(z / p["discopop_tau"])
        return -logsig(z) * (1 - m) + np.exp(-z) * m
    if t == "sft":
        return np.full(pc.shape, -pc.sum() / max(lc.sum(), 1.0))
    if t == "sigmoid_norm":
        return -logsig(b * (sc / lcc - sl / llc))
    if t == "dpop":
        return -logsig(b * (d - p["dpop_lambda"] * np.maximum(0.0, rc - pc)))
    if t == "cdpo":
        return -(1 - e) * logsig(z) - e * logsig(-z)
    if t == "simpo":
        zz = b * (pc / lcc - pl / llc) - p["simpo_gamma"]
        return -(1 - e) * logsig(zz) - e * logsig(-zz)
    if t == "orpo":
        mc, ml = pc / lcc, pl / llc
        return -mc - b * logsig(log_odds(mc) - log_odds(ml))
    raise ValueError(t)


TYPES = ["sigmoid", "hinge", "ipo", "exo_pair", "nca_pair", "robust", "bco_pair", "sppo_hard", "aot", "aot_unpaired",
         "apo_zero", "apo_down", "discopop", "sft", "sigmoid_norm", "dpop", "cdpo", "simpo", "orpo"]
BASE = {"beta": 0.1, "label_smoothing": 0.1, "discopop_tau": 0.05, "f_alpha_divergence_coef": 0.5, "dpop_lambda": 50.0,
        "simpo_gamma": 0.5, "f_divergence_type": "reverse_kl", "use_weighting": False}
# Pair 0 sits at z = 0 (policy = reference); the rest spread margins of both signs; log-probs are sums (≤ 0).
INPUTS = {
    "pc": [-12.0, -8.5, -20.25, -3.0, -15.0, -6.0],
    "pl": [-14.0, -9.0, -18.0, -7.5, -10.0, -6.5],
    "rc": [-12.0, -9.5, -19.0, -4.0, -14.5, -6.25],
    "rl": [-14.0, -8.0, -19.5, -6.0, -12.0, -6.0],
    "lenC": [6.0, 4.0, 9.0, 2.0, 7.0, 3.0],
    "lenL": [7.0, 5.0, 8.0, 4.0, 5.0, 3.0],
}
WPO = [0.05, 0.2, 0.01, 0.6, 0.03, 0.3]


def cases():
    out = []
    for ftype in ("reverse_kl", "forward_kl", "js_divergence", "alpha_divergence"):
        for t in TYPES:
            out.append({"type": t, "params": {**BASE, "f_divergence_type": ftype}})
    for t in TYPES:
        out.append({"type": t, "params": {**BASE, "beta": 0.5, "label_smoothing": 0.2, "f_alpha_divergence_coef": 1.5, "f_divergence_type": "alpha_divergence"}})
        if t not in ("aot", "aot_unpaired"):
            out.append({"type": t, "params": {**BASE, "beta": 0.3, "use_weighting": True}})
    return out


def main():
    x = {k: np.array(v, dtype=np.float64) for k, v in INPUTS.items()}
    rows = []
    for c in cases():
        v = term(c["type"], x, c["params"])
        if c["params"]["use_weighting"]:
            v = v * np.array(WPO)
        rows.append({**c, "perPair": [float(a) for a in v], "mean": float(v.mean())})
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("trl_losses_golden.json")
    out.write_text(json.dumps({"inputs": INPUTS, "wpo": WPO, "cases": rows}, indent=1) + "\n")


if __name__ == "__main__":
    main()
