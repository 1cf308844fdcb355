#!/usr/bin/env python3
"""Float64 CHES from dumped final hidden states (Razin et al. 2024): independent of the engine's batching and sums.

usage: ches_oracle.py hidden.json out.json
hidden.json: {case: [{"chosen": [[d floats] per scored position], "rejected": [...], "lenC": n, "lenL": m}]}
out.json:    {case: [{"ches": x, "ches_normalized": y}]}
"""
import json
import sys

import numpy as np


def ches(pair):
    hp = np.asarray(pair["chosen"], dtype=np.float64).reshape(-1, len(pair["chosen"][0]) if pair["chosen"] else 0)
    hm = np.asarray(pair["rejected"], dtype=np.float64).reshape(-1, hp.shape[1])
    sp, sm = hp.sum(axis=0), hm.sum(axis=0)
    lc, ll = pair["lenC"], pair["lenL"]
    assert hp.shape[0] == lc and hm.shape[0] == ll, "one hidden state per scored completion token"
    raw = float(sp @ sm - sp @ sp)
    norm = float((sp @ sm) / (lc * ll) - (sp @ sp) / (lc * lc))
    return {"ches": raw, "ches_normalized": norm}


def main():
    cases = json.load(open(sys.argv[1]))
    out = {name: [ches(p) for p in pairs] for name, pairs in cases.items()}
    json.dump(out, open(sys.argv[2], "w"))


if __name__ == "__main__":
    main()
