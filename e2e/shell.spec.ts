// The app shell in real Chromium with WebGPU (SwiftShader): capabilities, the demo backbone on
// the WebGPU EP, a bad setting refused at its field, a DDIM run whose moments are checked in the
// page, a cancelled DDPM run, no console errors and no request off this origin.
import { expect, test } from '@playwright/test';
import { WorkbenchPage } from './pages/workbench';

const screenshots = 'e2e/screenshots';

// DDIM, 20 steps, η = 0, 256 samples of the demo target (112 real slots). Tolerances:
// - against the exact moments of this sampler (DDIM eq. 12/16 with the optimal denoiser):
//   max |z| ≤ 4.5 (Bonferroni over 112 slots at a 0.1 % false alarm is 4.4), mean variance
//   ratio within 1 ± 0.04 (4 standard errors: √(2/255/112) = 0.0084), max |ratio − 1| ≤ 0.5
//   (χ²₂₅₅ quantile at z = 4.4 is 1.45);
// - against the raw target σ²: 20 DDIM steps keep 0.812 σ² on average in theory (measured in
//   Node with 20,000 samples: 0.811), so the ratio must read 0.812 ± 0.04.
// A variance 10 % off, either way, fails both.
const ddim = { sampler: 'ddim', count: 256, steps: 20, eta: 0, seed: 7, batchSize: 256 } as const;
const DDIM_20_VARIANCE_RATIO = 0.812;

test('the shell generates on WebGPU, checks moments, cancels, and stays on its origin', async ({ page }) => {
  const workbench = new WorkbenchPage(page);
  await workbench.open();

  // 1. Capabilities: a WebGPU adapter and cross-origin isolation (WASM threads).
  await expect(workbench.capability('webgpu')).not.toHaveText(/checking|no adapter/);
  await expect(workbench.capability('isolation')).toHaveText('yes');
  expect(Number(await workbench.capability('threads').textContent())).toBeGreaterThanOrEqual(1);

  // 2. The demo backbone loads on the WebGPU EP.
  await workbench.waitForBackbone('webgpu');
  await expect(workbench.capability('ep')).toHaveText('webgpu');
  await expect(workbench.byTestId('backbone-inputs')).toContainText('float32');

  // 3. A bad setting is refused at its field, naming it; Generate stays off and nothing reaches the error area.
  await workbench.fillGenerate({ ...ddim, steps: 0 });
  await expect(workbench.byTestId('generate-steps-error')).toHaveText("Steps = '0'; expected a whole number from 1 to 1,000");
  await expect(workbench.byTestId('generate-button')).toBeDisabled();
  await expect(workbench.errorItems).toHaveCount(0);

  // 4. DDIM in the browser, moments checked from the page's own table.
  await workbench.fillGenerate(ddim);
  await workbench.clickGenerate();
  await workbench.waitForStatus('done');
  const measured = {
    samplerMaxAbsZ: await workbench.moment('moment-sampler-max-abs-z'),
    samplerVarianceRatio: await workbench.moment('moment-sampler-variance-ratio'),
    samplerMaxRatioError: await workbench.moment('moment-sampler-max-ratio-error'),
    targetMaxAbsZ: await workbench.moment('moment-target-max-abs-z'),
    targetVarianceRatio: await workbench.moment('moment-target-variance-ratio'),
    paddedMaxAbs: await workbench.moment('moment-padded-max-abs'),
  };
  test.info().annotations.push({ type: 'measured', description: JSON.stringify(measured) });
  expect(measured.samplerMaxAbsZ).toBeLessThanOrEqual(4.5);
  expect(Math.abs(measured.samplerVarianceRatio - 1)).toBeLessThanOrEqual(0.04);
  expect(measured.samplerMaxRatioError).toBeLessThanOrEqual(0.5);
  expect(measured.targetMaxAbsZ).toBeLessThanOrEqual(4.5);
  expect(Math.abs(measured.targetVarianceRatio - DDIM_20_VARIANCE_RATIO)).toBeLessThanOrEqual(0.04);
  expect(measured.paddedMaxAbs).toBe(0);
  await expect(workbench.byTestId('moment-sampler-verdict')).toHaveAttribute('data-consistent', 'true');
  await expect(workbench.byTestId('moments-figure').locator('.main-svg').first()).toBeVisible();
  await page.mouse.move(0, 0);
  await workbench.screenshot(`${screenshots}/shell-1366x768.png`);
  await workbench.resize(1920, 1080);
  await workbench.screenshot(`${screenshots}/shell-1920x1080.png`);
  await workbench.resize(1366, 768);

  // 5. A long DDPM run (16 batches × 1000 steps: minutes on SwiftShader), cancelled once under
  //    way: the status reads "cancelled" and the error area stays empty.
  await workbench.fillGenerate({ sampler: 'ddpm', count: 8192, seed: 1, batchSize: 512 });
  await workbench.clickGenerate();
  await expect.poll(() => workbench.stepsDone(), { timeout: 60_000 }).toBeGreaterThanOrEqual(50);
  await expect(workbench.byTestId('progress-eta')).toHaveText(/ETA \d/);
  await workbench.cancel();
  await workbench.waitForStatus('cancelled', 30_000);
  await expect(workbench.status).toHaveText(/cancelled/i);
  await expect(workbench.errorItems).toHaveCount(0);
  await page.evaluate(() => window.scrollTo(0, 0));
  await workbench.screenshot(`${screenshots}/shell-cancelled-1366x768.png`, false);

  // 6. The modebar exports PNG and SVG, and offers no upload to Plotly Cloud.
  for (const format of ['png', 'svg']) {
    const download = await workbench.downloadFigure('moments-figure', format === 'png' ? 'Download plot as a PNG' : 'Download plot as SVG');
    expect(download).toBe(`gdw-moments.${format}`);
  }
  await expect(workbench.byTestId('moments-figure').getByRole('button', { name: /share/i })).toHaveCount(0);

  // 7. Nothing went wrong quietly, and nothing left the origin.
  expect(workbench.consoleErrors).toEqual([]);
  expect(workbench.offOriginRequests).toEqual([]);
});
