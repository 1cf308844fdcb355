// `tsx src/cli/harness/serve.ts [port]`: build if needed and serve until killed (used by Playwright's webServer).
import { serve } from './server';

const port = Number(process.argv[2] ?? 4173);
const s = await serve(port);
console.log(`Preference Studio at ${s.url}`);
