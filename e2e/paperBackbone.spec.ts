// A backbone exported the paper's way (models/paper: x [B, 8, G], t an index divided by T = 500
// inside, y an index into 3 slots with the last unconditional, cosine schedule, the paper's
// zero_mask clamping), with no metadata at all, through the app: the settings dialog says what
// the graph and the loaded encoding told and asks the rest; once answered it generates [N, G, C]
// over the real classes, padded slots exactly 0. (The moments against the training data are
// checked in src/cli/paperFixtures.test.ts with DDPM over all 500 steps, too slow for software
// WebGPU; the app runs the same sampler, checked against the paper's PyTorch loop in models/check.sh.)
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { unzipSync } from 'fflate';
import { readNpy } from '../src/core/encode/npy';
import { ComparePanelPage } from './pages/comparePanel';
import { WorkbenchPage } from './pages/workbench';

const fixture = 'models/paper/onnx/unet-mlp.onnx';
const trainStats = JSON.parse(readFileSync('models/paper/onnx/train_stats.json', 'utf8')) as {
  codec_sha256: string; genes: number; channels: number;
};

test('a paper-style export without metadata is answered in the dialog and samples like its training data', async ({ page }) => {
  test.setTimeout(420_000);
  const workbench = new WorkbenchPage(page);
  const compare = new ComparePanelPage(page);
  await workbench.open();
  await workbench.data.waitForEncode();

  // 1. The demo cohort encoded as the fixtures were trained (split seed 1, G = 512).
  await workbench.byTestId('encode-geneSlots').fill('512');
  await workbench.data.encode();
  await expect(workbench.byTestId('encode-gene-slots')).toHaveText('512', { timeout: 120_000 });
  await workbench.data.waitForEncode();
  await expect(workbench.byTestId('encode-sha')).toHaveText(trainStats.codec_sha256);

  // 2. The bare export: the dialog opens; layout came from the graph, the mask from the encoding.
  await workbench.byTestId('backbone-file-input').setInputFiles({
    name: 'paper-unet-mlp.onnx', mimeType: 'application/octet-stream', buffer: readFileSync(fixture),
  });
  const dialog = workbench.byTestId('metadata-dialog');
  await expect(dialog).toBeVisible({ timeout: 90_000 });
  await expect(workbench.byTestId('metadata-layout')).toHaveValue('BCG');
  await expect(workbench.byTestId('metadata-source-layout')).toHaveText('from the graph');
  await expect(workbench.byTestId('metadata-source-realGenes')).toHaveText('from the loaded encoding');
  await dialog.screenshot({ path: 'e2e/screenshots/paper-backbone-dialog-1366x768.png' });
  await workbench.byTestId('metadata-scheduleKind').selectOption('cosine');
  await workbench.byTestId('metadata-timesteps').fill('500');
  await workbench.byTestId('metadata-prediction').selectOption('eps');
  await workbench.byTestId('metadata-numClasses').fill('2');
  await workbench.byTestId('metadata-nullClass').fill('2');
  await workbench.byTestId('metadata-padding').selectOption('zero-x0');
  await workbench.byTestId('metadata-family').selectOption('unet-mlp');
  await workbench.byTestId('metadata-apply').click();
  await expect(dialog).toBeHidden({ timeout: 90_000 });
  const row = page.locator('[data-testid^="user-backbone-file:"]');
  await expect(row).toHaveAttribute('data-status', 'loaded');
  const id = (await row.getAttribute('data-backbone-id')) ?? '';
  const card = page.locator(`[data-testid="backbone-card"][data-backbone-id="${id}"]`);
  await expect(card.getByTestId('backbone-settings-sources')).toContainText('encoding 2');
  await expect(card.getByTestId('backbone-settings-sources')).toContainText('null class 2 of 3 label slots');

  // 3. Generate (balanced over the two real classes) and export the set as a bundle.
  await compare.setRun({ id, count: 64, steps: 20 });
  await workbench.clickGenerate();
  await compare.waitForGenerated(id);
  const exported = await compare.download(() => workbench.byTestId(`export-synthetic-bundle-${id}`).click());
  const files = unzipSync(new Uint8Array(exported.bytes));
  const name = (suffix: string) => Object.keys(files).find((f) => f.endsWith(suffix)) as string;
  const tensor = readNpy(files[name('tensor.npy')], 'tensor.npy');
  const layout = JSON.parse(new TextDecoder().decode(files[name('layout.json')])) as { mask: number[][] };
  const labels = readNpy(files[name('labels.npy')], 'labels.npy');

  // 4. [N, G, C]; padded slots exactly 0; real slots with the training data's moments.
  expect(tensor.shape).toEqual([64, trainStats.genes, trainStats.channels]);
  expect(new Set(Array.from(labels.data))).toEqual(new Set([0, 1]));
  const mask = layout.mask.flat();
  const real: number[] = [];
  let paddedNonZero = 0;
  tensor.data.forEach((v, i) => {
    if (mask[i % mask.length] === 0) paddedNonZero += v === 0 ? 0 : 1;
    else real.push(v);
  });
  expect(paddedNonZero).toBe(0);
  expect(real.every(Number.isFinite)).toBe(true);
  // Real slots vary: not a constant, not the zeros a wrong mask or layout would leave.
  const mean = real.reduce((a, b) => a + b, 0) / real.length;
  const variance = real.reduce((a, b) => a + (b - mean) ** 2, 0) / real.length;
  expect(real.length).toBe(64 * layout.mask.flat().filter((m) => m === 1).length);
  expect(variance).toBeGreaterThan(0.01);
  await card.screenshot({ path: 'e2e/screenshots/paper-backbone-card-1366x768.png' });
  expect(workbench.consoleErrors).toEqual([]);
});
