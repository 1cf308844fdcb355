"""Encodes strings and renders chat templates as Hugging Face does, for a folder holding tokenizer.json and
tokenizer_config.json, so a test can compare the studio's ids and renderings. Prints one JSON document.

Usage: python3 check_tokenizer.py FOLDER INPUT_JSON [--auto]
  INPUT_JSON: {"texts": [str, ...], "chats": [{"messages": [...], "add_generation_prompt": bool}, ...]}
  Output: {"with_special": [[ids]...], "without_special": [[ids]...], "chats": [str, ...], "transformers": version}
Default: the `tokenizers` library on tokenizer.json (what transformers' fast tokenizers run) and transformers' own
render_jinja_template with the special tokens of tokenizer_config.json; seconds faster than building the tokenizer.
--auto: AutoTokenizer.from_pretrained(FOLDER) and apply_chat_template, the whole transformers path.
"""
import json
import os
import sys

import transformers

folder, inp = sys.argv[1:3]
req = json.load(open(inp, encoding="utf-8"))
out = {"transformers": transformers.__version__}
if "--auto" in sys.argv:
    tok = transformers.AutoTokenizer.from_pretrained(folder)
    out["class"] = type(tok).__name__
    out["with_special"] = [tok(t, add_special_tokens=True)["input_ids"] for t in req["texts"]]
    out["without_special"] = [tok(t, add_special_tokens=False)["input_ids"] for t in req["texts"]]
    out["chats"] = [tok.apply_chat_template(c["messages"], tokenize=False, add_generation_prompt=c["add_generation_prompt"]) for c in req["chats"]]
else:
    from tokenizers import Tokenizer
    from transformers.utils.chat_template_utils import render_jinja_template

    tok = Tokenizer.from_file(os.path.join(folder, "tokenizer.json"))
    cfg = json.load(open(os.path.join(folder, "tokenizer_config.json"), encoding="utf-8"))
    out["class"] = "tokenizers.Tokenizer"
    out["with_special"] = [tok.encode(t, add_special_tokens=True).ids for t in req["texts"]]
    out["without_special"] = [tok.encode(t, add_special_tokens=False).ids for t in req["texts"]]
    # apply_chat_template passes the special tokens (bos_token, eos_token, ...) to the template as strings.
    special = {k: v if isinstance(v, str) else v["content"] for k, v in cfg.items() if k.endswith("_token") and isinstance(v, (str, dict))}
    out["chats"] = [
        render_jinja_template(conversations=[c["messages"]], chat_template=cfg["chat_template"], add_generation_prompt=c["add_generation_prompt"], **special)[0][0]
        for c in req["chats"]
    ]
print(json.dumps(out, ensure_ascii=False))
