// dpop.py of the TRL project: a DPOTrainer subclass adding the studio-only terms (DPOP, cDPO), written against TRL 1.13.0.
export const DPOP_PY = String.raw`"""DPOTrainer with the studio's extra loss terms: DPOP (Smaug Eq. 3) and cDPO. Written against TRL 1.13.0.

DPOP is in neither TRL nor LLaMA-Factory, so this subclass adds it. TRL 1.13's _compute_loss runs unchanged: one
policy forward, one reference forward (the ref_model, or the policy with its adapter off under PEFT, or the batch's
precomputed ref_chosen_logps / ref_rejected_logps), its loss_type terms, and every metric it logs (loss, rewards/*,
logps/*, logits/*, entropy, num_tokens, mean_token_accuracy). The subclass records the policy's and the reference's
logits as they pass through the model (a forward hook), recomputes the summed completion log-probs from them exactly as
_compute_loss does, adds  weight * mean(term)  for every studio term, and logs dpop/penalty and dpop/penalty_active
beside TRL's metrics (gathered over processes as TRL gathers rewards). An arm made only of studio terms runs TRL with
loss_type=["sigmoid"] at weight 0, so TRL's part adds nothing but its metrics.
"""
import contextlib

import torch
from trl import DPOTrainer
from trl.trainer.utils import selective_log_softmax

from losses import dpop_penalty, studio_term


def completion_logps(logits, input_ids, completion_mask):
    """Summed completion log-probs per row, as TRL 1.13's _compute_loss (ld_alpha=None): shift, mask, sum."""
    per_token = selective_log_softmax(logits[..., :-1, :], input_ids[..., 1:])
    per_token = per_token.masked_fill(completion_mask[..., 1:] == 0, 0.0)
    return per_token.sum(dim=1)


@contextlib.contextmanager
def record_logits(modules):
    """Yields a list that collects outputs.logits of every forward of the given modules, in call order."""
    seen = []
    hooks = [m.register_forward_hook(lambda _m, _a, out: seen.append(out.logits)) for m in modules if m is not None]
    try:
        yield seen
    finally:
        for h in hooks:
            h.remove()


class StudioDPOTrainer(DPOTrainer):
    """DPOTrainer plus studio_terms: [{"type": "dpop"|"cdpo", "weight": w}], with hyper = the arm's TRL-named values
    (beta, dpop_lambda, dpop_kink_gradient: 0 relu / 1 clamp(min=0) at pc == rc, label_smoothing)."""

    def __init__(self, *args, studio_terms=(), studio_hyper=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.studio_terms = list(studio_terms)
        self.studio_hyper = dict(studio_hyper or {})
        if self.studio_terms:
            # The terms read raw summed log-probs; these options change what TRL's log-probs mean, so refuse them here.
            if self.ld_alpha is not None or self.f_divergence_type != "reverse_kl" or self.use_weighting:
                raise ValueError("studio terms (dpop, cdpo) need ld_alpha=None, f_divergence_type='reverse_kl' and use_weighting=False")
            if self.use_liger_kernel:
                raise ValueError("studio terms (dpop, cdpo) need use_liger_kernel=False: Liger never materialises the logits")

    def _compute_loss(self, model, inputs, return_outputs):
        if not self.studio_terms:
            return super()._compute_loss(model, inputs, return_outputs)
        mode = "train" if self.model.training else "eval"
        with record_logits([self.model, self.ref_model]) as seen:
            loss, outputs = super()._compute_loss(model, inputs, return_outputs=True)
        mask, ids = inputs["completion_mask"], inputs["input_ids"]
        pc, pl = completion_logps(outputs.logits, ids, mask).chunk(2, dim=0)
        if self.precompute_ref_logps:
            rc, rl = inputs["ref_chosen_logps"], inputs["ref_rejected_logps"]
        else:
            # 1.13 calls the policy, then the reference (the same module with its adapter off under PEFT): the last forward.
            with torch.no_grad():
                rc, rl = completion_logps(seen[-1], ids, mask).chunk(2, dim=0)
        for term in self.studio_terms:
            per_pair = studio_term(term["type"], pc, pl, rc, rl, self.studio_hyper)
            loss = loss + term["weight"] * per_pair.mean()
        penalty = dpop_penalty(pc.detach(), rc)
        self._metrics[mode]["dpop/penalty"].append(self.accelerator.gather(penalty).mean().item())
        self._metrics[mode]["dpop/penalty_active"].append(self.accelerator.gather((penalty > 0).float()).mean().item())
        return (loss, outputs) if return_outputs else loss
`;
