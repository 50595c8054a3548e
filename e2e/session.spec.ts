// Your own backbone and the session file in real Chromium: a trained backbone with its metadata
// stripped opens the settings dialog, the answer is remembered for that file (by hash) and used
// without asking when the same file is added again; the session exports as a zip, imports back,
// and is refused with both hashes named once the data is encoded differently.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { onnx } from '../src/core/backbone/onnxProto';
import { ComparePanelPage } from './pages/comparePanel';
import { WorkbenchPage } from './pages/workbench';

const demoCodecSha256 = '2c421fd51f97e345411c9a96a37bf2e43cfbd54ab0a697bc990b9867777d9dca';

/** The demo transformer as the paper's own code would export it: no gdw.* metadata at all. */
function withoutMetadata(path: string): Buffer {
  const model = onnx.ModelProto.decode(readFileSync(path));
  model.metadataProps = [];
  return Buffer.from(onnx.ModelProto.encode(model).finish());
}

test('a backbone without metadata is answered once, and the session travels as a file', async ({ page }) => {
  test.setTimeout(400_000);
  const workbench = new WorkbenchPage(page);
  const compare = new ComparePanelPage(page);
  await workbench.open();
  await workbench.data.waitForEncode();
  await expect(workbench.byTestId('encode-sha')).toHaveText(demoCodecSha256);

  // 1. The stripped model loads on defaults and the dialog asks for what the metadata left open.
  const bytes = withoutMetadata('models/demo/transformer.onnx');
  const file = { name: 'paper-export.onnx', mimeType: 'application/octet-stream', buffer: bytes };
  await workbench.byTestId('backbone-file-input').setInputFiles(file);
  const dialog = workbench.byTestId('metadata-dialog');
  await expect(dialog).toBeVisible({ timeout: 90_000 });
  await dialog.screenshot({ path: 'e2e/screenshots/metadata-dialog-1366x768.png' });
  // Its label table has 3 rows: 2 classes and the unconditional slot 2, as the paper's code keeps.
  await workbench.byTestId('metadata-numClasses').fill('2');
  await workbench.byTestId('metadata-nullClass').fill('2');
  await workbench.byTestId('metadata-apply').click();
  await expect(dialog).toBeHidden({ timeout: 90_000 });
  const row = page.locator('[data-testid^="user-backbone-file:"]');
  await expect(row).toHaveAttribute('data-status', 'loaded');
  const id = (await row.getAttribute('data-backbone-id')) ?? '';

  // 2. The same file again: remembered by its hash, no dialog.
  await row.getByTestId('user-backbone-remove').click();
  await expect(row).toHaveCount(0);
  await workbench.byTestId('backbone-file-input').setInputFiles(file);
  await expect(row).toHaveAttribute('data-status', 'loaded', { timeout: 90_000 });
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('panel-backbones')).toContainText('remembered');

  // 3. It generates like any backbone; the session (with its set) exports as a zip and imports back.
  await compare.setRun({ id, count: 8, steps: 4 });
  await workbench.clickGenerate();
  await compare.waitForGenerated(id);
  // An evaluation cancelled at once reads "cancelled", raises no error, and leaves no comparison of
  // its own: the demo's precomputed one stays.
  await workbench.byTestId('compare-evaluate').click();
  await workbench.byTestId('compare-cancel').click();
  await expect(workbench.byTestId('compare-status')).toHaveAttribute('data-status', 'cancelled', { timeout: 60_000 });
  await expect(workbench.errorItems).toHaveCount(0);
  await expect(workbench.byTestId('report-precomputed-label')).toBeVisible();
  const exported = await compare.download(() => workbench.byTestId('session-export').click());
  expect(exported.fileName).toMatch(/^gdw-session-.*\.zip$/);
  await workbench.byTestId('session-import-input').setInputFiles({ name: exported.fileName, mimeType: 'application/zip', buffer: exported.bytes });
  await expect(workbench.byTestId('session-status')).toContainText('imported', { timeout: 30_000 });
  await expect(workbench.errorItems).toHaveCount(0);

  // 4. Encoded differently (G = 512), the same file is refused, naming both encodings; nothing changes.
  await workbench.byTestId('encode-geneSlots').fill('');
  await workbench.data.encode();
  await expect(workbench.byTestId('encode-gene-slots')).toHaveText('512', { timeout: 120_000 });
  await workbench.data.waitForEncode();
  await workbench.byTestId('session-import-input').setInputFiles({ name: exported.fileName, mimeType: 'application/zip', buffer: exported.bytes });
  const refused = workbench.errorItems.filter({ hasText: exported.fileName });
  await expect(refused).toHaveCount(1);
  await expect(refused).toContainText(demoCodecSha256.slice(0, 12));
  await expect(workbench.byTestId('encode-gene-slots')).toHaveText('512');
  await expect(compare.runRow(id)).toHaveAttribute('data-state', 'generated');
  await page.evaluate(() => window.scrollTo(0, 0));
  await workbench.screenshot('e2e/screenshots/session-refused-1366x768.png', false);

  expect(workbench.consoleErrors).toEqual([]);
  expect(workbench.offOriginRequests).toEqual([]);
});
