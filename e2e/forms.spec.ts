// Forms in real Chromium: a wrong number is refused at its field, in words that name the field, and
// nothing starts (Generate, Evaluate and Encode stay off); the Generate estimate of memory and time,
// with its warning past 1 GB; Cancel within a second of the click, on WebGPU (software here) and on
// WASM chosen on the backbone's row, with the software-adapter hint.
import { expect, test, type Page } from '@playwright/test';
import { BackbonesPanelPage } from './pages/backbonesPanel';
import { WorkbenchPage } from './pages/workbench';

const gaussian = 'builtin:gaussian-demo';
/** The Gaussian demo's gene tensor: [16, 8] float32. */
const bytesPerSample = 16 * 8 * 4;

/** Starts a long DDPM run (1,000 steps a batch), cancels it under way; the milliseconds from the click to "cancelled". */
async function cancelMidRun(workbench: WorkbenchPage, page: Page): Promise<number> {
  await workbench.fillGenerate({ sampler: 'ddpm', count: 256, seed: 3, batchSize: 64 });
  await workbench.clickGenerate();
  await expect.poll(() => workbench.stepsDone(), { timeout: 60_000 }).toBeGreaterThanOrEqual(3);
  // Click and watch the status in the page itself, so the time is the page's, not the test runner's round trips.
  return page.evaluate(() => new Promise<number>((resolve) => {
    const status = document.querySelector('[data-testid="generate-status"]') as HTMLElement;
    const clickedMs = performance.now();
    const observer = new MutationObserver(() => {
      if (status.dataset.status === 'cancelled') {
        observer.disconnect();
        resolve(performance.now() - clickedMs);
      }
    });
    observer.observe(status, { attributes: true });
    (document.querySelector('[data-testid="cancel-button"]') as HTMLButtonElement).click();
  }));
}

test('fields refuse bad numbers by name, the estimate warns, and Cancel acts within a second', async ({ page }) => {
  test.setTimeout(300_000);
  const workbench = new WorkbenchPage(page);
  const backbones = new BackbonesPanelPage(page);
  await workbench.open();
  await workbench.data.waitForEncode();
  await backbones.waitForRow(gaussian, 'loaded');

  // 1. Samples: "abc", 0, −5 and 2.5 are each refused at the field, naming it; Generate stays off, nothing starts.
  const count = workbench.byTestId('generate-count');
  for (const text of ['abc', '0', '-5', '2.5']) {
    await count.fill(text);
    await expect(workbench.byTestId('generate-count-error')).toHaveText(`Samples = '${text}'; expected a whole number ≥ 1`);
    await expect(count).toHaveAttribute('aria-invalid', 'true');
    await expect(workbench.byTestId('generate-button')).toBeDisabled();
    await expect(workbench.byTestId('generate-blocked')).toHaveText('Correct Samples first');
    await expect(workbench.byTestId('generate-estimate')).toHaveCount(0);
  }
  await expect(workbench.status).toHaveAttribute('data-status', 'idle');
  await expect(workbench.byTestId(`generation-run-${gaussian}`)).toHaveAttribute('data-state', 'none');
  await expect(workbench.errorItems).toHaveCount(0);
  await workbench.byTestId('generate-steps').fill('1001');
  await expect(workbench.byTestId('generate-steps-error')).toHaveText("Steps = '1001'; expected a whole number from 1 to 1,000");
  await expect(workbench.byTestId('generate-blocked')).toHaveText('Correct Samples, Steps first');
  await workbench.byTestId('panel-generate').screenshot({ path: 'e2e/screenshots/forms-field-errors.png', animations: 'disabled' });

  // The Evaluate and Encode forms refuse the same way, at the field.
  await workbench.byTestId('compare-k').fill('0');
  await expect(workbench.byTestId('compare-k-error')).toHaveText("Neighbours k = '0'; expected a whole number from 1 to 100");
  await expect(workbench.byTestId('compare-evaluate')).toBeDisabled();
  await workbench.byTestId('compare-k').fill('10');
  await workbench.byTestId('encode-holdoutPercent').fill('-5');
  await expect(workbench.byTestId('encode-holdoutPercent-error')).toHaveText("Holdout % = '-5'; expected a percentage from 0 to below 100");
  await expect(workbench.byTestId('encode-button')).toBeDisabled();
  await workbench.byTestId('encode-holdoutPercent').fill('10');
  await expect(workbench.byTestId('encode-button')).toBeEnabled();

  // 2. The estimate: memory = samples × genes × channels × 4 bytes; the time unknown before a run; a warning past 1 GB.
  await workbench.byTestId('generate-steps').fill('4');
  await count.fill('100000');
  const estimate = workbench.byTestId('generate-estimate');
  await expect(estimate).toHaveAttribute('data-bytes', String(100_000 * bytesPerSample));
  await expect(estimate).toContainText('51.2 MB for 100,000 samples');
  await expect(estimate).toContainText('time unknown until this backbone has generated here');
  await expect(estimate).toHaveAttribute('data-warn', 'false');
  await count.fill('2000000');
  await expect(estimate).toHaveAttribute('data-warn', 'true');
  await expect(workbench.byTestId('generate-estimate-warning').first()).toContainText('over 1 GB');
  await workbench.byTestId('panel-generate').screenshot({ path: 'e2e/screenshots/forms-estimate-warning.png', animations: 'disabled' });
  await expect(workbench.byTestId('generate-button')).toBeEnabled();
  // After a finished run, the time comes from its measured speed.
  await workbench.fillGenerate({ sampler: 'ddim', count: 16, steps: 4, eta: 0, seed: 1, batchSize: 16 });
  await workbench.clickGenerate();
  await workbench.waitForStatus('done');
  await expect(estimate).toContainText("at its last run's speed (16 samples × 4 steps in");
  await expect(estimate).not.toHaveAttribute('data-time-ms', '');

  // 3. Cancel on WebGPU (SwiftShader): "cancelled" within a second of the click, no error.
  await expect(workbench.byTestId('backbone-ep')).toHaveText('webgpu');
  const webgpuMs = await cancelMidRun(workbench, page);
  console.log(`cancel on WebGPU: ${webgpuMs.toFixed(0)} ms from click to "cancelled"`);
  expect(webgpuMs).toBeLessThan(1000);
  await expect(workbench.status).toHaveText(/Cancelled after \d+ of \d+ steps/);
  await expect(workbench.errorItems).toHaveCount(0);
  await page.evaluate(() => window.scrollTo(0, 0));
  await workbench.screenshot('e2e/screenshots/forms-cancelled-1366x768.png');

  // 4. The software adapter is named, WASM chosen on the row reopens the backbone there; Cancel acts as fast.
  await expect(workbench.byTestId('software-adapter-hint')).toContainText('WASM is likely faster');
  await backbones.row(gaussian).getByTestId('backbone-ep-choice').selectOption('wasm');
  await expect(backbones.row(gaussian).getByTestId('builtin-ep')).toHaveText('wasm', { timeout: 90_000 });
  await expect(workbench.byTestId('backbone-ep')).toHaveText('wasm');
  const wasmMs = await cancelMidRun(workbench, page);
  console.log(`cancel on WASM: ${wasmMs.toFixed(0)} ms from click to "cancelled"`);
  expect(wasmMs).toBeLessThan(1000);
  expect(workbench.consoleErrors).toEqual([]);
  expect(workbench.offOriginRequests).toEqual([]);
});
