"""PyTorch CPU anchor for the block-backward memory rows: one DPO step of a SmolLM2-135M-shaped LlamaForCausalLM
(random weights) with PEFT LoRA r 16 on the default targets, `pairs` pairs x T tokens, eager attention. Tensor memory
is counted as the studio counts its own: weights, adapters, Adam's two moments, plus every distinct storage autograd
saves for the backward (torch.autograd.graph.saved_tensors_hooks). Resident-set figures mislead (the allocator keeps
freed memory). Prints one JSON row; with --studio-peak BYTES also the studio's peak over this.
Usage: python torch_block_memory.py [--pairs 1] [--T 256] [--studio-peak 1296243040]"""
import argparse
import json
import sys
import time

try:
    import torch
    import torch.nn.functional as F
    from peft import LoraConfig, get_peft_model
    from transformers import LlamaConfig, LlamaForCausalLM
except ImportError as e:  # the bench prints the reason and goes on
    print(json.dumps({"skipped": f"needs torch, transformers and peft: {e}"}))
    sys.exit(0)

ap = argparse.ArgumentParser()
ap.add_argument("--pairs", type=int, default=1)
ap.add_argument("--T", type=int, default=256)
ap.add_argument("--studio-peak", type=float, default=None)
a = ap.parse_args()

torch.manual_seed(0)
cfg = LlamaConfig(vocab_size=49152, hidden_size=576, intermediate_size=1536, num_hidden_layers=30, num_attention_heads=9,
                  num_key_value_heads=3, tie_word_embeddings=True, max_position_embeddings=8192, rope_theta=100000.0,
                  rms_norm_eps=1e-5, attn_implementation="eager")
model = LlamaForCausalLM(cfg)
model = get_peft_model(model, LoraConfig(r=16, lora_alpha=32, lora_dropout=0.0,
                                         target_modules=["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]))
adapters = [p for p in model.parameters() if p.requires_grad]
opt = torch.optim.Adam(adapters, lr=1e-4)

rows = 2 * a.pairs
ids = torch.randint(1, cfg.vocab_size, (rows, a.T))
half = a.T // 2


def step(count):
    seen = {}

    def pack(t):
        if count:
            s = t.untyped_storage()
            seen[s.data_ptr()] = s.nbytes()
        return t

    with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
        logits = model(input_ids=ids).logits[:, :-1].float()
        lp = torch.gather(F.log_softmax(logits, -1), 2, ids[:, 1:, None])[..., 0][:, half:].sum(-1)
        loss = -F.logsigmoid(0.1 * (lp[: a.pairs] - lp[a.pairs:])).mean()
    loss.backward()
    opt.step()
    opt.zero_grad(set_to_none=True)
    return sum(seen.values())


step(False)  # Adam's moments exist from here on
t0 = time.perf_counter()
saved = step(True)
ms = (time.perf_counter() - t0) * 1000
nbytes = lambda ps: sum(p.numel() * p.element_size() for p in ps)
weights = nbytes(model.parameters())
adapter = nbytes(adapters)
moments = sum(v.numel() * v.element_size() for st in opt.state.values() for v in st.values() if torch.is_tensor(v) and v.dim() > 0)
row = {"case": f"smollm2-135m:lora:{a.pairs}", "path": "pytorch-eager", "T": a.T, "rows": rows, "torch": torch.__version__,
       "threads": torch.get_num_threads(), "weightsBytes": weights, "adapterBytes": adapter, "adamBytes": moments,
       "savedBytes": saved, "tensorBytes": weights + moments + saved, "msPerUpdate": round(ms)}
if a.studio_peak:
    row["studioPeakOverTorch"] = round(a.studio_peak / row["tensorBytes"], 3)
print(json.dumps(row))
