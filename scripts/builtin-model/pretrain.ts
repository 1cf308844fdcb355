// Next-token pretraining of the default GPT-2 on a fresh seeded stream of worked arithmetic answers.
import * as tf from '@tensorflow/tfjs';
import type { Tokenizer } from '@huggingface/tokenizers';
import type { GPT2Config } from '../../src/engine/model/families/gpt2Config';
import type { LanguageModel } from '../../src/engine/model/family';
import { gpt2Family } from '../../src/engine/model/families/gpt2';
import { toHost, toVariables, type HostWeights } from '../../src/engine/model/params';
import { buildBatch } from '../../src/engine/train/batch';
import { paramGrads } from '../../src/engine/train/grads';
import { lmLoss } from '../../src/engine/train/lmStep';
import { Optimizer } from '../../src/engine/train/optimizer';
import { makeRng } from '../../src/engine/rng';
import { drawProblem } from './corpus';
import { encodeProblems, type EncodedProblem } from './encode';
import { evaluate, type LmEval } from './evalLm';

export interface PretrainOptions {
  config: GPT2Config;
  seed: number;
  steps: number;
  batchSize: number;
  lr: number;
  warmup: number;
  evalEvery: number;
  evalSet: EncodedProblem[];
  log: (line: string) => void;
}

/** Linear warmup, then linear decay to a tenth: a short run needs the late small steps to settle the digits. */
export function lrAt(step: number, o: Pick<PretrainOptions, 'lr' | 'warmup' | 'steps'>): number {
  if (step < o.warmup) return (o.lr * (step + 1)) / o.warmup;
  const frac = (step - o.warmup) / Math.max(1, o.steps - o.warmup);
  return o.lr * (1 - 0.9 * frac);
}

export async function pretrain(tok: Tokenizer, o: PretrainOptions): Promise<{ weights: HostWeights; final: LmEval; curve: number[] }> {
  const model: LanguageModel = { family: gpt2Family, config: o.config, params: toVariables(gpt2Family.init(o.config, o.seed)) };
  const opt = new Optimizer(model.params, { kind: 'adam', beta2: 0.99, clipNorm: 1 });
  const rand = makeRng(o.seed + 1);
  const T = o.config.n_positions;
  const curve: number[] = [];
  let final: LmEval | undefined;
  const t0 = performance.now();
  for (let s = 0; s < o.steps; s++) {
    // Whole sequences are the training text: the prompt teaches the question language, the completion the working.
    const items = encodeProblems(tok, Array.from({ length: o.batchSize }, () => drawProblem(rand)));
    const batch = buildBatch(items.map((it) => ({ prompt: [], completion: [...it.prompt, ...it.completion] })), T);
    const { value, grads } = paramGrads(model.params, () => lmLoss(model, batch));
    opt.apply(grads, lrAt(s, o)).dispose();
    const loss = (await value.data())[0];
    tf.dispose([value, grads]);
    curve.push(loss);
    if ((s + 1) % o.evalEvery === 0 || s === o.steps - 1) {
      const e = await evaluate(model, o.evalSet, T);
      final = e;
      const secs = ((performance.now() - t0) / 1000).toFixed(0);
      o.log(`step ${s + 1} ${secs}s train ${loss.toFixed(3)} | held-out completion nll ${e.loss.toFixed(3)} tokenAcc ${e.tokenAcc.toFixed(3)} resultAcc ${e.resultAcc.toFixed(3)} finalExact ${e.finalExact.toFixed(3)}`);
    }
  }
  const weights = await toHost(model.params);
  opt.dispose();
  for (const v of Object.values(model.params)) v.dispose();
  return { weights, final: final!, curve };
}
