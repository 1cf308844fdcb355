"""Loads every model folder the CLI saved (`--save-models`) under RUN_DIR/*/model-*/ with transformers, unchanged:
weights with no missing or unexpected keys, the tokenizer, and the chat template when the folder has one.

Run where torch + transformers are installed:  python3 check_saved.py RUN_DIR
"""
import glob, json, os, sys
import torch
from transformers import AutoModelForCausalLM, AutoTokenizer

out = {}
for folder in sorted(glob.glob(os.path.join(sys.argv[1], "*", "model-*"))):
    if os.path.exists(os.path.join(folder, "adapter_config.json")):
        continue
    m, info = AutoModelForCausalLM.from_pretrained(folder, output_loading_info=True)
    tok = AutoTokenizer.from_pretrained(folder)
    ids = tok("Q: 17 - 16 =", add_special_tokens=True)["input_ids"]
    with torch.no_grad():
        logits = m(torch.tensor([ids])).logits
    r = {
        "class": type(m).__name__,
        "missing": sorted(info["missing_keys"]), "unexpected": sorted(info["unexpected_keys"]),
        "bos_prepended": ids[0] == tok.bos_token_id if tok.bos_token_id is not None else None,
        "finite_logits": bool(torch.isfinite(logits).all()),
    }
    if tok.chat_template:
        r["chat_template_renders"] = len(tok.apply_chat_template([{"role": "user", "content": "hi"}], tokenize=False, add_generation_prompt=True)) > 0
    out[os.path.relpath(folder, sys.argv[1])] = r
print(json.dumps(out, indent=1))
