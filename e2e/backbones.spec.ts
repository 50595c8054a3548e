// The Backbones panel in real Chromium: the seven built-in backbones are listed (the Gaussian
// demo and the six trained in models/demo, served from there by the Vite plugin), their loss
// curves render once their runs are ticked, with working smoothing, log y and legend toggles; a trained backbone loads into
// its own worker on the WebGPU EP (SwiftShader), generates balanced classes with DDIM, and unloads;
// a model file that is not ONNX fails with a typed error and changes nothing else. No console
// errors, no request off this origin.
import { expect, test, type Page } from '@playwright/test';
import { BackbonesPanelPage } from './pages/backbonesPanel';
import { WorkbenchPage } from './pages/workbench';

const screenshots = 'e2e/screenshots';
const demo = 'builtin:gaussian-demo';
const families = ['baseline', 'unet-mlp', 'unet-cnn', 'mlp-cnn', 'transformer', 'gan-generator'];
/** The smallest trained backbone (about 0.35 MB, see models/demo/README.md). */
const trained = 'builtin:transformer';
const run = { sampler: 'ddim', count: 8, steps: 10, eta: 0, seed: 1, batchSize: 8 } as const;

/** The type of a loss-curve y axis as plotly laid it out. */
function yAxisType(page: Page): Promise<string> {
  return page.getByTestId('loss-curves').locator('.js-plotly-plot').evaluate(
    (plot) => (plot as unknown as { _fullLayout: { yaxis: { type: string } } })._fullLayout.yaxis.type);
}

test('the built-in backbones list, plot their loss curves, load, generate and unload', async ({ page }) => {
  test.setTimeout(240_000);
  const workbench = new WorkbenchPage(page);
  const backbones = new BackbonesPanelPage(page);
  await workbench.open();

  // 1. Seven built-in backbones: the Gaussian demo (loaded at start) and the six trained ones, with sizes.
  await workbench.waitForBackbone('webgpu');
  await expect(backbones.rows).toHaveCount(7);
  expect(await backbones.rowIds()).toEqual([demo, ...families.map((f) => `builtin:${f}`)]);
  for (const family of families) {
    const row = backbones.row(`builtin:${family}`);
    await expect(row).toHaveAttribute('data-status', 'idle');
    await expect(row.getByTestId('builtin-family')).toHaveText(family);
    await expect(row).toContainText(/\d+(\.\d)? (MB|kB)/);
  }

  // 2. Loss curves: no backbone but the demo is loaded, so no run is drawn until one is ticked; with
  //    all six ticked, train and val of each run, raw under the smoothed line, and a best-point star
  //    per diffusion metric; smoothing 0 leaves the raw lines only; the legend toggles a run; log y.
  await expect(backbones.byTestId('loss-curves-none')).toBeVisible();
  for (const family of families) await backbones.byTestId('loss-run').and(page.locator(`[data-run="builtin:${family}"]`)).check();
  await expect(backbones.legendItems()).toHaveCount(6);
  await expect(backbones.drawnTraces()).toHaveCount(6 * 4 + 5 * 2);
  await backbones.setSmoothing(0);
  await expect(backbones.byTestId('loss-smoothing-value')).toHaveText('0.00');
  await expect(backbones.drawnTraces()).toHaveCount(6 * 2 + 5 * 2);
  expect(await yAxisType(page)).toBe('log');
  await backbones.byTestId('loss-log-y').uncheck();
  await expect.poll(() => yAxisType(page)).toBe('linear');
  await backbones.byTestId('loss-log-y').check();
  await expect.poll(() => yAxisType(page)).toBe('log');
  await backbones.legendItems().filter({ hasText: 'transformer' }).click();
  await expect(backbones.drawnTraces()).toHaveCount(5 * 2 + 4 * 2);
  await backbones.legendItems().filter({ hasText: 'transformer' }).click();
  await backbones.setSmoothing(0.8);
  await expect(backbones.drawnTraces()).toHaveCount(6 * 4 + 5 * 2);

  // 3. A trained backbone loads into its own worker and reports its EP; the demo stays loaded.
  await backbones.load(trained);
  await backbones.waitForRow(trained, 'loaded');
  await expect(backbones.row(trained).getByTestId('builtin-ep')).toHaveText('webgpu');
  const card = backbones.card(trained);
  await expect(card.getByTestId('backbone-ep')).toHaveText('webgpu');
  await expect(card.getByTestId('backbone-family')).toHaveText('diffusion / transformer');
  await expect(backbones.row(demo)).toHaveAttribute('data-status', 'loaded');
  await expect(workbench.capability('ep')).toHaveText('webgpu');
  // x is [batch, G, C]: the shape the samples must have.
  const xShape = (await card.getByTestId('backbone-inputs').locator('tbody tr').first().locator('td').nth(2).textContent()) ?? '';
  const sampleShape = xShape.replace(/^\[[^,]+, /, '[');
  expect(sampleShape).toMatch(/^\[\d+, \d+\]$/);

  // 4. Generate from it: DDIM, 10 steps, 8 samples, classes in turn.
  await workbench.byTestId('generate-backbone').selectOption(trained);
  await workbench.fillGenerate(run);
  await workbench.clickGenerate();
  await workbench.waitForStatus('done');
  const summary = workbench.byTestId('run-summary');
  await expect(summary).toHaveAttribute('data-backbone-id', trained);
  await expect(summary.getByTestId('run-count')).toHaveText('8');
  await expect(summary.getByTestId('run-shape')).toHaveText(sampleShape);
  await expect(summary.getByTestId('run-classes')).toHaveText('4 of class 0, 4 of class 1');
  await expect(summary.getByTestId('run-nonfinite')).toHaveText('0');
  const rms = Number(await summary.getByTestId('run-rms').textContent());
  test.info().annotations.push({ type: 'transformer DDIM-10 rms over real slots', description: String(rms) });
  expect(Number.isFinite(rms) && rms > 0).toBe(true);
  await expect(workbench.errorItems).toHaveCount(0);
  await page.mouse.move(0, 0);
  await workbench.screenshot(`${screenshots}/backbones-1366x768.png`);
  await workbench.resize(1920, 1080);
  await workbench.screenshot(`${screenshots}/backbones-1920x1080.png`);
  await workbench.resize(1366, 768);

  // 5. Unload ends its worker: the row is idle again, its card and Generate option are gone, and
  //    Generate falls back to the demo.
  await backbones.unload(trained);
  await backbones.waitForRow(trained, 'idle');
  await expect(card).toHaveCount(0);
  await expect(workbench.byTestId('generate-backbone').locator('option')).toHaveCount(1);
  await expect(workbench.byTestId('generate-backbone')).toHaveValue(demo);
  await expect(backbones.row(demo)).toHaveAttribute('data-status', 'loaded');

  // 6. A model file that is not ONNX: a typed error in the error area and under its row; that row reads failed,
  //    nothing else changes, and it can be tried again.
  await page.route('**/demo/backbones/unet-cnn.onnx', (route) => route.fulfill({ status: 200, body: 'not an onnx model' }));
  await backbones.load('builtin:unet-cnn');
  await backbones.waitForRow('builtin:unet-cnn', 'failed');
  await expect(workbench.errorItems).toHaveCount(1);
  await expect(workbench.errorItems.first()).toContainText('unet-cnn.onnx');
  await expect(workbench.errorItems.first().getByTestId('error-code')).toHaveText(/^(parse|backbone-contract)$/);
  // The same error under its own row, where the eye is, not only at the top of the page.
  await expect(page.locator('tr.row-errors[data-backbone-id="builtin:unet-cnn"]').getByTestId('builtin-errors-item')).toContainText('unet-cnn.onnx');
  await expect(backbones.row(demo)).toHaveAttribute('data-status', 'loaded');
  for (const family of families.filter((f) => f !== 'unet-cnn')) await expect(backbones.row(`builtin:${family}`)).toHaveAttribute('data-status', 'idle');
  await expect(backbones.row('builtin:unet-cnn').getByTestId('builtin-load')).toBeEnabled();

  // 7. Nothing went wrong quietly, and nothing left the origin.
  expect(workbench.consoleErrors).toEqual([]);
  expect(workbench.offOriginRequests).toEqual([]);
});
