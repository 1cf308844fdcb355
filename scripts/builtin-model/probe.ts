// Throwaway feasibility probe: does DPO lower the chosen likelihood on low-edit pairs while DPOP keeps it? Picks the preset.
// Usage: tsx scripts/builtin-model/probe.ts [--data low|high] [--beta 0.1] [--lambda 50] [--lr 3e-4] [--batch 8] [--steps 60] [--arms dpo,dpop]
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import type { GPT2Config } from '../../src/engine/model/families/gpt2Config';
import { parseModelConfig } from '../../src/engine/model/registry';
import type { LanguageModel } from '../../src/engine/model/family';
import { gpt2Family } from '../../src/engine/model/families/gpt2';
import { toVariables, type HostWeights } from '../../src/engine/model/params';
import { parseSafetensors } from '../../src/engine/model/safetensors';
import { sequenceLogProbs } from '../../src/engine/model/logProbs';
import { buildBatch } from '../../src/engine/train/batch';
import { paramGrads } from '../../src/engine/train/grads';
import { Optimizer } from '../../src/engine/train/optimizer';
import { makeRng, permutation } from '../../src/engine/rng';
import { initBackend } from './backend';
import { makeTokenizer } from './encode';
import { DATA_DIR, MODEL_DIR } from './paths';
import type { PreferencePair } from './pairs';

const args = process.argv.slice(2);
const opt = (name: string, def: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : def);
const DATA = opt('data', 'low');
const BETA = Number(opt('beta', '0.1'));
const LAMBDA = Number(opt('lambda', '50'));
const LR = Number(opt('lr', '3e-4'));
const BATCH = Number(opt('batch', '8'));
const STEPS = Number(opt('steps', '60'));
const ARMS = opt('arms', 'dpo,dpop').split(',');
const MAXLEN = 64;

console.log(`backend ${await initBackend()}; data ${DATA} beta ${BETA} lambda ${LAMBDA} lr ${LR} batch ${BATCH} steps ${STEPS}`);
const tokJson = JSON.parse(readFileSync(MODEL_DIR + 'tokenizer.json', 'utf8'));
const tok = makeTokenizer(tokJson, JSON.parse(readFileSync(MODEL_DIR + 'tokenizer_config.json', 'utf8')));
const config = parseModelConfig(JSON.parse(readFileSync(MODEL_DIR + 'config.json', 'utf8'))) as GPT2Config;
const { tensors } = parseSafetensors(new Uint8Array(readFileSync(MODEL_DIR + 'model.safetensors')));
const weights: HostWeights = {};
for (const [k, t] of Object.entries(tensors)) weights[k.replace(/^transformer\./, '')] = { shape: t.shape, data: t.data };

const eos = tok.token_to_id('<|endoftext|>')!;
const readPairs = (f: string) => readFileSync(DATA_DIR + f, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as PreferencePair);
const encode = (rows: PreferencePair[]) =>
  rows.map((r) => ({ prompt: tok.encode(r.prompt).ids, chosen: [...tok.encode(r.chosen).ids, eos], rejected: [...tok.encode(r.rejected).ids, eos] }));
const train = encode(readPairs(`math-${DATA}-edit.train.jsonl`));
const test = encode(readPairs(`math-${DATA}-edit.test.jsonl`));
type Enc = (typeof train)[number];

/** Chosen rows then rejected rows of the given pairs, as one batch. */
const pairBatch = (items: Enc[]) =>
  buildBatch([...items.map((p) => ({ prompt: p.prompt, completion: p.chosen })), ...items.map((p) => ({ prompt: p.prompt, completion: p.rejected }))], MAXLEN);

async function logps(model: LanguageModel, items: Enc[]): Promise<{ c: number[]; l: number[] }> {
  const c: number[] = [], l: number[] = [];
  for (let s = 0; s < items.length; s += 64) {
    const part = items.slice(s, s + 64);
    const t = sequenceLogProbs(model, pairBatch(part));
    const v = Array.from(await t.data());
    t.dispose();
    c.push(...v.slice(0, part.length));
    l.push(...v.slice(part.length));
  }
  return { c, l };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const newModel = (): LanguageModel => ({ family: gpt2Family, config, params: toVariables(weights) });

const ref = newModel();
const refTrain = await logps(ref, train);
const refTest = await logps(ref, test);

function report(tag: string, now: { c: number[]; l: number[] }, r: { c: number[]; l: number[] }): string {
  const hc = now.c.map((x, i) => x - r.c[i]);
  const hl = now.l.map((x, i) => x - r.l[i]);
  const acc = mean(hc.map((h, i) => (h > hl[i] ? 1 : 0)));
  if (args.includes('--show-fail')) hc.forEach((h, i) => h <= hl[i] && console.log(`    fail ${i}: hc ${h.toFixed(3)} hl ${hl[i].toFixed(3)} rc ${r.c[i].toFixed(3)} rl ${r.l[i].toFixed(3)}`));
  return `${tag}: chosen ${mean(now.c).toFixed(3)} (Δref ${mean(hc).toFixed(3)}) rejected ${mean(now.l).toFixed(3)} (Δref ${mean(hl).toFixed(3)}) margin(hc-hl) ${mean(hc.map((h, i) => h - hl[i])).toFixed(3)} acc ${acc.toFixed(3)}`;
}
console.log(report('reference train', refTrain, refTrain), `| ref logp gap c-l train ${mean(refTrain.c.map((c, i) => c - refTrain.l[i])).toFixed(3)}`);

for (const arm of ARMS) {
  const model = newModel();
  const adam = new Optimizer(model.params, { kind: 'adam' });
  const rand = makeRng(7);
  let order: number[] = [];
  const t0 = performance.now();
  for (let s = 0; s < STEPS; s++) {
    if (order.length < BATCH) order = order.concat(permutation(rand, train.length));
    const idx = order.splice(0, BATCH);
    const items = idx.map((i) => train[i]);
    const batch = pairBatch(items);
    const rc = tf.tensor1d(idx.map((i) => refTrain.c[i]));
    const rl = tf.tensor1d(idx.map((i) => refTrain.l[i]));
    const { value, grads } = paramGrads(model.params, () =>
      tf.tidy(() => {
        const lp = sequenceLogProbs(model, batch);
        const pc = lp.slice(0, BATCH);
        const pl = lp.slice(BATCH, BATCH);
        let z = tf.sub(tf.sub(pc, rc), tf.sub(pl, rl));
        // DPOP (Smaug Eq. 3): the penalty sits inside the sigmoid, scaled by β with the margin.
        if (arm === 'dpop') z = tf.sub(z, tf.mul(LAMBDA, tf.relu(tf.sub(rc, pc))));
        // -log σ(x) = softplus(-x); tf.logSigmoid's custom gradient reads a tensor that tidy has already disposed.
        return tf.mean(tf.softplus(tf.neg(tf.mul(BETA, z)))) as tf.Scalar;
      }),
    );
    adam.apply(grads, LR).dispose();
    const loss = (await value.data())[0];
    tf.dispose([value, grads, rc, rl]);
    if ((s + 1) % 10 === 0) console.log(`  ${arm} step ${s + 1} loss ${loss.toFixed(4)} ${((performance.now() - t0) / 1000).toFixed(1)}s`);
  }
  const secs = (performance.now() - t0) / 1000;
  console.log(`${arm}: ${STEPS} steps in ${secs.toFixed(1)} s`);
  console.log('  ' + report(`${arm} train`, await logps(model, train), refTrain));
  console.log('  ' + report(`${arm} test `, await logps(model, test), refTest));
  adam.dispose();
  for (const v of Object.values(model.params)) v.dispose();
}
