// Supervised workers in real Chromium (DESIGN.md "Supervised workers"): the inference worker of the
// Gaussian demo backbone is killed in the middle of a long run (window.__gdwTest, present only with
// ?test-hooks=1). The run ends as failed with one typed error that names the worker and what to do,
// no row stays running, the backbone is unloaded, and after Load a new run in a fresh worker
// generates finite numbers. A run whose worker loses its GPU instead finishes on WASM, saying so. The data worker killed while idle shows the error, and the next job
// starts a fresh worker.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { BackbonesPanelPage } from './pages/backbonesPanel';
import { WorkbenchPage } from './pages/workbench';

const demo = 'builtin:gaussian-demo';
const demoDir = 'public/demo/cohort';
/** 16 batches × 1000 DDPM steps: minutes on SwiftShader, so the kill lands mid-run. */
const longRun = { sampler: 'ddpm', count: 8192, seed: 1, batchSize: 512 } as const;
const retryRun = { sampler: 'ddim', count: 64, steps: 10, eta: 0, seed: 2, batchSize: 64 } as const;
/** One batch × 1000 DDPM steps: long enough to lose the GPU mid-run, short enough to run again on WASM. */
const gpuLostRun = { sampler: 'ddpm', count: 512, seed: 1, batchSize: 512 } as const;

const killWorker = (workbench: WorkbenchPage, kind: 'inference' | 'data', how: 'crash' | 'gpu-lost' = 'crash') =>
  workbench.page.evaluate(([k, h]) => window.__gdwTest?.killWorker(k, h) ?? -1, [kind, how] as const);

test('a killed inference worker fails its run with a typed error, and a reloaded backbone generates again', async ({ page }) => {
  const workbench = new WorkbenchPage(page);
  const backbones = new BackbonesPanelPage(page);
  await workbench.open('/?test-hooks=1');
  await workbench.waitForBackbone('webgpu');

  // 1. A long run, killed once under way.
  await workbench.fillGenerate(longRun);
  await workbench.clickGenerate();
  await expect.poll(() => workbench.stepsDone(), { timeout: 60_000 }).toBeGreaterThanOrEqual(20);
  await expect(workbench.byTestId(`generation-run-${demo}`)).toHaveAttribute('data-state', 'running');
  expect(await killWorker(workbench, 'inference')).toBe(1);

  // 2. The run ends as failed, with one typed error that says what happened and what to do.
  await workbench.waitForStatus('failed', 10_000);
  await expect(workbench.errorItems).toHaveCount(1);
  await expect(workbench.errorItems.first()).toContainText('WorkerFailedError');
  await expect(workbench.byTestId('error-code')).toHaveText('worker-failed');
  await expect(workbench.errorItems.first()).toContainText(
    'the inference worker for gaussian-demo.onnx stopped: the inference worker was killed by a test. The job was ended; load the backbone again to retry.');
  await expect(page.locator('[data-testid^="generation-run-"][data-state="running"]')).toHaveCount(0);
  await backbones.waitForRow(demo, 'idle', 10_000);

  // 3. Load again: a fresh worker on WebGPU, and a run that finishes with finite moments.
  await workbench.errorItems.first().getByRole('button', { name: /dismiss/i }).click();
  await backbones.load(demo);
  await backbones.waitForRow(demo, 'loaded');
  await workbench.waitForBackbone('webgpu');
  await workbench.fillGenerate(retryRun);
  await workbench.clickGenerate();
  await workbench.waitForStatus('done');
  await expect(workbench.byTestId(`generation-run-${demo}`)).toHaveAttribute('data-state', 'generated');
  for (const id of ['moment-sampler-max-abs-z', 'moment-sampler-variance-ratio', 'moment-target-variance-ratio']) {
    expect(Number.isFinite(await workbench.moment(id))).toBe(true);
  }
  expect(await workbench.moment('moment-padded-max-abs')).toBe(0);
  await expect(workbench.errorItems).toHaveCount(0);
  expect(workbench.consoleErrors).toEqual([]);
});

test('a run whose worker lost its GPU finishes on WASM in a new worker, saying so', async ({ page }) => {
  const workbench = new WorkbenchPage(page);
  await workbench.open('/?test-hooks=1');
  await workbench.waitForBackbone('webgpu');
  await workbench.fillGenerate(gpuLostRun);
  await workbench.clickGenerate();
  await expect.poll(() => workbench.stepsDone(), { timeout: 60_000 }).toBeGreaterThanOrEqual(20);
  expect(await killWorker(workbench, 'inference', 'gpu-lost')).toBe(1);

  // The run goes on: the backbone opens again on WASM and the request runs there from the start.
  await workbench.waitForStatus('done', 240_000);
  await expect(workbench.byTestId('generate-status')).toContainText('on wasm');
  await expect(workbench.byTestId('generate-fallback')).toHaveText('The WebGPU device was lost during this run (the WebGPU device was lost (a test)); ' +
    'it ran again from the start on WASM in a new worker, with the same seed.');
  await expect(workbench.byTestId(`generation-run-${demo}`)).toHaveAttribute('data-state', 'generated');
  await workbench.waitForBackbone('wasm');
  expect(Number.isFinite(await workbench.moment('moment-sampler-variance-ratio'))).toBe(true);
  expect(await workbench.moment('moment-padded-max-abs')).toBe(0);
  await expect(workbench.errorItems).toHaveCount(0);
  expect(workbench.consoleErrors).toEqual([]);
});

test('a data worker killed while idle shows the error, and the next job runs in a fresh worker', async ({ page }) => {
  const workbench = new WorkbenchPage(page);
  const { data } = workbench;
  await workbench.open('/?test-hooks=1');
  await data.waitForEncode();

  // 1. Killed while idle: no job to end, so the error area says it, with what to do.
  expect(await killWorker(workbench, 'data')).toBe(1);
  await expect(workbench.errorItems).toHaveCount(1);
  await expect(workbench.byTestId('error-code')).toHaveText('worker-failed');
  await expect(workbench.errorItems.first()).toContainText(
    'the data worker stopped: the data worker was killed by a test. The cohort it held is gone: load the cohort again to retry.');
  await workbench.errorItems.first().getByRole('button', { name: /dismiss/i }).click();

  // 2. The next load starts a fresh worker and reads the cohort again.
  await data.pickFiles(['cohort.vcf.gz', 'phenotype.tsv', 'genes.bed'].map((name) => ({ name, buffer: readFileSync(`${demoDir}/${name}`) })));
  await data.waitForLoad('done');
  expect(await data.number('report-samples')).toBe(1000);
  await expect(workbench.errorItems).toHaveCount(0);
  expect(workbench.consoleErrors).toEqual([]);
});

test('the hooks are absent without the test flag', async ({ page }) => {
  const workbench = new WorkbenchPage(page);
  await workbench.open();
  expect(await page.evaluate(() => typeof window.__gdwTest)).toBe('undefined');
});
