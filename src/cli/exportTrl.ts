// `--export-trl DIR`: the run as a TRL project folder, built in Node from the same parser and config the studio uses.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { RunConfig } from '../engine/config';
import { parsePreferences } from '../engine/data';
import { StudioError } from '../engine/errors';
import { buildTrlProject, type ProjectFiles } from '../engine/export/trl/project';
import { trainedPairs } from '../engine/export/trl/pairs';
import type { ModelRef } from '../engine/export/trl/runSpec';
import { writeOut } from './outputs';

const PUBLIC = resolve(dirname(new URL(import.meta.url).pathname), '../../public');

function hasChatTemplate(dir: string): boolean {
  if (existsSync(join(dir, 'chat_template.jinja'))) return true;
  try {
    return typeof JSON.parse(readFileSync(join(dir, 'tokenizer_config.json'), 'utf8')).chat_template !== 'undefined';
  } catch {
    return false;
  }
}

const HUB_ID = /^[A-Za-z0-9][\w.-]*\/[\w.-]+$/;

/**
 * The Hugging Face id a folder names: its place in the hub cache (models--org--name/snapshots/…), else the
 * _name_or_path transformers 4 wrote into config.json; null when neither does.
 */
export function hubIdOf(dir: string, configJson: unknown): string | null {
  const cached = /models--([^/\\]+?)--([^/\\]+)[/\\]snapshots[/\\]/.exec(dir + '/');
  if (cached) return `${cached[1]}/${cached[2]}`;
  const n = (configJson as { _name_or_path?: unknown })?._name_or_path;
  return typeof n === 'string' && HUB_ID.test(n) ? n : null;
}

function modelRef(modelDir: string | undefined, hub?: { id: string; commit: string }): TrlModel {
  if (!modelDir) {
    const dir = join(PUBLIC, 'models', 'default');
    const files = Object.fromEntries(readdirSync(dir).map((f) => [f, new Uint8Array(readFileSync(join(dir, f)))]));
    return { default: 'model', bundled: true, source: "the studio's built-in arithmetic GPT-2 (bundled in model/)", hasChatTemplate: false, files };
  }
  const dir = statSync(modelDir).isDirectory() ? resolve(modelDir) : dirname(resolve(modelDir));
  let cfg: unknown = null;
  try {
    cfg = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
  } catch {
    cfg = null;
  }
  if (hub) return { default: hub.id, revision: hub.commit, bundled: false, source: `${hub.id}@${hub.commit} (from the hub cache, ${dir})`, hasChatTemplate: hasChatTemplate(dir) };
  const id = hubIdOf(dir, cfg);
  return { default: id ?? dir, bundled: false, source: id ? `${id} (from ${dir})` : `the folder ${dir}`, hasChatTemplate: hasChatTemplate(dir) };
}

type TrlModel = ModelRef & { hasChatTemplate: boolean; files?: Record<string, Uint8Array> };

/** Builds the project for a resolved config; dataFile overrides config.data (as --data does); hub pins a hf: model. */
export async function trlProjectFor(config: RunConfig, dataFile: string | undefined, modelDir: string | undefined, hub?: { id: string; commit: string }, dataHub?: string): Promise<ProjectFiles> {
  if (config.data.filter)
    throw new StudioError('--export-trl applies no pair filter from the CLI; export from the studio after Prepare, or leave out the --filter-* flags', { field: '--export-trl' });
  const file = dataFile ?? join(PUBLIC, 'data', `${config.data.builtin ?? 'math-low-edit'}.train.jsonl`);
  if (!existsSync(file)) throw new StudioError(`${file}: no such file`, { file, field: '--data' });
  const bytes = new Blob([readFileSync(file)]);
  const parsed = await parsePreferences(bytes, { file, columns: config.data.columns });
  const pairs = trainedPairs(parsed.pairs, config.data.maxPairs);
  if (pairs.length === 0) throw new StudioError(`no usable preference pairs in ${file}`, { file, field: '--data' });
  return buildTrlProject({ config, studioConfig: config, pairs, model: modelRef(modelDir, hub), dataHub });
}

export function writeProject(dir: string, files: ProjectFiles): void {
  for (const [path, content] of Object.entries(files)) writeOut(join(dir, dirname(path)), path.split('/').pop()!, content);
}
