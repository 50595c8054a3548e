// The Classifiers card in real Chromium: Train is blocked until the demo cohort is encoded; then
// the MLP trains on the real training split in the training worker on the WebGPU backend
// (SwiftShader here), its curves grow epoch by epoch, and the real holdout's balanced accuracy
// is above chance with its whole 95 % interval; a second run cancels as "cancelled", not as an
// error. No console errors, no request off this origin.
import { expect, test } from '@playwright/test';
import { ClassifierCardPage } from './pages/classifierCard';
import { WorkbenchPage } from './pages/workbench';

const screenshots = 'e2e/screenshots';
/** Few enough for SwiftShader's WebGPU (about 2 s an epoch for this MLP), enough to beat chance. */
const EPOCHS = 12;

test('the MLP trains on real data on WebGPU and beats chance on the real holdout', async ({ page }) => {
  test.setTimeout(240_000);
  const workbench = new WorkbenchPage(page);
  const { data } = workbench;
  const classifier = new ClassifierCardPage(page);
  await workbench.open();

  // 1–2. The demo cohort loads and is encoded by default (900 training samples, 100 holdout).
  await data.waitForLoad('done');
  await data.waitForEncode();
  expect(await data.number('encode-train')).toBe(900);
  await expect(classifier.trainButton).toBeEnabled();

  // 3. Train the MLP: the curves grow while the run goes on (streamed from the worker).
  await classifier.fill({ kind: 'mlp', epochs: EPOCHS, seed: 1 });
  const startedMs = Date.now();
  await classifier.train();
  await classifier.waitForLiveEpoch();
  await expect(classifier.status).toContainText('on webgpu');
  await classifier.waitForStatus('done');
  const elapsedMs = Date.now() - startedMs;

  // 4. WebGPU ran it; the curves hold every epoch run, in four traces.
  expect(await classifier.backend()).toBe('webgpu');
  const epochsRun = await classifier.epochsPlotted();
  expect(epochsRun).toBeGreaterThanOrEqual(1);
  expect(epochsRun).toBeLessThanOrEqual(EPOCHS);
  await expect(classifier.curves.locator('.main-svg').first()).toBeVisible();
  await expect(classifier.curves.locator('.scatterlayer .trace')).toHaveCount(4);
  // Every curve holds one real value per epoch: a loss > 0, an accuracy in (0, 1] (the webgpu
  // backend once read the training tally as all zeros).
  const plotted = await classifier.plottedCurves();
  expect(Object.keys(plotted).sort()).toEqual(['train accuracy', 'train loss', 'validation accuracy', 'validation loss']);
  for (const [name, values] of Object.entries(plotted)) {
    expect(values, name).toHaveLength(epochsRun);
    const [lo, hi] = name.endsWith('loss') ? [0.05, 5] : [0.05, 1];
    expect(values.every((v) => v > lo && v <= hi), `${name}: ${values.join(', ')}`).toBe(true);
  }
  const selected = Number(await classifier.byTestId('classifier-selected-epoch').getAttribute('data-epoch'));
  expect(selected).toBeGreaterThanOrEqual(1);
  expect(selected).toBeLessThanOrEqual(epochsRun);
  await expect(classifier.byTestId('classifier-selected-epoch')).toContainText('chosen on the validation split');

  // 5. Clearly above chance on the real holdout: the whole 95 % interval of balanced accuracy > 0.5.
  expect(Number(await classifier.byTestId('classifier-n').getAttribute('data-n'))).toBe(100);
  const balanced = await classifier.metric('balancedAccuracy');
  const auc = await classifier.metric('auc');
  const accuracy = await classifier.metric('accuracy');
  test.info().annotations.push(
    { type: 'webgpu MLP', description: `${epochsRun} epochs (selected ${selected}) in ${(elapsedMs / 1000).toFixed(1)} s` },
    { type: 'balanced accuracy', description: `${balanced.estimate.toFixed(3)} [${balanced.lower.toFixed(3)}, ${balanced.upper.toFixed(3)}]` },
    { type: 'AUC', description: `${auc.estimate.toFixed(3)} [${auc.lower.toFixed(3)}, ${auc.upper.toFixed(3)}]` },
    { type: 'accuracy', description: `${accuracy.estimate.toFixed(3)} [${accuracy.lower.toFixed(3)}, ${accuracy.upper.toFixed(3)}]` },
  );
  expect(balanced.lower).toBeGreaterThan(0.5);
  expect(balanced.lower).toBeLessThanOrEqual(balanced.estimate);
  expect(balanced.estimate).toBeLessThanOrEqual(balanced.upper);
  expect(auc.lower).toBeGreaterThan(0.5);
  await classifier.card.scrollIntoViewIfNeeded();
  await page.mouse.move(0, 0);
  await workbench.screenshot(`${screenshots}/classifier-1366x768.png`);
  await classifier.card.screenshot({ path: `${screenshots}/classifier-card-1366x768.png`, animations: 'disabled' });

  // 6. A second run cancelled after its first epoch reads "cancelled", not as an error.
  await classifier.train();
  await classifier.waitForLiveEpoch();
  await classifier.cancel();
  await classifier.waitForStatus('cancelled', 60_000);
  await expect(classifier.status).toContainText(new RegExp(`Cancelled after \\d+ of ${EPOCHS} epochs`));
  await expect(workbench.errorItems).toHaveCount(0);
  await expect(classifier.trainButton).toBeEnabled();

  // 7. Nothing went wrong quietly, and nothing left the origin.
  expect(workbench.consoleErrors).toEqual([]);
  expect(workbench.offOriginRequests).toEqual([]);
});
