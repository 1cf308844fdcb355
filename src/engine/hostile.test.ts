// Hostile files, generated in memory: each is refused with a reason, quickly, without holding what it would expand to.
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { MAX_RECORD_BYTES } from './data/bytes';
import { parse } from './data/testdata/fixtures';
import { StudioError } from './errors';
import { MAX_JSON_DEPTH } from './jsonDepth';
import { serializeGpt2Config } from './model/families/gpt2Config';
import { loadHostWeights } from './model/hfFolder';
import { parseConfig } from './config/parse';
import { readSafetensorsHeader } from './model/safetensors';
import { parseJsonFile } from './model/tokenizer';
import { tinyConfig, tinyTokenizerJson } from './model/testdata/fixtures';
import { flattenModelFiles } from './session/loadModel';
import { safeUnzip } from './session/safeUnzip';

function refusal(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(StudioError);
    return (e as Error).message;
  }
  throw new Error('expected a StudioError');
}

const MiB = 2 ** 20;
/** The same chunk n times: a file of n MiB that costs one MiB to make. */
async function* repeated(chunk: Uint8Array, n: number, head = new Uint8Array(0), tail = new Uint8Array(0)) {
  yield head;
  for (let i = 0; i < n; i++) yield chunk;
  yield tail;
}
const heap = () => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;

/** Rewrites the declared uncompressed size of every entry, in the local headers and the central directory. */
function patchSizes(zip: Uint8Array, size: number): Uint8Array {
  const z = zip.slice();
  const v = new DataView(z.buffer);
  for (let i = 0; i + 4 <= z.length; i++) {
    const sig = v.getUint32(i, true);
    if (sig === 0x04034b50) v.setUint32(i + 22, size, true);
    else if (sig === 0x02014b50) v.setUint32(i + 24, size, true);
  }
  return z;
}

/** A raw deflate stream of 1 + 258·copies zero bytes (fixed Huffman: a literal 0, then length-258 copies at distance 1). */
function deflateZeros(copies: number): Uint8Array {
  const out = new Uint8Array(Math.ceil((3 + 8 + copies * 13 + 7) / 8) + 1);
  let bit = 0;
  const put = (v: number, n: number) => {
    for (let i = 0; i < n; i++, bit++) if ((v >> i) & 1) out[bit >> 3] |= 1 << (bit & 7);
  };
  const code = (c: number, n: number) => {
    for (let i = n - 1; i >= 0; i--, bit++) if ((c >> i) & 1) out[bit >> 3] |= 1 << (bit & 7);
  };
  put(1, 1); // final block
  put(1, 2); // fixed Huffman codes
  code(0x30, 8); // literal 0
  for (let i = 0; i < copies; i++) (code(0xc5, 8), code(0, 5)); // length 258 (symbol 285), distance 1
  code(0, 7); // end of block
  return out;
}

/** A one-entry zip whose deflated data is given (a stored placeholder of the same length, re-labelled as deflate). */
function zipWithDeflated(name: string, deflated: Uint8Array): Uint8Array {
  const z = zipSync({ [name]: new Uint8Array(deflated.length) }, { level: 0 });
  const v = new DataView(z.buffer);
  const data = 30 + v.getUint16(26, true) + v.getUint16(28, true);
  z.set(deflated, data);
  v.setUint16(8, 8, true);
  for (let i = data + deflated.length; i + 4 <= z.length; i++) if (v.getUint32(i, true) === 0x02014b50) v.setUint16(i + 10, 8, true);
  return z;
}

describe('hostile archives', () => {
  it('a zip whose entries declare past the total limit is refused before inflating anything', () => {
    const honest = zipSync({ 'm/config.json': new Uint8Array(3000), 'm/model.safetensors': new Uint8Array(3000) });
    const msg = refusal(() => safeUnzip('bomb.zip', honest, { maxTotalBytes: 4000, maxEntries: 10 }));
    expect(msg).toMatch(/^bomb\.zip: its entries declare 0\.00 GiB uncompressed, past the 0\.00 GiB limit \(a zip bomb\?\); refused$/);
    // 4 GiB declared per entry: refused against the default 4 GiB total in microseconds.
    const t = performance.now();
    expect(refusal(() => flattenModelFiles([{ name: 'big.zip', bytes: patchSizes(honest, 0xfffffff0) }]))).toMatch(/declare 8\.00 GiB uncompressed, past the 4\.00 GiB limit/);
    expect(performance.now() - t).toBeLessThan(200);
  });

  it('an entry that inflates past what it declares is stopped at its declared size', () => {
    // 256 MiB of zeros in 1.6 MiB; the entry claims 1000 bytes.
    const bomb = patchSizes(zipWithDeflated('m/model.safetensors', deflateZeros(Math.ceil(2 ** 28 / 258))), 1000);
    const before = heap();
    const t = performance.now();
    expect(refusal(() => flattenModelFiles([{ name: 'm.zip', bytes: bomb }]))).toBe(
      'm.zip: entry "m/model.safetensors" inflates past the 1000 bytes it declares (a zip bomb?); refused',
    );
    expect(performance.now() - t).toBeLessThan(1000);
    expect(heap() - before).toBeLessThan(64 * MiB); // never the 256 MiB it expands to
    // Declared honestly, the same entry is refused against the total limit without being inflated.
    expect(refusal(() => safeUnzip('m.zip', patchSizes(bomb, 2 ** 30), { maxTotalBytes: 2 ** 29, maxEntries: 10 }))).toMatch(/declare 1\.00 GiB uncompressed, past the 0\.50 GiB limit/);
  });

  it('entry names with ../ or an absolute path are refused', () => {
    for (const name of ['../evil/config.json', 'm/../../config.json', '/etc/config.json', 'C:\\m\\config.json', 'm\\..\\..\\x']) {
      const zip = zipSync({ [name]: strToU8('{}'), 'm/tokenizer.json': strToU8('{}') });
      expect(refusal(() => flattenModelFiles([{ name: 'm.zip', bytes: zip }]))).toBe(
        `m.zip: entry "${name}" points outside the archive's folder (".." or an absolute path); refused`,
      );
    }
    const twice = zipSync({ 'a/config.json': strToU8('{}'), 'b/config.json': strToU8('{}') });
    expect(refusal(() => flattenModelFiles([{ name: 't.zip', bytes: twice }]))).toMatch(/two entries named config\.json \(a\/config\.json, b\/config\.json\)/);
  });

  it('model.safetensors.index.json pointing outside the folder', () => {
    const json = (v: unknown) => strToU8(JSON.stringify(v));
    for (const shard of ['../other-model/model.safetensors', '/home/me/.ssh/model.safetensors', 'sub\\model.safetensors']) {
      const files = {
        'config.json': json(serializeGpt2Config(tinyConfig())),
        'tokenizer.json': json(tinyTokenizerJson()),
        'model.safetensors.index.json': json({ weight_map: { 'transformer.wte.weight': shard } }),
      };
      expect(refusal(() => loadHostWeights(files))).toBe(
        `model.safetensors.index.json: weight_map["transformer.wte.weight"] is "${shard}", a path outside the model folder; shards must be files in the folder`,
      );
    }
  });
});

describe('hostile data and JSON files', () => {
  const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
  const deepObject = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);

  it('JSON nested 100,000 levels deep: a data row, a whole .json array, a config file', async () => {
    const row = `{"prompt": "p", "chosen": " a", "rejected": ${deep(100_000)}}`;
    const good = '{"prompt": "p", "chosen": " a", "rejected": " b"}';
    const t = performance.now();
    const jl = await parse(`${good}\n${row}\n${deepObject(100_000)}\n`, 'deep.jsonl');
    expect(jl.report).toMatchObject({ kept: 1, skipped: 2, counts: { too_deep: 2 } });
    expect(jl.report.problems[0].message).toMatch(new RegExp(`^deep\\.jsonl line 2: JSON nested more than ${MAX_JSON_DEPTH} levels deep \\(at offset \\d+\\); refused before parsing$`));
    const arr = await parse(`[${good}, ${deep(100_000)}, ${good.replace('" b"', '" c"')}]`, 'deep.json');
    expect(arr.report).toMatchObject({ format: 'json', kept: 2, skipped: 1, counts: { too_deep: 1 } });
    expect(arr.report.problems[0].line).toBe(2);
    const unclosed = await parse(`[${'['.repeat(100_000)}`, 'open.json');
    expect(unclosed.report.problems[0]).toMatchObject({ reason: 'too_deep', line: 1 });
    expect(refusal(() => parseJsonFile(strToU8(deepObject(100_000)), 'tokenizer.json'))).toMatch(/^tokenizer\.json: JSON nested more than 128 levels deep/);
    expect(refusal(() => parseConfig(`{"version": 1, "training": ${deepObject(100_000)}}`, 'run.json'))).toMatch(/^run\.json:1: JSON nested more than 128 levels deep/);
    const header = strToU8(`{"__metadata__": {"x": ${deep(100_000)}}}`);
    const st = new Uint8Array(8 + header.length);
    new DataView(st.buffer).setBigUint64(0, BigInt(header.length), true);
    st.set(header, 8);
    expect(refusal(() => readSafetensorsHeader(st))).toMatch(/^model\.safetensors: header JSON nested more than 128 levels deep/);
    // Depth that real files have still parses; brackets inside strings do not count.
    expect(parseJsonFile(`{"a": "${'['.repeat(500)}", "b": ${deep(MAX_JSON_DEPTH - 1)}}`, 'x.json').a).toHaveLength(500);
    expect(performance.now() - t).toBeLessThan(2000);
  });

  it('a CSV with a 100 MB single field is skipped as it streams by; the rows around it load', async () => {
    const field = new Uint8Array(MiB).fill(0x61);
    const head = strToU8('prompt,chosen,rejected\nQ1, a, b\nQ2, ');
    const tail = strToU8(',x\nQ3, c, d\n');
    const before = heap();
    const t = performance.now();
    const { pairs, report } = await parse(repeated(field, 100, head, tail), 'big.csv');
    expect(pairs.map((p) => p.prompt)).toEqual(['Q1', 'Q3']);
    expect(report.problems).toMatchObject([{ reason: 'too_large', line: 3 }]);
    expect(report.problems[0].message).toBe(
      `big.csv line 3: the record is 100.0 MiB, longer than the ${MAX_RECORD_BYTES / MiB} MiB a record may be; skipped without reading it whole`,
    );
    expect(heap() - before).toBeLessThan(MAX_RECORD_BYTES + 16 * MiB);
    expect(performance.now() - t).toBeLessThan(3000);
  });

  it('the same field quoted across many lines, and a 100 MB JSONL line', async () => {
    const lines = new Uint8Array(MiB).fill(0x61);
    for (let i = 8191; i < lines.length; i += 8192) lines[i] = 0x0a;
    const quoted = await parse(repeated(lines, 20, strToU8('prompt,chosen,rejected\nQ1, a, b\nQ2," '), strToU8('", x\nQ3, c, d\n')), 'q.csv');
    expect(quoted.pairs.map((p) => p.prompt)).toEqual(['Q1', 'Q3']);
    expect(quoted.report.problems).toMatchObject([{ reason: 'too_large', line: 3 }]);
    const flat = new Uint8Array(MiB).fill(0x61);
    const jl = await parse(repeated(flat, 20, strToU8('{"prompt": "p", "chosen": " a", "rejected": " b"}\n{"prompt": "'), strToU8('"}\n')), 'big.jsonl');
    expect(jl.report).toMatchObject({ kept: 1, counts: { too_large: 1 } });
    expect(jl.report.problems[0].message).toMatch(/^big\.jsonl line 2: the line is 20\.0 MiB, longer than the 16 MiB/);
  });
});
