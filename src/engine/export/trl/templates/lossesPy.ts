// losses.py of the TRL project: the studio's DPO, DPOP (Smaug Eq. 3) and cDPO as pure PyTorch, per pair.
export const LOSSES_PY = String.raw`"""Preference Studio's losses in pure PyTorch, per pair (the caller takes the mean).

Every argument is a 1-D tensor of summed completion log-probs (prompt tokens masked out), as TRL computes them:
policy chosen / rejected, then the frozen reference's chosen / rejected.
"""
import torch
import torch.nn.functional as F


def _margin(chosen_logps, rejected_logps, ref_chosen_logps, ref_rejected_logps):
    # delta = (pc - rc) - (pl - rl): how much more the policy moved toward chosen than toward rejected.
    return (chosen_logps - ref_chosen_logps) - (rejected_logps - ref_rejected_logps)


def dpo_loss(chosen_logps, rejected_logps, ref_chosen_logps, ref_rejected_logps, beta):
    """DPO (Rafailov et al. 2023): -log sigmoid(beta * delta); TRL's loss_type="sigmoid"."""
    delta = _margin(chosen_logps, rejected_logps, ref_chosen_logps, ref_rejected_logps)
    return -F.logsigmoid(beta * delta)


def dpop_penalty(chosen_logps, ref_chosen_logps, kink_gradient=0.0):
    """max(0, rc - pc): zero while the policy's chosen log-likelihood is at or above the reference's.

    kink_gradient is its gradient at exactly pc == rc, where every pair sits on step 1 (the policy is the reference):
    0 is torch.relu (the studio's default), 1 is clamp(min=0), 0.5 is torch.maximum(x, 0). Elsewhere all agree.
    """
    x = ref_chosen_logps - chosen_logps
    if kink_gradient == 0:
        return torch.relu(x)
    clamped = x.clamp(min=0)
    return clamped if kink_gradient == 1 else (1 - kink_gradient) * torch.relu(x) + kink_gradient * clamped


def dpop_loss(chosen_logps, rejected_logps, ref_chosen_logps, ref_rejected_logps, beta, dpop_lambda, kink_gradient=0.0):
    """DPOP / DPO-Positive (Pal et al. 2024, Smaug, Eq. 3): -log sigmoid(beta * (delta - lambda * max(0, rc - pc))).

    The penalty sits inside the sigmoid, so it is scaled by beta too. lambda = 50 in the paper; 0 gives DPO.
    """
    delta = _margin(chosen_logps, rejected_logps, ref_chosen_logps, ref_rejected_logps)
    penalty = dpop_penalty(chosen_logps, ref_chosen_logps, kink_gradient)
    return -F.logsigmoid(beta * (delta - dpop_lambda * penalty))


def cdpo_loss(chosen_logps, rejected_logps, ref_chosen_logps, ref_rejected_logps, beta, label_smoothing):
    """cDPO (TRL < 1.0's sigmoid with label_smoothing): -(1-e) log sigmoid(beta delta) - e log sigmoid(-beta delta)."""
    z = beta * _margin(chosen_logps, rejected_logps, ref_chosen_logps, ref_rejected_logps)
    return -(1.0 - label_smoothing) * F.logsigmoid(z) - label_smoothing * F.logsigmoid(-z)


def studio_term(kind, chosen_logps, rejected_logps, ref_chosen_logps, ref_rejected_logps, hyper):
    """One studio-only loss term by name ("dpop", "cdpo"), with the arm's hyperparameters (TRL names)."""
    args = (chosen_logps, rejected_logps, ref_chosen_logps, ref_rejected_logps)
    if kind == "dpop":
        return dpop_loss(*args, hyper["beta"], hyper["dpop_lambda"], hyper.get("dpop_kink_gradient", 0.0))
    if kind == "cdpo":
        return cdpo_loss(*args, hyper["beta"], hyper["label_smoothing"])
    raise ValueError(f"unknown studio loss term {kind!r}; this project implements dpop and cdpo")
`;
