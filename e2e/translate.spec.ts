// Class translation in real Chromium (issue 13): the demo cohort encoded at first open, the
// unet-mlp demo backbone loaded; the form refuses an unconditional backbone and a depth outside
// 1 … T at the field; a few holdout controls are translated to cases with the truth file loaded;
// every number shown is finite, in range and the one behind it; the change map has one point per
// real gene; the translated set exports as a bundle; the UMAP's lasso selection gives the samples of a
// second translation. Zero console errors; a screenshot to look at.
import { expect, test } from '@playwright/test';
import { unzipSync } from 'fflate';
import { readFileSync } from 'node:fs';
import { BackbonesPanelPage } from './pages/backbonesPanel';
import { ComparePanelPage } from './pages/comparePanel';
import { TranslatePanelPage, type ShownValue } from './pages/translatePanel';
import { WorkbenchPage } from './pages/workbench';

const unetMlp = 'builtin:unet-mlp';
const gaussian = 'builtin:gaussian-demo';
const samples = 4;

function expectShown(shown: ShownValue, range: [number, number], format: (x: number) => string): void {
  for (const x of [shown.value, shown.lower, shown.upper]) {
    expect(Number.isFinite(x)).toBe(true);
    expect(x).toBeGreaterThanOrEqual(range[0]);
    expect(x).toBeLessThanOrEqual(range[1]);
  }
  expect(shown.lower).toBeLessThanOrEqual(shown.value + 1e-12);
  expect(shown.value).toBeLessThanOrEqual(shown.upper + 1e-12);
  expect(shown.text).toBe(format(shown.value));
}

test('translates holdout controls to cases and shows the reconstruction check, the change map, flip rate and cycle loss', async ({ page }) => {
  const workbench = new WorkbenchPage(page);
  const backbones = new BackbonesPanelPage(page);
  const translate = new TranslatePanelPage(page);
  await workbench.open('/');
  await workbench.data.waitForEncode();
  // WASM: the software WebGPU adapter here takes about a second per denoiser call.
  await backbones.row(unetMlp).getByTestId('backbone-ep-choice').selectOption('wasm');
  await backbones.load(unetMlp);
  await backbones.waitForRow(unetMlp, 'loaded');
  await backbones.waitForRow(gaussian, 'loaded');
  const realGenes = Number(((await workbench.byTestId('encode-real-genes').textContent()) ?? '').split(' ')[0]);
  expect(realGenes).toBe(84);

  // 1. Refused at the field before anything starts: an unconditional backbone, t* outside 1 … T.
  await translate.byTestId('translate-backboneId').selectOption(gaussian);
  await expect(translate.byTestId('translate-backboneId-error')).toContainText('takes no class label');
  await expect(translate.byTestId('translate-button')).toBeDisabled();
  await translate.fill({ backboneId: unetMlp, source: 0, target: 1, depth: '0', steps: 50, refine: 1, maxSamples: samples, seed: 1, classifierEpochs: 3 });
  await expect(translate.byTestId('translate-depth-error')).toContainText('inversion depth t* = 0; expected an integer from 1 to T = 1000');
  await expect(translate.byTestId('translate-blocked')).toContainText('Inversion depth t*');
  await translate.byTestId('translate-depth').fill('T');
  await expect(translate.byTestId('translate-depth-error')).toHaveCount(0);

  // 2. Translate with the simulator's truth.
  await translate.loadTruth('public/demo/cohort/truth.json');
  await expect(translate.byTestId('translate-truth')).toContainText('5 causal genes');
  await translate.byTestId('translate-button').click();
  await translate.waitForStatus('done');
  await expect(translate.byTestId('translate-results')).toHaveAttribute('data-translated', String(samples));

  // 3. The numbers: the reconstruction check first, all finite, in range and the values behind them.
  const fixed4 = (x: number) => x.toFixed(4);
  const percent = (x: number) => `${(100 * x).toFixed(1)} %`;
  const order = await translate.byTestId('translate-results').locator('[data-value]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
  expect(order[0]).toBe('translate-reconstruction');
  const reconstruction = await translate.value('translate-reconstruction');
  const distance = await translate.value('translate-distance');
  const cycle = await translate.value('translate-cycle-loss');
  const flip = await translate.value('translate-flip-rate');
  const source = await translate.value('translate-source-rate');
  const auc = await translate.value('translate-auc');
  expectShown(reconstruction, [0, 10], fixed4);
  expectShown(distance, [0, 10], fixed4);
  expectShown(cycle, [0, 1e3], fixed4);
  expectShown(flip, [0, 1], percent);
  expectShown(source, [0, 1], percent);
  expectShown(auc, [0, 1], (x) => x.toFixed(3));
  // A flip rate over 4 samples is a whole number of them.
  expect(Number.isInteger(Math.round(flip.value * samples * 1e9) / 1e9)).toBe(true);
  // The warning that the translation means little shows exactly when the round trip moves a quarter as far or more.
  const large = reconstruction.value / distance.value >= 0.25;
  await expect(translate.byTestId('translate-reconstruction-warning')).toHaveCount(large ? 1 : 0);
  // The demo's unet-mlp inverts well at the README's settings (50 steps, 1 refinement: 0.0025 vs 0.067).
  expect(reconstruction.value).toBeLessThan(distance.value / 4);

  // 4. The change map: one point per real gene, and the ranked table with intervals.
  await expect(translate.byTestId('translate-manhattan')).toHaveAttribute('data-genes', String(realGenes));
  await expect(translate.byTestId('translate-manhattan').locator('.js-plotly-plot')).toBeVisible();
  expect(await translate.manhattanPoints()).toBe(realGenes);
  await expect(translate.byTestId('translate-gene-row')).toHaveCount(20);
  // The SNPs whose decoded dosage moved most, decoded in the data worker: 20, largest |change| first.
  await expect(translate.byTestId('translate-snp-row')).toHaveCount(20);
  const snpChanges = await translate.byTestId('translate-snp-row').locator('[data-value]').evaluateAll((els) => els.map((e) => Math.abs(Number(e.getAttribute('data-value')))));
  expect(snpChanges.every((x, i) => Number.isFinite(x) && (i === 0 || x <= snpChanges[i - 1]))).toBe(true);
  expect(snpChanges[0]).toBeGreaterThan(0);

  // 5. The translated set leaves like a generated one: a bundle of `samples` rows of the encoding's [G, C].
  const [download] = await Promise.all([page.waitForEvent('download'), translate.byTestId('translate-export-bundle').click()]);
  const files = unzipSync(readFileSync(await download.path()));
  const layout = Object.entries(files).find(([name]) => name.endsWith('layout.json'));
  expect(layout).toBeDefined();
  expect(download.suggestedFilename()).toMatch(/translated-builtin_unet-mlp/);

  // 6. The UMAP selection as the samples: refused at the field while nothing is selected; after a lasso over
  //    the precomputed comparison's UMAP, its real samples of the source class are translated.
  await translate.byTestId('translate-samples').selectOption('selection');
  await expect(translate.byTestId('translate-samples-error')).toContainText('Samples: nothing is selected on the UMAP');
  await expect(translate.byTestId('translate-button')).toBeDisabled();
  await new ComparePanelPage(page).lasso('umap-figure');
  const selected = Number(await page.getByTestId('umap-selection-list').getAttribute('data-rows'));
  await expect(page.locator('#translate-samples-note')).toContainText(/^\d+ real of the \d+ points selected/);
  const real = Number(((await page.locator('#translate-samples-note').textContent()) ?? '').split(' ')[0]);
  expect(real).toBeGreaterThan(0);
  expect(real).toBeLessThan(selected);
  await translate.byTestId('translate-flipRate').uncheck();
  await translate.byTestId('translate-cycle').uncheck();
  await translate.byTestId('translate-button').click();
  await translate.waitForStatus('done');
  await expect(translate.byTestId('translate-summary')).toContainText(`${samples} of ${samples} UMAP-selected (of ${real} real) samples`);

  await page.mouse.move(0, 0);
  // The card alone (page coordinates of the whole page would be the other panels).
  await translate.byTestId('translate-card').screenshot({ path: 'e2e/screenshots/translate-1366.png', animations: 'disabled' });
  expect(workbench.consoleErrors).toEqual([]);
});
