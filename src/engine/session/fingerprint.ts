// What a saved run was made from, as one short hash: its config, the model (shape and a sample of its weights) and
// the pairs (count and a sample of their text). Resume refuses a run whose fingerprint differs from what is loaded.
import type { RunConfig } from '../config';
import type { LoadedData } from './loadData';
import type { LoadedModel } from './loadModel';

/** Pairs and weight values hashed at most, spread evenly, so a 160k-pair set is fingerprinted in milliseconds. */
const SAMPLE = 2048;

class Fnv {
  private h = 0x811c9dc5;
  text(s: string): this {
    for (let i = 0; i < s.length; i++) this.h = Math.imul(this.h ^ s.charCodeAt(i), 16777619);
    return this.text0();
  }
  /** A separator, so "ab"+"c" and "a"+"bc" differ. */
  private text0(): this {
    this.h = Math.imul(this.h ^ 0xff, 16777619);
    return this;
  }
  words(a: Uint32Array): this {
    for (let i = 0; i < a.length; i++) this.h = Math.imul(this.h ^ a[i], 16777619);
    return this;
  }
  hex(): string {
    return (this.h >>> 0).toString(16).padStart(8, '0');
  }
}

const stride = (n: number) => Math.max(1, Math.floor(n / SAMPLE));

export function runFingerprint(config: RunConfig, model: LoadedModel, data: LoadedData): string {
  const f = new Fnv().text(JSON.stringify(config)).text(model.name).text(JSON.stringify(model.host.config));
  for (const [k, w] of Object.entries(model.host.weights).sort(([a], [b]) => (a < b ? -1 : 1))) {
    f.text(k).text(w.shape.join('x'));
    const bits = new Uint32Array(w.data.buffer, w.data.byteOffset, w.data.length);
    const s = stride(bits.length);
    const picked = new Uint32Array(Math.ceil(bits.length / s));
    for (let i = 0, j = 0; i < bits.length; i += s, j++) picked[j] = bits[i];
    f.words(picked);
  }
  f.text(String(data.pairs.length));
  const s = stride(data.pairs.length);
  for (let i = 0; i < data.pairs.length; i += s) f.text(data.pairs[i].prompt).text(data.pairs[i].chosen).text(data.pairs[i].rejected);
  return f.hex();
}
