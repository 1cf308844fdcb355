"""Where TRL is installed: dpop.py's loss on one batch equals losses.dpop_loss on log-probs computed here, apart.

    python check_dpop_trainer.py PROJECT_DIR [ARM]      (an exported project; ARM defaults to the first DPOP arm)

The policy is perturbed first, so it differs from the reference and the penalty is on for some pairs. Prints JSON.
"""
import json
import os
import sys

import torch

project = os.path.abspath(sys.argv[1])
sys.path.insert(0, project)
os.chdir(project)
import train  # noqa: E402
from datasets import Dataset  # noqa: E402
from transformers import AutoModelForCausalLM, AutoTokenizer  # noqa: E402
from peft import LoraConfig  # noqa: E402
from trl import DPOConfig  # noqa: E402

from dpop import StudioDPOTrainer  # noqa: E402
from losses import dpop_loss  # noqa: E402

run = train.load_run()
arm = next(a for a in run["arms"] if (sys.argv[2:] and a["name"] == sys.argv[2]) or (not sys.argv[2:] and a["studio_terms"]))
args = train.parse_args(["--max-steps", "1", "--no-eval", "--arms", arm["name"], "--output-dir", "/tmp/check-dpop-trainer"], run)
kw = train.dpo_config_kwargs(run, arm, args)
tok = AutoTokenizer.from_pretrained(args.model)
if tok.pad_token is None:
    tok.pad_token = tok.eos_token
model = AutoModelForCausalLM.from_pretrained(args.model, dtype=torch.float32)
lora = train.lora_config_kwargs(arm, model.config.model_type)
trainer = StudioDPOTrainer(model=model, args=DPOConfig(**kw), train_dataset=Dataset.from_list(train.load_pairs(args.data)), processing_class=tok, peft_config=LoraConfig(**lora) if lora else None,
                           studio_terms=arm["studio_terms"], studio_hyper=train.studio_hyper(arm))
torch.manual_seed(0)
with torch.no_grad():
    for p in trainer.model.parameters():
        if p.requires_grad:  # the trained weights only: a LoRA arm's adapters, else everything
            p.add_(0.02 * torch.randn_like(p))
batch = trainer._prepare_inputs(next(iter(trainer.get_train_dataloader())))
trainer.model.eval()  # no dropout, and the metrics go to "eval"
with torch.no_grad():
    ours = trainer.compute_loss(trainer.model, batch).item()

    def logps(m):
        logits = m(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]).logits[:, :-1].float()
        lp = torch.gather(logits.log_softmax(-1), 2, batch["input_ids"][:, 1:, None])[..., 0]
        return (lp * batch["completion_mask"][:, 1:]).sum(1).chunk(2)

    pc, pl = logps(trainer.model)
    if trainer.ref_model is not None:
        rc, rl = logps(trainer.ref_model)
    else:  # PEFT: the reference is the base with the adapter off
        with trainer.model.disable_adapter():
            rc, rl = logps(trainer.model)
    ref = dpop_loss(pc, pl, rc, rl, arm["beta"], arm["dpop_lambda"]).mean().item()
print(json.dumps({"arm": arm["name"], "lora": bool(arm["lora"]), "trainer_loss": ours, "independent_loss": ref, "abs_diff": abs(ours - ref),
                  "penalty_active": float((rc > pc).float().mean())}))
