// The studio's metric names against TRL 1.13's DPOTrainer: the list it appends per batch, read from TRL's own source
// where a Python with trl is at hand (PS_TRL_PYTHON, else .venv-trl/bin/python), and the list found there.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { trlPython } from '../../../scripts/trl-parity/python';
import { METRIC_NAMES, TRAINER_TRAIN_METRICS, TRL_BATCH_METRICS, TRL_NAME } from './metricNames';

/** _compute_loss's source and TRL's version, or why they could not be read. */
function trlSource(): { version: string; src: string } | { missing: string } {
  const found = trlPython(['trl']);
  if (found.missing) return { missing: found.missing };
  const py = found.python!;
  // Locates the installed trl and reads its file without importing it (importing trl imports torch: seconds).
  const code = 'import importlib.util, importlib.metadata, json, os\nspec = importlib.util.find_spec("trl")\nif spec is None: raise SystemExit("no module named trl")\npath = os.path.join(os.path.dirname(spec.origin), "trainer", "dpo_trainer.py")\nprint(json.dumps({"version": importlib.metadata.version("trl"), "file": open(path, encoding="utf-8").read()}))';
  const r = spawnSync(py, ['-c', code], { encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) return { missing: `${py} could not find trl: ${(r.stderr || String(r.error)).trim().split('\n').pop()}` };
  const { version, file } = JSON.parse(r.stdout.trim().split('\n').pop()!) as { version: string; file: string };
  const start = file.indexOf('    def _compute_loss(self');
  if (start < 0) return { missing: `trl ${version}'s dpo_trainer.py has no DPOTrainer._compute_loss` };
  const end = file.indexOf('\n    def ', start + 1);
  return { version, src: file.slice(start, end < 0 ? undefined : end) };
}

describe("TRL 1.13's metric names", () => {
  it('every name TRL appends per batch, and the Trainer adds to train rows, is one the studio logs', () => {
    for (const m of [...TRL_BATCH_METRICS, ...TRAINER_TRAIN_METRICS]) expect(METRIC_NAMES as readonly string[]).toContain(m);
    expect(TRL_BATCH_METRICS).toHaveLength(11);
    expect(TRL_NAME.lr).toBe('learning_rate');
  });

  const found = trlSource();
  if ('missing' in found) console.warn(`[trlMetricNames] skipped reading TRL's source: ${found.missing}`);
  it.skipIf('missing' in found)("equal the names in TRL's DPOTrainer._compute_loss (read from the installed trl)", () => {
    const { version, src } = found as { version: string; src: string };
    const names = new Set([...src.matchAll(/self\._metrics\[mode\]\["([^"]+)"\]/g)].map((m) => m[1]));
    console.log(`[trlMetricNames] trl ${version}: ${[...names].join(', ')}`);
    names.delete('aux_loss'); // mixture-of-experts router loss only; the studio has no such models
    expect([...names].sort()).toEqual([...TRL_BATCH_METRICS].sort());
  });
});
