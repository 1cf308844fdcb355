// The standard Hugging Face hub cache as a HubStore: {models,datasets}--org--name/{blobs,snapshots/<commit>/…,refs/<revision>},
// as huggingface_hub writes it, so transformers reads what the CLI downloads and the CLI reads what they downloaded.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, readlinkSync, renameSync, rmSync, statSync, symlinkSync, unlinkSync, writeFileSync, appendFileSync, lstatSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { HubFileKey, HubKind, HubRevisionKey, HubStore, HubStoredSnapshot } from '../engine/hub/types';
import { expandUser, hfHome } from './hubToken';

/** $HF_HUB_CACHE, else $HF_HOME/hub, else ~/.cache/huggingface/hub (huggingface_hub's order; HUGGINGFACE_HUB_CACHE is its old name). */
export function hubCacheDir(env: Record<string, string | undefined> = process.env): string {
  const dir = env.HF_HUB_CACHE || env.HUGGINGFACE_HUB_CACHE;
  return dir ? expandUser(dir) : join(hfHome(env), 'hub');
}

export const repoFolderName = (kind: HubKind, repo: string): string => `${kind}s--${repo.split('/').join('--')}`;

/** Files the hub stores in LFS are named in blobs/ by sha256; others by their git blob sha1 (the hub's ETag for them). */
const LFS = /\.(safetensors|bin|parquet|pt|pth|h5|msgpack|gguf|onnx|arrow|zip|gz)$/;
function blobName(path: string, bytes: Uint8Array): string {
  if (LFS.test(path) || bytes.length > 10 * 2 ** 20) return createHash('sha256').update(bytes).digest('hex');
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

/** Paths under ".studio/" are the studio's own (cached rows), kept beside the snapshot, never inside it. */
const STUDIO = '.studio/';

function walk(dir: string, base = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const rel = base ? `${base}/${d.name}` : d.name;
    return d.isDirectory() ? walk(join(dir, d.name), rel) : [rel];
  });
}

function safe(path: string): string {
  if (path.split('/').some((s) => s === '..' || s === '') || path.startsWith('/')) throw new Error(`hub cache: bad path "${path}"`);
  return path;
}

export class HubCacheStore implements HubStore {
  constructor(
    readonly dir: string,
    /** The endpoint list() reports (the cache itself holds none, as with huggingface_hub). */
    readonly endpoint: string,
  ) {}

  private repoDir(k: { kind: HubKind; repo: string }) {
    return join(this.dir, repoFolderName(k.kind, k.repo));
  }
  private fileOf(key: HubFileKey): string {
    const p = safe(key.path);
    if (p.startsWith(STUDIO)) return join(this.repoDir(key), '.studio', key.commit, p.slice(STUDIO.length));
    return join(this.repoDir(key), 'snapshots', key.commit, p);
  }
  private partialOf(key: HubFileKey): string {
    const id = createHash('sha1').update(`${key.commit}/${key.path}`).digest('hex');
    return join(this.repoDir(key), 'blobs', `${id}.incomplete`);
  }

  async getFile(key: HubFileKey) {
    try {
      return new Uint8Array(readFileSync(this.fileOf(key)));
    } catch {
      return null;
    }
  }

  async putFile(key: HubFileKey, bytes: Uint8Array) {
    const target = this.fileOf(key);
    mkdirSync(dirname(target), { recursive: true });
    if (key.path.startsWith(STUDIO)) {
      writeFileSync(target, bytes);
      return;
    }
    const blob = join(this.repoDir(key), 'blobs', blobName(key.path, bytes));
    mkdirSync(dirname(blob), { recursive: true });
    if (!existsSync(blob)) {
      writeFileSync(`${blob}.tmp`, bytes);
      renameSync(`${blob}.tmp`, blob);
    }
    if (lstatSync(target, { throwIfNoEntry: false })) unlinkSync(target);
    symlinkSync(relative(dirname(target), blob), target);
    await this.discardPartial(key);
  }

  async getPartial(key: HubFileKey) {
    try {
      return new Uint8Array(readFileSync(this.partialOf(key)));
    } catch {
      return null;
    }
  }
  async appendPartial(key: HubFileKey, chunk: Uint8Array) {
    mkdirSync(join(this.repoDir(key), 'blobs'), { recursive: true });
    appendFileSync(this.partialOf(key), chunk);
  }
  async discardPartial(key: HubFileKey) {
    rmSync(this.partialOf(key), { force: true });
  }

  private refFile(ref: { kind: HubKind; repo: string; revision: string }) {
    return join(this.repoDir(ref), 'refs', safe(ref.revision));
  }
  async getRef(ref: HubRevisionKey) {
    try {
      return readFileSync(this.refFile(ref), 'utf8').trim() || null;
    } catch {
      return null;
    }
  }
  async putRef(ref: HubRevisionKey, commit: string) {
    const f = this.refFile(ref);
    mkdirSync(dirname(f), { recursive: true });
    writeFileSync(f, commit);
  }

  async list(): Promise<HubStoredSnapshot[]> {
    if (!existsSync(this.dir)) return [];
    const out: HubStoredSnapshot[] = [];
    for (const folder of readdirSync(this.dir)) {
      const m = /^(model|dataset)s--(.+)$/.exec(folder);
      if (!m) continue;
      const kind = m[1] as HubKind;
      const repo = m[2].split('--').join('/');
      const root = join(this.dir, folder);
      const refs = walk(join(root, 'refs')).map((r) => ({ revision: r, commit: readFileSync(join(root, 'refs', r), 'utf8').trim() }));
      const partialBytes = walk(join(root, 'blobs')).filter((b) => b.endsWith('.incomplete')).reduce((s, b) => s + statSync(join(root, 'blobs', b)).size, 0);
      const commits = existsSync(join(root, 'snapshots')) ? readdirSync(join(root, 'snapshots')) : [];
      commits.forEach((commit, i) => {
        const files = walk(join(root, 'snapshots', commit)).flatMap((path) => {
          try {
            return [{ path, size: statSync(join(root, 'snapshots', commit, path)).size }];
          } catch {
            return []; // a dangling link
          }
        });
        out.push({ endpoint: this.endpoint, kind, repo, commit, revisions: refs.filter((r) => r.commit === commit).map((r) => r.revision), files, bytes: files.reduce((s, f) => s + f.size, 0), partialBytes: i === 0 ? partialBytes : 0 });
      });
    }
    return out;
  }

  async delete(t: { endpoint: string; kind: HubKind; repo: string; commit?: string }) {
    const root = this.repoDir(t);
    if (t.commit === undefined) {
      rmSync(root, { recursive: true, force: true });
      return;
    }
    rmSync(join(root, 'snapshots', t.commit), { recursive: true, force: true });
    rmSync(join(root, '.studio', t.commit), { recursive: true, force: true });
    for (const r of walk(join(root, 'refs'))) if (readFileSync(join(root, 'refs', r), 'utf8').trim() === t.commit) rmSync(join(root, 'refs', r));
    // Blobs no snapshot links to any more go too.
    const used = new Set<string>();
    for (const c of existsSync(join(root, 'snapshots')) ? readdirSync(join(root, 'snapshots')) : []) {
      for (const p of walk(join(root, 'snapshots', c))) {
        const link = join(root, 'snapshots', c, p);
        if (lstatSync(link).isSymbolicLink()) used.add(resolve(dirname(link), readlinkSync(link)));
      }
    }
    for (const b of walk(join(root, 'blobs'))) if (!b.endsWith('.incomplete') && !used.has(join(root, 'blobs', b))) rmSync(join(root, 'blobs', b));
  }
}
