// Unpacking a dropped .zip without trusting it: entry names, declared sizes and the bytes each entry really inflates to.
import { Unzip, UnzipInflate, unzipSync } from 'fflate';
import { StudioError } from '../errors';

export interface ZipLimits {
  /** Uncompressed bytes of all entries together, declared or real. */
  maxTotalBytes: number;
  maxEntries: number;
}

/** More than a browser tab can hold for training anyway (the WebGPU budget is 4 GiB). */
export const ZIP_LIMITS: ZipLimits = { maxTotalBytes: 4 * 2 ** 30, maxEntries: 10_000 };

/** Compressed bytes fed to the inflater at a time: one push inflates to at most ~16 MiB past a limit. */
const PUSH_BYTES = 16 << 10;

const gib = (n: number) => `${(n / 2 ** 30).toFixed(2)} GiB`;

/** "../x", "/etc/x", "C:\\x" and "a\\..\\x" would land outside the folder if the archive were written to disk. */
export function unsafeEntryName(name: string): boolean {
  return name.startsWith('/') || name.startsWith('\\') || /^[a-zA-Z]:/.test(name) || name.split(/[\\/]/).includes('..');
}

const skipped = (name: string) => name.endsWith('/') || name.includes('__MACOSX');

/**
 * Entries by path. The central directory is read first (names and declared sizes, no inflating), then each entry is
 * inflated in small pushes and refused as soon as it yields more than it declared or the total passes the limit.
 */
export function safeUnzip(zipName: string, bytes: Uint8Array, limits: ZipLimits = ZIP_LIMITS): Map<string, Uint8Array> {
  const fail = (why: string) => new StudioError(`${zipName}: ${why}; refused`, { file: zipName });
  const declared = new Map<string, number>();
  let declaredTotal = 0;
  try {
    unzipSync(bytes, {
      filter: (f) => {
        if (unsafeEntryName(f.name)) throw fail(`entry "${f.name}" points outside the archive's folder (".." or an absolute path)`);
        if (skipped(f.name)) return false;
        declared.set(f.name, f.originalSize);
        declaredTotal += f.originalSize;
        if (declared.size > limits.maxEntries) throw fail(`more than ${limits.maxEntries} entries`);
        return false;
      },
    });
  } catch (e) {
    if (e instanceof StudioError) throw e;
    throw new StudioError(`${zipName}: not a readable zip archive (${(e as Error).message})`, { file: zipName });
  }
  if (declaredTotal > limits.maxTotalBytes) {
    throw fail(`its entries declare ${gib(declaredTotal)} uncompressed, past the ${gib(limits.maxTotalBytes)} limit (a zip bomb?)`);
  }

  const out = new Map<string, Uint8Array>();
  let total = 0;
  let error: StudioError | null = null;
  const unzip = new Unzip((f) => {
    if (error) return;
    if (unsafeEntryName(f.name)) return void (error = fail(`entry "${f.name}" points outside the archive's folder (".." or an absolute path)`));
    if (skipped(f.name)) return;
    const size = declared.get(f.name);
    if (size === undefined) return void (error = fail(`entry "${f.name}" is not in the archive's directory`));
    const buf = new Uint8Array(size);
    let n = 0;
    f.ondata = (err, data, final) => {
      if (error) return;
      if (err) return void (error = new StudioError(`${zipName}: not a readable zip archive (${err.message})`, { file: zipName }));
      total += data.length;
      if (n + data.length > size) {
        error = fail(`entry "${f.name}" inflates past the ${size} bytes it declares (a zip bomb?)`);
        return f.terminate();
      }
      if (total > limits.maxTotalBytes) {
        error = fail(`entries inflate past the ${gib(limits.maxTotalBytes)} limit (a zip bomb?)`);
        return f.terminate();
      }
      buf.set(data, n);
      n += data.length;
      if (final) {
        if (n !== size) error = fail(`entry "${f.name}" holds ${n} bytes but declares ${size}`);
        else out.set(f.name, buf);
      }
    };
    f.start();
  });
  unzip.register(UnzipInflate);
  try {
    for (let o = 0; o < bytes.length && !error; o += PUSH_BYTES) unzip.push(bytes.subarray(o, o + PUSH_BYTES), o + PUSH_BYTES >= bytes.length);
  } catch (e) {
    error ??= new StudioError(`${zipName}: not a readable zip archive (${(e as Error).message})`, { file: zipName });
  }
  if (error) throw error;
  for (const name of declared.keys()) if (!out.has(name)) throw fail(`entry "${name}" has no readable data`);
  return out;
}
