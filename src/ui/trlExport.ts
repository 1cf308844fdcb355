// "TRL project (.zip)": the run as a TRL project, built in the page from the loaded pairs and config; nothing is uploaded.
import { zipSync } from 'fflate';
import { parseConfig } from '../engine/config';
import { parsePreferences } from '../engine/data';
import { StudioError } from '../engine/errors';
import { buildTrlProject, TRL_PROJECT_FOLDER } from '../engine/export/trl/project';
import { hubCacheId, nameOrPathOf } from '../engine/export/baseModelId';
import { trainedPairs } from '../engine/export/trl/pairs';
import type { ModelRef } from '../engine/export/trl/runSpec';
import { currentConfigInput } from './actions';
import { downloadBlob } from './download';
import { useStudio } from './store';
import { loadedHubProvenance } from './hub/hubProvenance';

const BUILTIN_MODEL_FILES = ['config.json', 'model.safetensors', 'tokenizer.json', 'tokenizer_config.json'];
const HUB_ID = /^[A-Za-z0-9][\w.-]*\/[\w.-]+$/;

async function fetchBytes(path: string): Promise<Uint8Array> {
  const r = await fetch(new URL(path, new URL(import.meta.env.BASE_URL, location.origin)));
  if (!r.ok) throw new StudioError(`${path}: HTTP ${r.status}`);
  return new Uint8Array(await r.arrayBuffer());
}

async function modelRef(): Promise<ModelRef & { hasChatTemplate: boolean; files?: Record<string, Uint8Array> }> {
  const s = useStudio.getState();
  const hasChatTemplate = !!s.modelSummary?.tokens.chatTemplate;
  if (s.modelHub) {
    const { repo, commit } = s.modelHub;
    return { default: repo, revision: commit, bundled: false, source: `${repo}@${commit} (loaded from the Hub)`, hasChatTemplate };
  }
  if (!s.modelFiles) {
    const name = s.modelBuiltin ?? 'default';
    const files: Record<string, Uint8Array> = {};
    for (const f of BUILTIN_MODEL_FILES) files[f] = await fetchBytes(`models/${name}/${f}`);
    return { default: 'model', bundled: true, source: "the studio's built-in arithmetic GPT-2 (bundled in model/)", hasChatTemplate, files };
  }
  // A hub-cache folder (models--org--name/…) or a config.json saved by transformers names the hub id; else the user
  // points --model at the folder.
  const cfg = s.modelFiles.find((f) => f.name === 'config.json');
  const n = cfg ? nameOrPathOf(new Uint8Array(await cfg.arrayBuffer())) : undefined;
  const id = s.modelFiles.map((f) => hubCacheId(f.webkitRelativePath || f.name)).find(Boolean) ?? (typeof n === 'string' ? (hubCacheId(n) ?? (HUB_ID.test(n) ? n : null)) : null);
  const name = s.modelSummary?.name ?? 'the loaded model';
  return id
    ? { default: id, bundled: false, source: `${id} (the studio had ${name} loaded)`, hasChatTemplate }
    : { default: './model', bundled: false, source: `${name}, loaded from your files: copy that folder to model/ or pass --model`, hasChatTemplate };
}

async function loadedPairs(config: ReturnType<typeof parseConfig>) {
  const s = useStudio.getState();
  const file = s.dataFile ? s.dataFile.name : `${s.dataBuiltin ?? 'math-low-edit'}.train.jsonl`;
  const bytes = s.dataFile ?? new Blob([(await fetchBytes(`data/${file}`)) as BlobPart]);
  const { pairs } = await parsePreferences(bytes, { file, columns: config.data.columns });
  // A pair filter, and the drop of pairs whose prompt fills max length, run at Prepare: use the pairs that run kept.
  const kept = s.prepared?.sourceIndex;
  if (config.data.filter && !kept) throw new StudioError('the pair filter runs at Prepare: press Run or Step once, then export the TRL project', { field: 'data.filter' });
  return trainedPairs(pairs, config.data.maxPairs, kept);
}

export async function exportTrlProjectZip(): Promise<void> {
  const input = currentConfigInput();
  const config = parseConfig(input, 'config');
  const files = buildTrlProject({ config, studioConfig: input, pairs: await loadedPairs(config), model: await modelRef(), dataHub: loadedHubProvenance(useStudio.getState())?.data });
  const enc = new TextEncoder();
  const entries = Object.fromEntries(Object.entries(files).map(([p, c]) => [`${TRL_PROJECT_FOLDER}/${p}`, typeof c === 'string' ? enc.encode(c) : c]));
  downloadBlob(`${TRL_PROJECT_FOLDER}.zip`, new Blob([zipSync(entries, { level: 6 }) as BlobPart], { type: 'application/zip' }));
}
