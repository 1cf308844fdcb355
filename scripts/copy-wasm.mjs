// Copies tfjs's wasm binaries into public/tfjs/ so the app serves them itself (no CDN).
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
const src = 'node_modules/@tensorflow/tfjs-backend-wasm/dist/';
mkdirSync('public/tfjs', { recursive: true });
for (const f of readdirSync(src)) if (f.endsWith('.wasm')) copyFileSync(src + f, 'public/tfjs/' + f);
