// Copies tfjs's wasm binaries into public/tfjs/ so the app serves them itself (no CDN). A file whose bytes are
// already there is left alone: rewriting it would bump its mtime and make every `npm run experiment` rebuild.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
const src = 'node_modules/@tensorflow/tfjs-backend-wasm/dist/';
const dest = 'public/tfjs/';
mkdirSync(dest, { recursive: true });
const same = (a, b) => existsSync(b) && statSync(a).size === statSync(b).size && readFileSync(a).equals(readFileSync(b));
for (const f of readdirSync(src)) if (f.endsWith('.wasm') && !same(src + f, dest + f)) copyFileSync(src + f, dest + f);
