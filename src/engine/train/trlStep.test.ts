// TRL 1.9's switches and metrics through the trainer: ld_alpha, WPO, sft's token mean, loss/<type> and the token
// metrics (entropy, mean_token_accuracy, logits/*), checked against float64 host sums of the full logits.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { gpt2Family } from '../model/families/gpt2';
import { toVariables } from '../model/params';
import type { LogProbChunking } from '../model/chunkedLogProb';
import { armLoss, resolveArmLoss, type ArmLossSpec } from '../losses';
import { Arm } from './arm';
import { armStep, batchLoss } from './prefStep';
import { toHost } from '../model/params';
import type { HostWeights } from '../model/params';
import { PreferenceRun } from './run';
import { StepStats } from './stepStats';
import { tailMask } from './ldAlpha';
import { concatenatedBatch, tokenizePairs } from './tokenizePairs';
import { tinyRunConfig, tinyPairs, tinyStart } from './testdata/fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const MAXLEN = 12;
const { items } = tokenizePairs(tinyPairs(6, 3), MAXLEN);
const idx = [0, 1, 2, 3];
const batch = concatenatedBatch(items, idx, MAXLEN);
const B = idx.length;
const k = {
  rc: Float32Array.from(idx, (i) => -3 - i),
  rl: Float32Array.from(idx, (i) => -4 + 0.5 * i),
  lenC: Float32Array.from(idx, (i) => items[i].lenC),
  lenL: Float32Array.from(idx, (i) => items[i].lenL),
  rcTail: Float32Array.from(idx, (i) => -0.3 * i),
  rlTail: Float32Array.from(idx, (i) => -0.2 * i),
};
const arm = (s: ArmLossSpec, logProbs?: LogProbChunking) => new Arm({ name: 'a', loss: armLoss(s), params: { beta: s.beta }, logProbs }, gpt2Family, tinyRunConfig, { weights: tinyStart(4) }, { kind: 'sgd' });
const lossOf = (a: Arm) => {
  const r = batchLoss(a, batch, k);
  const out = { loss: r.loss.dataSync()[0], logps: Array.from(r.logps.dataSync()) };
  tf.dispose([r.loss, r.logps]);
  return out;
};

/** Float64 per-row numbers from the full logits, on the host: log p(target), entropy, argmax hit, mean logit, log Σp². */
function hostRows() {
  const { B: rows, T } = batch;
  const model = { family: gpt2Family, config: tinyRunConfig, params: toVariables(tinyStart(4), 'host-') };
  const logits = tf.tidy(() => gpt2Family.forward(model.config, model.params, tf.tensor2d(batch.ids, [rows, T], 'int32'), {}) as tf.Tensor2D);
  const L = logits.arraySync() as number[][];
  logits.dispose();
  tf.dispose(Object.values(model.params));
  const out: { r: number; lp: number; H: number; hit: number; mean: number; lsp2: number }[] = [];
  for (let r = 0; r < rows; r++)
    for (let t = 0; t < T - 1; t++) {
      if (batch.mask[r * T + t + 1] === 0) continue;
      const row = L[r * T + t];
      const m = Math.max(...row);
      const lse = m + Math.log(row.reduce((a, v) => a + Math.exp(v - m), 0));
      const p = row.map((v) => Math.exp(v - lse));
      const target = batch.ids[r * T + t + 1];
      out.push({
        r,
        lp: row[target] - lse,
        H: -p.reduce((a, q, v) => a + q * (row[v] - lse), 0),
        hit: row.indexOf(m) === target ? 1 : 0,
        mean: row.reduce((a, v) => a + v, 0) / row.length,
        lsp2: Math.log(p.reduce((a, q) => a + q * q, 0)),
      });
    }
  return out;
}

describe('TRL switches through batchLoss', () => {
  it('ld_alpha = 1 equals plain summed log-probs; ld_alpha = 0.5 is full − ½·tail for policy and reference', () => {
    const base = resolveArmLoss({ losses: [{ type: 'sigmoid' }] });
    const plain = lossOf(arm(base));
    const one = lossOf(arm({ ...base, ld_alpha: 1 }));
    expect(one.loss).toBeCloseTo(plain.loss, 7);
    one.logps.forEach((v, i) => expect(v).toBeCloseTo(plain.logps[i], 5));
    const half = lossOf(arm({ ...base, ld_alpha: 0.5 }));
    const rows = hostRows();
    const tail = tailMask(batch);
    const T1 = batch.T - 1;
    // The policy's tail from host log-probs at the tail positions.
    const tails = new Float64Array(2 * B);
    let n = 0;
    for (let r = 0; r < 2 * B; r++) for (let t = 0; t < T1; t++) if (batch.mask[r * batch.T + t + 1]) tails[r] += tail[r * T1 + t] * rows[n++].lp;
    half.logps.forEach((v, r) => expect(Math.abs(v - (plain.logps[r] - 0.5 * tails[r]))).toBeLessThan(1e-5));
    const hc = (i: number) => half.logps[i] - (k.rc[i] - 0.5 * k.rcTail[i]);
    const hl = (i: number) => half.logps[B + i] - (k.rl[i] - 0.5 * k.rlTail[i]);
    const want = idx.reduce((a, _, i) => a + Math.log1p(Math.exp(-0.1 * (hc(i) - hl(i)))), 0) / B;
    expect(Math.abs(half.loss - want)).toBeLessThan(1e-6);
  });

  it('use_weighting multiplies by exp(mean(log p − log Σp²)) of chosen times rejected; sft is the batch token mean', () => {
    const rows = hostRows();
    const seq = (r: number) => rows.filter((x) => x.r === r);
    const w = (r: number) => Math.exp(seq(r).reduce((a, x) => a + x.lp - x.lsp2, 0) / Math.max(1, seq(r).length));
    const sum = (r: number) => seq(r).reduce((a, x) => a + x.lp, 0);
    const sftWant = -idx.reduce((a, _, i) => a + sum(i), 0) / idx.reduce((a, _, i) => a + seq(i).length, 0);
    const s = resolveArmLoss({ losses: [{ type: 'sft' }], use_weighting: true });
    const got = lossOf(arm(s)).loss;
    const want = idx.reduce((a, _, i) => a + sftWant * w(i) * w(B + i), 0) / B;
    expect(Math.abs(got - want)).toBeLessThan(1e-6 * Math.max(1, Math.abs(want)));
    expect(Math.abs(lossOf(arm({ ...s, use_weighting: false })).loss - sftWant)).toBeLessThan(1e-5);
  });

  it('loss/<type> and the token metrics match host sums, chunked (3 rows a chunk) and unchunked; tensors flat', async () => {
    const rows = hostRows();
    const chosen = rows.filter((x) => x.r < B);
    const rej = rows.filter((x) => x.r >= B);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const want = {
      entropy: mean(rows.map((x) => x.H)),
      mean_token_accuracy: mean(chosen.map((x) => x.hit)),
      'logits/chosen': mean(chosen.map((x) => x.mean)),
      'logits/rejected': mean(rej.map((x) => x.mean)),
    };
    const s = resolveArmLoss({ losses: [{ type: 'sigmoid', weight: 0.8 }, { type: 'bco_pair', weight: 0.2 }, { type: 'sft', weight: 1 }] });
    for (const chunked of [true, false]) {
      const a = arm(s, { chunked, rows: 3 });
      a.stepStats = new StepStats(s.losses.map((t) => t.type));
      const before = tf.memory().numTensors;
      const { loss } = lossOf(a);
      const m = await a.stepStats.read();
      expect(tf.memory().numTensors).toBe(before);
      for (const [key, v] of Object.entries(want)) expect(Math.abs(m[key] - v), `${key} chunked=${chunked}`).toBeLessThan(1e-5);
      expect(Math.abs(0.8 * m['loss/sigmoid'] + 0.2 * m['loss/bco_pair'] + m['loss/sft'] - loss)).toBeLessThan(1e-6);
      a.dispose();
    }
  });

  it('a run logs loss/<type>, entropy, num_tokens (cumulative), mean_token_accuracy and logits/* for a TRL arm', async () => {
    const mpo = resolveArmLoss({ losses: [{ type: 'sigmoid', weight: 0.8 }, { type: 'bco_pair', weight: 0.2 }, { type: 'sft', weight: 1 }] });
    const dpop = resolveArmLoss({ losses: [{ type: 'dpop' }], ld_alpha: 0.7 });
    const run = new PreferenceRun({
      start: tinyStart(2),
      config: tinyRunConfig,
      family: gpt2Family,
      items,
      arms: [
        { name: 'mpo', loss: armLoss(mpo), params: { beta: 0.1 } },
        { name: 'dpop', loss: armLoss(dpop), params: { beta: 0.1 } },
      ],
      evalIndices: [0, 1, 2],
      training: { steps: 2, batchSize: 2, gradientAccumulationSteps: 2, lr: 1e-3, seed: 1, maxLength: MAXLEN, optimizer: 'adam', measurePeakAtStep: 0 },
    });
    await run.init();
    const before = tf.memory().numTensors;
    const r1 = await run.step();
    const r2 = await run.step();
    expect(tf.memory().numTensors).toBe(before);
    const m1 = r1.arms[0].metrics!;
    const m2 = r2.arms[0].metrics!;
    expect(Math.abs(0.8 * m1['loss/sigmoid']! + 0.2 * m1['loss/bco_pair']! + m1['loss/sft']! - m1.loss!)).toBeLessThan(1e-5);
    expect(m1['loss/sigmoid']).toBeCloseTo(Math.log(2), 5); // step 1: policy = reference
    for (const key of ['entropy', 'mean_token_accuracy', 'logits/chosen', 'logits/rejected'] as const) expect(Number.isFinite(m1[key])).toBe(true);
    expect(m2.num_tokens! / m1.num_tokens!).toBeGreaterThan(1.5);
    expect(r1.arms[1].metrics!['loss/dpop']).toBeCloseTo(Math.log(2), 5);
    const ev = (await run.evaluate())[0].metrics;
    expect(Math.abs(0.8 * ev['loss/sigmoid']! + 0.2 * ev['loss/bco_pair']! + ev['loss/sft']! - ev.loss!)).toBeLessThan(1e-5);
    run.dispose();
  });
});

describe('a combined TRL arm trains along −lr × ∇loss', () => {
  it('0.8·sigmoid + 0.2·bco_pair + sft with ld_alpha 0.6 and js_divergence: one SGD step against central differences', async () => {
    const spec = resolveArmLoss({ losses: [{ type: 'sigmoid', weight: 0.8 }, { type: 'bco_pair', weight: 0.2 }, { type: 'sft' }], beta: 0.5, ld_alpha: 0.6, f_divergence_type: 'js_divergence' });
    const start = tinyStart(4);
    const at = (w: HostWeights) => new Arm({ name: 'a', loss: armLoss(spec), params: { beta: spec.beta } }, gpt2Family, tinyRunConfig, { weights: w }, { kind: 'sgd' });
    const L = (w: HostWeights) => {
      const a = at(w);
      const v = lossOf(a).loss;
      a.dispose();
      return v;
    };
    const a = at(start);
    const lr = 0.5;
    const out = await armStep(a, batch, k, lr);
    expect(out.ok).toBe(true);
    const after = await toHost(a.model.params);
    a.dispose();
    const perturb = (name: string, i: number, d: number): HostWeights => {
      const w = { ...start, [name]: { ...start[name], data: Float32Array.from(start[name].data) } };
      w[name].data[i] += d;
      return w;
    };
    const h = 1e-2;
    const probes: [string, number][] = [['ln_f.weight', 3], ['ln_f.bias', 5], ['h.0.mlp.c_fc.bias', 7], ['wte.weight', 16 * 5 + 2], ['h.0.attn.c_attn.weight', 40]];
    let strong = 0;
    for (const [name, i] of probes) {
      const fd = (L(perturb(name, i, h)) - L(perturb(name, i, -h))) / (2 * h);
      const step = (after[name].data[i] - start[name].data[i]) / -lr;
      // float32 log-probs (error ≈ 1e-6) over 2h bound what the quotient resolves: 1e-3 relative + 2e-4 absolute.
      expect(Math.abs(step - fd), `${name}[${i}]: step ${step} fd ${fd}`).toBeLessThan(1e-3 * Math.abs(fd) + 2e-4);
      if (Math.abs(fd) > 2e-3) strong++;
    }
    expect(strong).toBeGreaterThanOrEqual(3);
  });
});
