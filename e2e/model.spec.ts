import { expect, test } from '@playwright/test';
import { openTestbed, runInWorker } from './testbed';

test('GPT-2 logits and completion log-probs match the numpy oracle on webgpu (1e-4)', async ({ page }) => {
  await openTestbed(page);
  const r = await runInWorker<{ logits: number; logpSums: number; leaked: number }>(page, 'webgpu', 'oracle', { activation: 'gelu_new' });
  expect(r.backendNow).toBe('webgpu');
  expect(r.value.logits).toBeLessThan(1e-4);
  expect(r.value.logpSums).toBeLessThan(1e-4);
  expect(r.value.leaked).toBe(0);
  expect(r.faults).toEqual([]);
});

test('gradients of the summed completion log-prob agree between webgpu and cpu (relative 1e-3)', async ({ page }) => {
  await openTestbed(page);
  const cpu = (await runInWorker<Record<string, number[]>>(page, 'cpu', 'completionGradients')).value;
  const gpu = await runInWorker<Record<string, number[]>>(page, 'webgpu', 'completionGradients');
  expect(gpu.backendNow).toBe('webgpu');
  expect(Object.keys(gpu.value).sort()).toEqual(Object.keys(cpu).sort());
  for (const [name, g] of Object.entries(cpu)) {
    const scale = Math.max(...g.map(Math.abs), 1e-6);
    const worst = Math.max(...g.map((x, i) => Math.abs(x - gpu.value[name][i])));
    expect(worst / scale, name).toBeLessThan(1e-3);
  }
});
