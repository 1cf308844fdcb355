// `npx tsx scripts/bench/dataScale.ts [--pairs N] [--keep]`: an hh-rlhf-sized .jsonl.gz (160,800 pairs by default,
// multi-turn "\n\nHuman: … \n\nAssistant: …" transcripts) is generated, then loaded the way the worker loads a dropped
// file (a Blob read in 1 MiB slices, streaming gunzip, one pair at a time) through a StudioSession; then the built-in
// model is loaded and the data report with token statistics is built. Prints one JSON document: parse rate (compressed
// and uncompressed MiB/s, pairs/s), peak heap and RSS over the parse, what the kept pairs hold, progress events, and the
// report's time and size (what crosses to the page). Also writes bench-results/data-scale.json.
import { mkdirSync, openAsBlob, readFileSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { createGzip } from 'node:zlib';
import { StudioSession, type SessionEvent } from '../../src/engine/session/session';
import type { AssetSource } from '../../src/engine/session/assets';

const argv = process.argv.slice(2);
const opt = (name: string, d: number) => (argv.includes(name) ? Number(argv[argv.indexOf(name) + 1]) : d);
const PAIRS = opt('--pairs', 160_800);
const log = (s: string) => process.stderr.write(s + '\n');
const MiB = 2 ** 20;

/** Deterministic words (xorshift): a 4,000-word vocabulary with a Zipf-ish pick, so gzip sees text-like redundancy. */
function words(seed: number) {
  let s = seed >>> 0 || 1;
  const rnd = () => ((s ^= s << 13), (s ^= s >>> 17), (s ^= s << 5), (s >>> 0) / 2 ** 32);
  const syll = ['ka', 'lo', 'mi', 'ne', 'ra', 'tu', 'si', 'po', 've', 'da', 'an', 'or', 'el', 'is', 'th', 'ch'];
  const vocab = Array.from({ length: 4000 }, () => Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => syll[Math.floor(rnd() * syll.length)]).join(''));
  const pick = () => vocab[Math.floor(vocab.length * rnd() ** 3)];
  return { rnd, sentence: (n: number) => Array.from({ length: n }, pick).join(' ') + '.' };
}

/** hh-rlhf rows: 1–4 turns, the last assistant turn differs; about 1.6 KB a row as in the real train split. */
async function writeDataset(file: string): Promise<number> {
  const w = words(7);
  const gz = createGzip({ level: 6 });
  const out = createWriteStream(file);
  gz.pipe(out);
  let raw = 0;
  for (let i = 0; i < PAIRS; i++) {
    let shared = '';
    const turns = 1 + Math.floor(w.rnd() * 4);
    for (let t = 0; t < turns; t++) {
      shared += `\n\nHuman: ${w.sentence(8 + Math.floor(w.rnd() * 20))}\n\nAssistant:`;
      if (t < turns - 1) shared += ` ${w.sentence(15 + Math.floor(w.rnd() * 30))}`;
    }
    const row = JSON.stringify({ chosen: `${shared} ${w.sentence(20 + Math.floor(w.rnd() * 40))}`, rejected: `${shared} ${w.sentence(10 + Math.floor(w.rnd() * 40))}` }) + '\n';
    raw += row.length;
    if (!gz.write(row)) await once(gz, 'drain');
  }
  gz.end();
  await once(out, 'close');
  return raw;
}

const root = path.resolve(import.meta.dirname, '../..');
const modelDir = path.join(root, 'public/models/default');
const assets: AssetSource = {
  model: async () => new Map(['config.json', 'model.safetensors', 'tokenizer.json'].map((f) => [f, new Uint8Array(readFileSync(path.join(modelDir, f)))])),
  dataset: async () => null,
};

const mem = () => {
  const m = process.memoryUsage();
  return { heap: m.heapUsed + m.arrayBuffers, rss: m.rss };
};

const tmp = path.join(os.tmpdir(), `ps-data-scale-${process.pid}.jsonl.gz`);
log(`bench: writing ${PAIRS} hh-rlhf-like pairs to ${tmp}…`);
const rawBytes = await writeDataset(tmp);
const gzBytes = (await openAsBlob(tmp)).size;
log(`bench: ${(gzBytes / MiB).toFixed(1)} MiB gzip, ${(rawBytes / MiB).toFixed(1)} MiB of JSONL`);

globalThis.gc?.();
const base = mem();
let peak = { ...base };
const sample = () => {
  const m = mem();
  peak = { heap: Math.max(peak.heap, m.heap), rss: Math.max(peak.rss, m.rss) };
};
const timer = setInterval(sample, 20);
const events: SessionEvent[] = [];
const session = new StudioSession({
  emit: (e) => (events.push(e), sample()),
  assets,
  backend: () => ({ backend: 'cpu', requested: 'cpu', reason: 'bench', crossOriginIsolated: false }),
});
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const report = await session.loadData({ kind: 'file', name: 'hh-rlhf-like.jsonl.gz', bytes: await openAsBlob(tmp) });
const parseS = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const parseCpuS = (cpu.user + cpu.system) / 1e6;
clearInterval(timer);
sample();
globalThis.gc?.();
const held = mem().heap - base.heap;
const progress = events.filter((e) => e.type === 'progress').length;

log('bench: loading the built-in model and building the report with token statistics…');
await session.loadModel({ kind: 'builtin', name: 'default' });
const t1 = performance.now();
const withTokens = session.dataReport();
const reportS = (performance.now() - t1) / 1000;
const t2 = performance.now();
session.dataReport();
const reportAgainS = (performance.now() - t2) / 1000;
if (!argv.includes('--keep')) rmSync(tmp);

const result = {
  machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version },
  file: { pairs: PAIRS, gzipMiB: +(gzBytes / MiB).toFixed(1), jsonlMiB: +(rawBytes / MiB).toFixed(1) },
  parse: {
    kept: report.kept,
    skipped: report.skipped,
    shape: report.detectedShape,
    seconds: +parseS.toFixed(2),
    gzipMiBPerS: +(gzBytes / MiB / parseS).toFixed(1),
    jsonlMiBPerS: +(rawBytes / MiB / parseS).toFixed(1),
    pairsPerS: Math.round(report.kept / parseS),
    // The machine may be shared: CPU seconds (all threads of this process) say what the parse itself costs.
    cpuSeconds: +parseCpuS.toFixed(2),
    jsonlMiBPerCpuS: +(rawBytes / MiB / parseCpuS).toFixed(1),
    progressEvents: progress,
    peakHeapOverBaseMiB: +((peak.heap - base.heap) / MiB).toFixed(0),
    peakRssMiB: +(peak.rss / MiB).toFixed(0),
    pairsHeldMiB: +(held / MiB).toFixed(0),
  },
  report: {
    seconds: +reportS.toFixed(2),
    againSeconds: +reportAgainS.toFixed(2),
    previewRows: withTokens.preview.length,
    tokenStatsPairs: withTokens.tokenStatsPairs,
    // The first report renders and tokenises the sample; the second reuses it, so the difference is the tokeniser.
    tokenizePairsPerS: Math.round((withTokens.tokenStatsPairs ?? 0) / Math.max(1e-3, reportS - reportAgainS)),
    jsonKiB: Math.round(JSON.stringify(withTokens).length / 1024),
  },
};
mkdirSync(path.join(root, 'bench-results'), { recursive: true });
writeFileSync(path.join(root, 'bench-results/data-scale.json'), JSON.stringify(result, null, 2) + '\n');
console.log(JSON.stringify(result, null, 2));
