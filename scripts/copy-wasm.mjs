// Copies tfjs's wasm binaries into public/tfjs/ so the app serves them itself (no CDN). A file whose bytes are
// already there is left alone: rewriting it would bump its mtime and make every `npm run experiment` rebuild.
// Also writes the two scripts the threaded build's pthread workers load (src/worker/wasmThreads.ts says why).
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
const pkg = 'node_modules/@tensorflow/tfjs-backend-wasm/';
const src = pkg + 'dist/';
const dest = 'public/tfjs/';
mkdirSync(dest, { recursive: true });
const same = (a, b) => existsSync(b) && statSync(a).size === statSync(b).size && readFileSync(a).equals(readFileSync(b));
for (const f of readdirSync(src)) if (f.endsWith('.wasm') && !same(src + f, dest + f)) copyFileSync(src + f, dest + f);

const writeIfChanged = (path, text) => {
  if (!existsSync(path) || readFileSync(path, 'utf8') !== text) writeFileSync(path, text);
};
if (existsSync(pkg + 'wasm-out/')) {
  // The unbundled emscripten factory: the pthread workers importScripts it (the bundled copy's toString() is not self-contained).
  const factory = pkg + 'wasm-out/tfjs-backend-wasm-threaded-simd.js';
  writeIfChanged(dest + 'tfjs-backend-wasm-threaded-simd.js', readFileSync(factory, 'utf8'));
  // tfjs's pthread worker script (it ships as a string, which tfjs would turn into a blob: URL that the CSP forbids),
  // with '\n' escaped back as tfjs does, then told to load the factory above instead of the blob it is sent.
  const { wasmWorkerContents } = createRequire(import.meta.url)(`${process.cwd()}/${pkg}wasm-out/tfjs-backend-wasm-threaded-simd.worker.js`);
  const redirect =
    '\n;(() => { const run = self.onmessage; self.onmessage = (e) => { if (e.data && e.data.cmd === "load") ' +
    'e.data.urlOrBlob = new URL("tfjs-backend-wasm-threaded-simd.js", self.location.href).href; return run(e); }; })();\n';
  writeIfChanged(dest + 'tfjs-backend-wasm-threaded-simd.worker.js', wasmWorkerContents.replace(/\n/g, '\\n') + redirect);
}
