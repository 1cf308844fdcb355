// Preset or config file, then flags on top, validated by the same schema the UI uses.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseConfig, type RunConfig, type RunConfigInput } from '../engine/config';
import { StudioError } from '../engine/errors';
import { defaultArmNames } from '../engine/losses';
import { armsFromFlag, hasLossFlags, lossFlagsOnto } from './armFlags';
import { presetByName, PRESETS } from '../engine/presets';
import type { CliArgs } from './args';
import { num } from './flagNumbers';

/** The schema's default arms, written out so flags can be put on them. */
const defaultArms = () => defaultArmNames(['dpo', 'dpop']).map((name, i) => ({ name, loss: i ? 'dpop' : 'dpo' }));

export function resolveConfig(a: CliArgs): RunConfig {
  let base: RunConfigInput;
  let file = 'preset';
  if (a.config) {
    file = a.config;
    let text: string;
    try {
      text = readFileSync(a.config, 'utf8');
    } catch {
      throw new StudioError(`${a.config}: cannot read the config file`, { file: a.config });
    }
    try {
      base = JSON.parse(text);
    } catch {
      parseConfig(text, a.config); // throws the syntax error with its line number
      throw new StudioError(`${a.config}: not valid JSON`, { file: a.config });
    }
  } else {
    const name = a.preset ?? 'default';
    const p = presetByName(name);
    if (!p) throw new StudioError(`--preset: no preset "${name}" (have: ${PRESETS.map((x) => x.name).join(', ')})`, { field: 'preset' });
    base = structuredClone(p.config);
  }
  const c = structuredClone(base) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  c.training ??= {};
  c.data ??= {};
  c.model ??= {};
  if (a.data) c.data = { ...(c.data.columns ? { columns: c.data.columns } : {}), ...(c.data.truncation ? { truncation: c.data.truncation } : {}), file: basename(a.data) };
  if (a.model) c.model = { dir: a.model };
  if (a.arms) c.arms = armsFromFlag(a.arms, a.lossWeights);
  else if (a.lossWeights) throw new StudioError('--loss-weights goes with --arms (e.g. --arms sigmoid,sigmoid+sft --loss-weights 1,0.2)', { field: 'loss-weights' });
  if (hasLossFlags(a)) c.arms = (c.arms ?? defaultArms()).map((arm: Record<string, unknown>) => lossFlagsOnto(arm, a));
  // --lora R turns every arm into a LoRA arm (alpha 2R unless given; targets: the family's defaults unless given).
  const r = num('lora', a.lora);
  if (r !== undefined || a.loraAlpha || a.loraTargets || a.loraDropout) {
    if (r === undefined) throw new StudioError('--lora-alpha, --lora-targets and --lora-dropout need --lora R', { field: 'lora' });
    const targets = a.loraTargets?.split(',').map((s) => s.trim()).filter(Boolean);
    const adapter = { type: 'lora', r, alpha: num('lora-alpha', a.loraAlpha) ?? 2 * r, dropout: num('lora-dropout', a.loraDropout) ?? 0, ...(targets?.length ? { targetModules: targets } : {}) };
    c.arms = (c.arms ?? defaultArms()).map((arm: Record<string, unknown>) => ({ ...arm, adapter }));
  }
  const set = (k: string, v: unknown) => v !== undefined && (c.training[k] = v);
  set('lr', num('lr', a.lr));
  set('optimizer', a.optimizer);
  set('steps', num('steps', a.steps));
  set('batchSize', num('batch-size', a.batchSize));
  set('warmupSteps', num('warmup-steps', a.warmupSteps));
  set('clipNorm', num('max-grad-norm', a.maxGradNorm));
  set('seed', num('seed', a.seed));
  set('maxLength', num('max-length', a.maxLength));
  set('gradientAccumulationSteps', num('gradient-accumulation-steps', a.gradientAccumulationSteps));
  if (a.gradientCheckpointing) c.training.gradientCheckpointing = true;
  set('memory', a.memory);
  const maxPairs = num('max-pairs', a.maxPairs);
  if (maxPairs !== undefined) c.data.maxPairs = maxPairs;
  // Checked by the schema, which names the allowed modes.
  if (a.truncation !== undefined) c.data.truncation = a.truncation;
  // --filter-*: keep pairs by predicted displacement; the schema checks the ranges (a fraction in (0, 1], editMin ≤ editMax).
  const filter = { chesTop: num('filter-ches-top', a.filterChesTop), chesBottom: num('filter-ches-bottom', a.filterChesBottom), editMin: num('filter-edit-min', a.filterEditMin), editMax: num('filter-edit-max', a.filterEditMax) };
  if (Object.values(filter).some((v) => v !== undefined)) c.data.filter = { ...c.data.filter, ...Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined)) };
  if (a.noShuffle) c.training.shuffle = false;
  if (a.backend) c.backend = a.backend;
  // A number, or 'auto'; anything else reaches the schema as given and is refused there, naming `threads`.
  if (a.threads) c.threads = a.threads === 'auto' ? 'auto' : /^\d+$/.test(a.threads) ? Number(a.threads) : a.threads;
  // A base's warm-up shrinks to a shorter --steps; an explicit --warmup-steps past steps is refused by the schema.
  if (a.warmupSteps === undefined && c.training.warmupSteps !== undefined && c.training.steps !== undefined && c.training.warmupSteps > c.training.steps) c.training.warmupSteps = c.training.steps;
  return parseConfig(c, file);
}
