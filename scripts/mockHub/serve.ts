// Runs the mock hub by hand (`npx tsx scripts/mockHub/serve.ts [port]`), to try the studio or the CLI against it.
import { startMockHub } from './server';

void startMockHub({ port: Number(process.argv[2] ?? 0) }).then((hub) => {
  console.log(`mock hub at ${hub.endpoint} (file store ${hub.storeOrigin}); repos: ${hub.repos.join(', ')}; token ${hub.token}`);
});
