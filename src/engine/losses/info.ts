// One table of every loss without its function: names, descriptions, tooltips, defaults, bounds. tf-free for the page.
import type { LossKind, LossParams } from './types';
import { CDPO_DEFAULT_EPSILON, DPOP_DEFAULT_LAMBDA, ORPO_DEFAULT_ALPHA, RPO_DEFAULT_ALPHA, SIMPO_DEFAULT_GAMMA } from './defaults';

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

/** Fills the hyperparameters a loss reads from its defaults. */
export function withDefaults(kind: LossKind, p: Partial<LossParams> = {}): LossParams {
  const out: LossParams = { ...LOSS_INFO[kind].defaults };
  for (const [k, v] of Object.entries(p) as [HyperParam, number | undefined][]) if (v !== undefined) out[k] = v;
  return out;
}
