// The CLI's --export-trl and --import, called as experiment.ts calls them (no browser: neither trains).
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCli } from './args';
import { resolveConfig } from './resolveConfig';
import { exportTrlCommand, importCommand } from './trlCommands';

const STATE = 'src/engine/export/trl/testdata/trainer_state.DPO.json';
const quiet = <T>(f: () => Promise<T>) => {
  const log = console.log, err = console.error;
  console.log = console.error = () => undefined;
  return f().finally(() => ((console.log = log), (console.error = err)));
};

describe('CLI TRL commands', () => {
  it('--export-trl writes the project folder with the preset data (--max-pairs kept) and the bundled model', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'cli-trl-')), 'proj');
    const args = parseCli(['--preset', 'default', '--max-pairs', '12', '--export-trl', dir]);
    expect(await quiet(() => exportTrlCommand(args, resolveConfig(args)))).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['README.md', 'accelerate', 'data', 'dpop.py', 'losses.py', 'model', 'requirements.txt', 'studio_metrics.py', 'studio_run.json', 'train.py']);
    expect(readFileSync(join(dir, 'data/train.jsonl'), 'utf8').trim().split('\n')).toHaveLength(12);
    const spec = JSON.parse(readFileSync(join(dir, 'studio_run.json'), 'utf8'));
    expect(spec.model).toMatchObject({ default: 'model', bundled: true });
    expect(readdirSync(join(dir, 'model')).sort()).toEqual(['config.json', 'model.safetensors', 'tokenizer.json', 'tokenizer_config.json']);
  });

  it('--import FILE --out DIR writes the studio metrics.jsonl of a trainer_state.json (arm = its name, delta from --beta)', async () => {
    const out = mkdtempSync(join(tmpdir(), 'cli-import-'));
    expect(await quiet(() => importCommand(parseCli(['--import', STATE, '--out', out, '--beta', '0.1'])))).toBe(0);
    const rows = readFileSync(join(out, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const first = JSON.parse(readFileSync(STATE, 'utf8')).log_history[0];
    expect(rows[0]).toMatchObject({ arm: 'trainer_state.DPO', step: 1, split: 'train', loss: first.loss, lr: first.learning_rate, 'delta/chosen': first['rewards/chosen'] / 0.1 });
    expect(rows.filter((r) => r.split === 'eval')).toHaveLength(1);
    await expect(importCommand(parseCli(['--import', 'package.json', '--out', out]))).rejects.toThrow(/package\.json: a JSON value without "log_history"; expected a TRL trainer_state\.json/);
    await expect(importCommand(parseCli(['--import', STATE]))).rejects.toThrow(/--import needs --out DIR/);
  });
});

describe('hubIdOf', () => {
  it('reads the id from a hub cache path or from _name_or_path', async () => {
    const { hubIdOf } = await import('./exportTrl');
    expect(hubIdOf('/root/.cache/huggingface/hub/models--HuggingFaceTB--SmolLM2-135M/snapshots/abc123', {})).toBe('HuggingFaceTB/SmolLM2-135M');
    expect(hubIdOf('/data/my-model', { _name_or_path: 'Qwen/Qwen2.5-0.5B' })).toBe('Qwen/Qwen2.5-0.5B');
    expect(hubIdOf('/data/my-model', { _name_or_path: '/data/my-model' })).toBeNull();
    expect(hubIdOf('/data/my-model', null)).toBeNull();
  });
});
