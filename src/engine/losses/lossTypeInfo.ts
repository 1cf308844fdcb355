// One row per loss type: display name, paper, the one-sentence explanation, the formula docs/losses.md shows, where TRL
// (or the paper) defines it, which hyperparameters it reads; the hyperparameters with TRL's defaults and bounds; and the
// legacy single-`loss` kinds' table. tf-free for the page.
import type { LossType, TermHyper } from './lossTypes';
import type { LossKind, LossParams } from './types';

export type HyperKey = keyof TermHyper;

export interface TermInfo {
  type: LossType;
  /** File-safe short name default arm names are built from ("sigmoid", "DPOP"). */
  shortName: string;
  name: string;
  paper: string;
  /** One sentence for the Explain panel and the editor's tooltip. */
  sentence: string;
  /** The per-pair formula in docs/losses.md's notation (δ = s_c − s_l from the f-divergence scores). */
  formula: string;
  /** Where the formula was read. */
  source: string;
  reads: HyperKey[];
  /** False when the term never looks at the reference (sft, simpo, orpo). */
  needsReference: boolean;
}

const DPO_SRC = 'trl/trainer/dpo_trainer.py (TRL v1.9.0, DPOTrainer._compute_loss)';

function trl(type: LossType, name: string, paper: string, sentence: string, formula: string, reads: HyperKey[] = ['beta'], needsReference = true): TermInfo {
  return { type, shortName: type, name, paper, sentence, formula, source: DPO_SRC, reads, needsReference };
}

export const TERM_INFO: Record<LossType, TermInfo> = {
  sigmoid: trl('sigmoid', 'sigmoid (DPO)', 'Rafailov et al. 2023', 'DPO: raise the chosen answer’s log-ratio over the rejected one’s through a log-sigmoid.', '−log σ(βδ)'),
  hinge: trl('hinge', 'hinge (SLiC)', 'Zhao et al. 2023, SLiC-HF', 'SLiC: a hinge on the margin, so pairs stop pulling once βδ exceeds 1.', 'max(0, 1 − βδ)'),
  ipo: trl('ipo', 'ipo (IPO)', 'Azar et al. 2023', 'IPO: regress the length-averaged margin onto 1/(2β) instead of pushing it without bound.', '(s_c/|y_c| − s_l/|y_l| − 1/(2β))²'),
  exo_pair: trl('exo_pair', 'exo_pair (EXO)', 'Ji et al. 2024, EXO', 'EXO: the reverse KL from the model’s pairwise preference to a label smoothed by ε (needs ε > 0).', 'σ(βδ)(log σ(βδ) − log(1−ε)) + σ(−βδ)(log σ(−βδ) − log ε)', ['beta', 'label_smoothing']),
  nca_pair: trl('nca_pair', 'nca_pair (NCA)', 'Chen et al. 2024, NCA', 'NCA: absolute rewards, so the chosen answer’s likelihood is pushed up, not only the margin.', '−log σ(βs_c) − ½log σ(−βs_c) − ½log σ(−βs_l)'),
  robust: trl('robust', 'robust (rDPO)', 'Chowdhury et al. 2024, rDPO', 'Robust DPO: an unbiased loss under a fraction ε of flipped labels.', '(−(1−ε)log σ(βδ) + ε log σ(−βδ)) / (1 − 2ε)', ['beta', 'label_smoothing']),
  bco_pair: trl('bco_pair', 'bco_pair (BCO)', 'Jung et al. 2024, BCO', 'BCO: a binary classifier of chosen against rejected rewards, each on its own.', '−log σ(βs_c) − log σ(−βs_l)'),
  sppo_hard: trl('sppo_hard', 'sppo_hard (SPPO)', 'Wu et al. 2024, SPPO', 'SPPO with hard probabilities: chosen log-ratio to +1/(2β), rejected to −1/(2β).', '(s_c − 1/(2β))² + (s_l + 1/(2β))²'),
  aot: trl('aot', 'aot (AOT)', 'Melnyk et al. 2024, AOT', 'AOT: distributional alignment by sorting the batch’s policy and reference log-ratio gaps before a DPO-style loss.', '−(1−ε)log σ(βΔ) − ε log σ(−βΔ), Δ = sort(pc − pl) − sort(rc − rl)', ['beta', 'label_smoothing']),
  aot_unpaired: trl('aot_unpaired', 'aot_unpaired (AOT)', 'Melnyk et al. 2024, AOT', 'Unpaired AOT: sorts the chosen and the rejected log-ratios separately.', '−(1−ε)log σ(βΔ) − ε log σ(−βΔ), Δ = sort(h_c) − sort(h_l)', ['beta', 'label_smoothing']),
  apo_zero: trl('apo_zero', 'apo_zero (APO)', 'D’Oosterlinck et al. 2024, APO Eq. 7', 'APO-zero: for chosen answers better than the model’s own: raise chosen, lower rejected.', '1 − σ(βh_c) + σ(βh_l)'),
  apo_down: trl('apo_down', 'apo_down (APO)', 'D’Oosterlinck et al. 2024, APO Eq. 8', 'APO-down: for chosen answers worse than the model’s own: lower both, rejected more.', 'σ(βh_c) + 1 − σ(βδ)'),
  discopop: trl('discopop', 'discopop (DiscoPOP)', 'Chris Lu et al. 2024, DiscoPOP Eq. 5', 'DiscoPOP: a discovered blend of the logistic and exponential losses, mixed by σ(βδ/τ).', '(1−σ(βδ/τ))·(−log σ(βδ)) + σ(βδ/τ)·exp(−βδ)', ['beta', 'discopop_tau']),
  sft: trl('sft', 'sft (NLL on chosen)', 'Pang et al. 2024, RPO (as sigmoid + sft)', 'SFT: the chosen answers’ token-mean negative log-likelihood over the batch (RPO is sigmoid + sft).', '−Σ_batch log πθ(y_c) / Σ_batch |y_c|', [], false),
  sigmoid_norm: trl('sigmoid_norm', 'sigmoid_norm', 'TRL (length-normalised DPO)', 'DPO on length-averaged log-ratios, so long answers do not dominate the margin.', '−log σ(β(s_c/|y_c| − s_l/|y_l|))'),
  dpop: {
    type: 'dpop',
    shortName: 'DPOP',
    name: 'dpop (DPO-Positive, Eq. 3)',
    paper: 'Pal et al. 2024, Smaug',
    sentence: 'DPOP: DPO plus a penalty inside the sigmoid whenever the chosen answer becomes less likely than under the reference.',
    formula: '−log σ(β(δ − λ·max(0, rc − pc)))',
    source: 'Pal et al. 2024 Eq. 3 (not in TRL: PR #3864 closed; PaddleNLP loss_type="dpop")',
    reads: ['beta', 'dpop_lambda', 'dpop_kink_gradient'],
    needsReference: true,
  },
  cdpo: {
    type: 'cdpo',
    shortName: 'cDPO',
    name: 'cdpo (conservative DPO)',
    paper: 'Mitchell 2023, cDPO note',
    sentence: 'cDPO: assumes a fraction ε of labels are flipped, so the margin is not pushed without bound (TRL < 1.0’s sigmoid with label_smoothing).',
    formula: '−(1−ε)log σ(βδ) − ε log σ(−βδ)',
    source: 'TRL v0.x trl/trainer/dpo_trainer.py sigmoid with label_smoothing (1.9 dropped it)',
    reads: ['beta', 'label_smoothing'],
    needsReference: true,
  },
  simpo: {
    type: 'simpo',
    shortName: 'SimPO',
    name: 'simpo (SimPO)',
    paper: 'Meng et al. 2024, SimPO',
    sentence: 'SimPO: reference-free, length-normalised log-probs must beat each other by a margin γ.',
    formula: '−(1−ε)log σ(βΔ − γ) − ε log σ(−βΔ + γ), Δ = pc/|y_c| − pl/|y_l|',
    source: 'trl/experimental/cpo/cpo_trainer.py (TRL v1.9.0, loss_type="simpo")',
    reads: ['beta', 'simpo_gamma', 'label_smoothing'],
    needsReference: false,
  },
  orpo: {
    type: 'orpo',
    shortName: 'ORPO',
    name: 'orpo (ORPO)',
    paper: 'Hong et al. 2024, ORPO',
    sentence: 'ORPO: reference-free, the chosen NLL plus β times an odds-ratio term (β is ORPOConfig’s λ).',
    formula: '−pc/|y_c| − β·log σ(log odds_c − log odds_l)',
    source: 'trl/experimental/orpo/orpo_trainer.py (TRL v1.9.0, odds_ratio_loss)',
    reads: ['beta'],
    needsReference: false,
  },
};

export interface HyperInfo {
  key: HyperKey;
  symbol: string;
  label: string;
  tooltip: string;
  /** TRL's default (PaddleNLP's for dpop_lambda). */
  default: number;
  min: number;
  max: number;
}

export const HYPER_INFO: Record<HyperKey, HyperInfo> = {
  beta: { key: 'beta', symbol: 'β', label: 'beta', tooltip: 'beta: how strongly the policy is held near the reference (TRL default 0.1); IPO’s τ, ORPO’s λ, SimPO’s reward scale.', default: 0.1, min: 1e-4, max: 100 },
  label_smoothing: { key: 'label_smoothing', symbol: 'ε', label: 'label_smoothing', tooltip: 'label_smoothing: assumed fraction of flipped labels, read by robust, exo_pair, aot, cdpo and simpo; in [0, 0.5), EXO needs > 0 (paper: 1e-3).', default: 0, min: 0, max: 0.49 },
  discopop_tau: { key: 'discopop_tau', symbol: 'τ', label: 'discopop_tau', tooltip: 'discopop_tau: temperature of DiscoPOP’s mixing sigmoid (paper and TRL default 0.05).', default: 0.05, min: 1e-4, max: 10 },
  f_alpha_divergence_coef: { key: 'f_alpha_divergence_coef', symbol: 'α', label: 'f_alpha_divergence_coef', tooltip: 'f_alpha_divergence_coef: α of the alpha-divergence scores exp((α−1)h)/(α−1); TRL default 0.5; 1 is reverse KL.', default: 0.5, min: 0, max: 10 },
  dpop_lambda: { key: 'dpop_lambda', symbol: 'λ', label: 'dpop_lambda', tooltip: 'dpop_lambda: weight of DPOP’s penalty max(0, log πref(chosen) − log πθ(chosen)); the Smaug paper and PaddleNLP use 50; 0 is sigmoid.', default: 50, min: 0, max: 1000 },
  dpop_kink_gradient: { key: 'dpop_kink_gradient', symbol: '∂₀', label: 'dpop_kink_gradient', tooltip: 'dpop_kink_gradient: the gradient of DPOP’s max(0, rc − pc) at exactly rc = pc, where every pair sits on step 1: 0 as torch.relu (the studio’s), 1 as clamp(min=0), ½ as torch.maximum.', default: 0, min: 0, max: 1 },
  simpo_gamma: { key: 'simpo_gamma', symbol: 'γ', label: 'simpo_gamma', tooltip: 'simpo_gamma: the target reward margin of SimPO (TRL CPOConfig default 0.5; paper 0.3–1.6).', default: 0.5, min: 0, max: 20 },
};

export const HYPER_KEYS = Object.keys(HYPER_INFO) as HyperKey[];

export const LD_ALPHA_TOOLTIP = 'ld_alpha (LD-DPO, Liu et al. 2024): log-probs count the tokens both answers share in length fully and the longer answer’s tail times α, for policy and reference; off = TRL’s None; 1 is plain.';
export const WEIGHTING_TOOLTIP = 'use_weighting (WPO, Zhou et al. 2024 Eq. 2): each pair’s loss times the chosen and rejected answers’ length-normalised probabilities under the policy (detached), as TRL computes them.';
export const F_DIVERGENCE_TOOLTIP = 'f_divergence_type (f-DPO, Wang et al. 2023): reverse_kl uses the log-ratios h; forward_kl −exp(−h); js_divergence log σ(h); alpha_divergence exp((α−1)h)/(α−1).';

// The legacy single-`loss` kinds (old configs, URL hashes and the CLI's old names): names, tooltips, defaults, bounds.
const CDPO_DEFAULT_EPSILON = 0.1;
const DPOP_DEFAULT_LAMBDA = 50;
const ORPO_DEFAULT_ALPHA = 0.1;
const RPO_DEFAULT_ALPHA = 1;
const SIMPO_DEFAULT_GAMMA = 0.5;

export type HyperParam = keyof LossParams;

export interface HyperParamInfo {
  key: HyperParam;
  symbol: string;
  label: string;
  tooltip: string;
  /** Inclusive bounds the UI and the config schema accept. */
  min: number;
  max: number;
}

export interface LossInfo {
  kind: LossKind;
  /** Display name for the UI's loss picker ("DPOP (DPO-Positive, Eq. 3)"). */
  name: string;
  /** Short, file-safe name that default arm names are built from ("DPOP"); see armNames.ts. */
  shortName: string;
  description: string;
  /** False for SimPO and ORPO: no frozen reference pass is needed. */
  needsReference: boolean;
  /** Every hyperparameter the loss reads, with its default. */
  defaults: LossParams;
  params: HyperParamInfo[];
}

const BETA: Omit<HyperParamInfo, 'tooltip'> = { key: 'beta', symbol: 'β', label: 'Beta', min: 1e-4, max: 100 };
const betaKL = {
  ...BETA,
  tooltip: 'β: how strongly the policy is held near the reference. Smaller β lets it drift further; typical 0.01–0.5.',
};

export const LOSS_INFO: Record<LossKind, LossInfo> = {
  dpo: {
    kind: 'dpo',
    name: 'DPO',
    shortName: 'DPO',
    description: 'Direct Preference Optimisation: raise the chosen answer’s log-ratio over the rejected one’s.',
    needsReference: true,
    defaults: { beta: 0.1 },
    params: [betaKL],
  },
  dpop: {
    kind: 'dpop',
    name: 'DPOP (DPO-Positive, Eq. 3)',
    shortName: 'DPOP',
    description: 'DPO plus a penalty inside the sigmoid whenever the chosen answer becomes less likely than under the reference.',
    needsReference: true,
    defaults: { beta: 0.1, lambda: DPOP_DEFAULT_LAMBDA },
    params: [
      betaKL,
      {
        key: 'lambda',
        symbol: 'λ',
        label: 'Lambda',
        tooltip: 'λ: weight of the penalty max(0, log πref(chosen) − log πθ(chosen)). The Smaug paper uses 50; 0 gives plain DPO.',
        min: 0,
        max: 1000,
      },
    ],
  },
  ipo: {
    kind: 'ipo',
    name: 'IPO',
    shortName: 'IPO',
    description: 'Identity Preference Optimisation: regress the length-averaged log-ratio margin onto 1/(2β) instead of pushing it to infinity.',
    needsReference: true,
    defaults: { beta: 0.1 },
    params: [{ ...BETA, tooltip: 'β: sets the target margin 1/(2β) of the length-averaged log-ratios; smaller β asks for a larger margin.' }],
  },
  cdpo: {
    kind: 'cdpo',
    name: 'cDPO (label smoothing)',
    shortName: 'cDPO',
    description: 'Conservative DPO: assumes a fraction ε of preference labels are flipped, so the margin is not pushed without bound.',
    needsReference: true,
    defaults: { beta: 0.1, epsilon: CDPO_DEFAULT_EPSILON },
    params: [
      betaKL,
      {
        key: 'epsilon',
        symbol: 'ε',
        label: 'Label smoothing',
        tooltip: 'ε: assumed probability that a pair’s label is wrong; 0 gives plain DPO, must stay below 0.5.',
        min: 0,
        max: 0.49,
      },
    ],
  },
  slic: {
    kind: 'slic',
    name: 'SLiC (hinge)',
    shortName: 'SLiC',
    description: 'Hinge loss on the log-ratio margin: pairs stop contributing once β·δ exceeds 1.',
    needsReference: true,
    defaults: { beta: 0.1 },
    params: [{ ...BETA, tooltip: 'β: scales the margin; a pair is satisfied once δ ≥ 1/β.' }],
  },
  rpo: {
    kind: 'rpo',
    name: 'RPO (DPO + NLL)',
    shortName: 'RPO',
    description: 'DPO plus α times the chosen answer’s per-token negative log-likelihood, which keeps the chosen answer likely.',
    needsReference: true,
    defaults: { beta: 0.1, alpha: RPO_DEFAULT_ALPHA },
    params: [
      betaKL,
      {
        key: 'alpha',
        symbol: 'α',
        label: 'NLL weight',
        tooltip: 'α: weight of the chosen answer’s mean token negative log-likelihood added to the DPO loss; 0 gives plain DPO.',
        min: 0,
        max: 100,
      },
    ],
  },
  simpo: {
    kind: 'simpo',
    name: 'SimPO',
    shortName: 'SimPO',
    description: 'Simple Preference Optimisation: reference-free, compares length-normalised log-probs against a target margin γ.',
    needsReference: false,
    defaults: { beta: 2, gamma: SIMPO_DEFAULT_GAMMA },
    params: [
      { ...BETA, tooltip: 'β: scale of the reward, here the mean token log-prob; the SimPO paper uses 2–10.' },
      {
        key: 'gamma',
        symbol: 'γ',
        label: 'Target margin',
        tooltip: 'γ: reward margin the chosen answer must beat the rejected one by before the loss eases off; paper uses 0.3–1.6.',
        min: 0,
        max: 20,
      },
    ],
  },
  orpo: {
    kind: 'orpo',
    name: 'ORPO',
    shortName: 'ORPO',
    description: 'Odds-Ratio Preference Optimisation: reference-free, supervised loss on the chosen answer plus an odds-ratio term.',
    needsReference: false,
    // β is carried only because LossParams requires it; ORPO never reads it (TRL calls α "beta").
    defaults: { beta: 0.1, alpha: ORPO_DEFAULT_ALPHA },
    params: [
      {
        key: 'alpha',
        symbol: 'α',
        label: 'Odds-ratio weight',
        tooltip: 'α: weight of −log σ(log odds(chosen) − log odds(rejected)) next to the chosen NLL; TRL calls it beta, default 0.1. β is unused.',
        min: 0,
        max: 100,
      },
    ],
  },
};

export const LOSS_KINDS = Object.keys(LOSS_INFO) as LossKind[];
