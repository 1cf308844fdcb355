// The CLI's two TRL commands, neither of which trains: --export-trl DIR and --import FILE --out DIR.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RunConfig } from '../engine/config';
import { StudioError } from '../engine/errors';
import { importedLines, importRun } from '../engine/export/trl/importRun';
import type { CliArgs } from './args';
import { trlProjectFor, writeProject } from './exportTrl';
import { writeOut } from './outputs';

/** hub: the hf: model's id and commit, so the project's --model defaults to that id at that revision. */
export async function exportTrlCommand(args: CliArgs, config: RunConfig, hub?: { id: string; commit: string }, dataHub?: string): Promise<number> {
  const dir = resolve(args.exportTrl!);
  if (args.model && !existsSync(args.model)) throw new StudioError(`${args.model}: no such folder or file`, { file: args.model, field: '--model' });
  const files = await trlProjectFor(config, args.data, args.model, hub, dataHub);
  writeProject(dir, files);
  const pairs = String(files['data/train.jsonl']).split('\n').filter(Boolean).length;
  console.error(`TRL project: ${Object.keys(files).length} files, ${pairs} pairs, arms ${config.arms.map((a) => a.name).join(', ')}`);
  console.log(dir);
  return 0;
}

export async function importCommand(args: CliArgs): Promise<number> {
  const file = args.importFile!;
  if (!args.out) throw new StudioError('--import needs --out DIR (where metrics.jsonl is written)', { field: '--out' });
  if (!existsSync(file)) throw new StudioError(`${file}: no such file`, { file, field: '--import' });
  const beta = args.beta === undefined ? undefined : Number(args.beta);
  if (beta !== undefined && !(beta > 0)) throw new StudioError(`--beta: expected a positive number, got "${args.beta}"`, { field: '--beta' });
  const run = importRun(readFileSync(file, 'utf8'), file, { beta });
  writeOut(resolve(args.out), 'metrics.jsonl', importedLines(run));
  const steps = run.rows.filter((r) => r.split === 'train').length;
  console.error(`imported ${run.kind} ${file}: arms ${run.arms.join(', ')}, ${steps} train rows, ${run.rows.length - steps} eval rows`);
  for (const n of run.notes) console.error(`note: ${n}`);
  console.log(join(resolve(args.out), 'metrics.jsonl'));
  return 0;
}
