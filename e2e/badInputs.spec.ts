// Bad inputs in the UI, beyond the Data panel's truncated VCF, lone .bed and cut zip (data.spec):
// an ONNX file that is not a backbone, bytes that are not ONNX at all, a backbone already loaded
// added again, and a phenotype file whose ids match no genotype sample. Each shows one clear
// message naming the file, both at the top and in the panel that caused it, and leaves the session
// as it was: the encoding, the loaded backbones, the generated set.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { buildOnnxModel } from '../src/core/backbone/onnxBuilder';
import { BackbonesPanelPage } from './pages/backbonesPanel';
import { ComparePanelPage } from './pages/comparePanel';
import { WorkbenchPage } from './pages/workbench';

const demoDir = 'public/demo/cohort';
const gaussian = 'builtin:gaussian-demo';

test('bad files show a clear message and leave the session as it was', async ({ page }) => {
  test.setTimeout(300_000);
  const workbench = new WorkbenchPage(page);
  const backbones = new BackbonesPanelPage(page);
  const compare = new ComparePanelPage(page);
  await workbench.open();
  await workbench.data.waitForEncode();
  await backbones.waitForRow(gaussian, 'loaded');
  const sha = (await workbench.byTestId('encode-sha').textContent()) ?? '';
  await compare.setRun({ id: gaussian, count: 16, steps: 4 });
  await workbench.clickGenerate();
  await compare.waitForGenerated(gaussian);

  // 1. A valid ONNX model that is not a denoiser: a BackboneContractError naming it and the contract.
  const classifier = buildOnnxModel({
    inputs: [{ name: 'features', elemType: 'float32', dims: ['batch', 16] }],
    outputs: [{ name: 'logits', elemType: 'float32', dims: ['batch', 16] }],
    nodes: [{ opType: 'Relu', inputs: ['features'], outputs: ['logits'] }],
  });
  await workbench.byTestId('backbone-file-input').setInputFiles({ name: 'classifier.onnx', mimeType: 'application/octet-stream', buffer: Buffer.from(classifier) });
  const contract = workbench.errorItems.filter({ hasText: 'classifier.onnx' });
  await expect(contract).toHaveCount(1);
  await expect(contract.getByTestId('error-code')).toHaveText('backbone-contract');
  await expect(contract).toContainText('expected x float32 [B, G, C]');
  // Also where it was added, in the Backbones panel.
  await expect(workbench.byTestId('backbone-add-errors-item').filter({ hasText: 'classifier.onnx' })).toHaveAttribute('data-code', 'backbone-contract');

  // 2. Bytes that are not ONNX: a ParseError naming the file.
  await workbench.byTestId('backbone-file-input').setInputFiles({ name: 'notes.onnx', mimeType: 'application/octet-stream', buffer: Buffer.from('not a model at all') });
  const junk = workbench.errorItems.filter({ hasText: 'notes.onnx' });
  await expect(junk).toHaveCount(1);
  await expect(junk.getByTestId('error-code')).toHaveText('parse');
  await expect(workbench.byTestId('user-backbones').locator('[data-testid^="user-backbone-file:"]')).toHaveCount(0);
  await backbones.waitForRow(gaussian, 'loaded');

  // 2b. The Gaussian demo's own file, added as yours while it is loaded: refused (same SHA-256), naming the loaded one; no second worker.
  const demoBytes = readFileSync('public/demo/gaussian-demo.onnx');
  await workbench.byTestId('backbone-file-input').setInputFiles({ name: 'my-copy.onnx', mimeType: 'application/octet-stream', buffer: demoBytes });
  const twin = workbench.byTestId('backbone-add-errors-item').filter({ hasText: 'my-copy.onnx' });
  await expect(twin).toContainText('my-copy.onnx is already loaded as gaussian-demo.onnx (same SHA-256');
  await expect(twin).toHaveAttribute('data-code', 'invalid-request');
  await expect(workbench.errorItems.filter({ hasText: 'my-copy.onnx is already loaded' })).toHaveCount(1);
  await expect(workbench.byTestId('user-backbones').locator('[data-testid^="user-backbone-file:"]')).toHaveCount(0);

  // 3. A phenotype file whose ids match no sample of the VCF: refused, naming the file and an id of each.
  const vcf = gunzipSync(readFileSync(`${demoDir}/cohort.vcf.gz`));
  await workbench.data.pickFiles([
    { name: 'cohort.vcf', buffer: vcf },
    { name: 'genes.bed', buffer: readFileSync(`${demoDir}/genes.bed`) },
    { name: 'phenotype.tsv', buffer: Buffer.from('id\tlabel\nNOBODY_1\tcase\nNOBODY_2\tcontrol\n') },
  ]);
  await workbench.data.waitForLoad('failed');
  const pheno = workbench.errorItems.filter({ hasText: 'phenotype.tsv' });
  await expect(pheno).toHaveCount(1);
  await expect(pheno.getByTestId('error-code')).toHaveText('parse');
  await expect(pheno).toContainText("no sample id in phenotype.tsv");
  await expect(pheno).toContainText("e.g. 'NOBODY_1'");

  // 4. Evaluate with only the Gaussian demo's [16, 8] set: nothing matches the [128, 8] encoding, and it says so.
  await workbench.byTestId('compare-evaluate').click();
  const nothing = workbench.errorItems.filter({ hasText: 'no generated set matches the encoding' });
  await expect(nothing).toHaveCount(1);
  await expect(nothing).toContainText('its samples are [16, 8], the encoding is [128, 8]');
  await expect(workbench.byTestId('compare-status')).toHaveAttribute('data-status', 'failed');
  // The Compare panel says why under its Evaluate button, not "Ready" with the reason out of view.
  await expect(workbench.byTestId('compare-errors-item')).toContainText('no generated set matches the encoding');

  // 5. The session is as it was: the encoding, the Gaussian demo, its generated set.
  await expect(workbench.byTestId('encode-sha')).toHaveText(sha);
  expect(await workbench.data.number('report-samples')).toBe(1000);
  await expect(compare.runRow(gaussian)).toHaveAttribute('data-state', 'generated');
  await page.evaluate(() => window.scrollTo(0, 0));
  await workbench.screenshot('e2e/screenshots/bad-inputs-1366x768.png', false);
  expect(workbench.consoleErrors).toEqual([]);
  expect(workbench.offOriginRequests).toEqual([]);
});
