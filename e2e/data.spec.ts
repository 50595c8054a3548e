// The Data panel in real Chromium: the demo cohort loads by default and is encoded as the demo
// backbones were trained (the same codec hash as `gdw encode --seed 1 --pad 128`), re-encodes to
// a G = 512 tensor with a round-trip ceiling, exports a bundle; then a truncated VCF and a .bed without its .bim
// fail with typed errors that name the file, and the loaded cohort stays; the downloaded bundle
// loads back with the same codec hash, and a corrupted zip fails leaving it loaded. No console
// errors, no request off this origin.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { unzipSync } from 'fflate';
import { WorkbenchPage } from './pages/workbench';

const screenshots = 'e2e/screenshots';
/** models/demo: the codec hash every demo backbone names (gdw.codec_sha256). */
const demoCodecSha256 = '2c421fd51f97e345411c9a96a37bf2e43cfbd54ab0a697bc990b9867777d9dca';
const demoDir = 'public/demo/cohort';

/** The demo VCF, decompressed and cut in the middle of its last line. */
function truncatedVcf(): { buffer: Buffer; lastLine: number } {
  const lines = gunzipSync(readFileSync(`${demoDir}/cohort.vcf.gz`)).toString('utf8').trimEnd().split('\n');
  const last = lines[lines.length - 1];
  const text = [...lines.slice(0, -1), last.slice(0, Math.floor(last.length / 2))].join('\n') + '\n';
  return { buffer: Buffer.from(text), lastLine: lines.length };
}

test('the Data panel loads, reports, encodes, and keeps the cohort through bad files', async ({ page }) => {
  const workbench = new WorkbenchPage(page);
  const { data } = workbench;
  await workbench.open();

  // 1. The demo cohort loads by default: its report is read from the page.
  await data.waitForLoad('done');
  expect(await data.number('report-samples')).toBe(1000);
  expect(await data.number('report-variants')).toBe(2082);
  expect(await data.fileRoles()).toEqual(['vcf', 'phenotype', 'gene-map']);
  await expect(data.byTestId('report-genes')).toContainText('84 of 84');
  await expect(data.byTestId('report-tiers')).toHaveText(/27 genes > 20 SNPs \(8\), 31 with 5–20 \(4\), 26 with ≤ 4 \(1\)/);
  await expect(data.byTestId('maf-histogram').locator('.main-svg').first()).toBeVisible();
  const cohortId = await data.byTestId('data-report').getAttribute('data-cohort-id');

  // 2. It is encoded at once as the demo backbones were: G = 128, split seed 1, the same codec hash.
  await data.waitForEncode();
  expect(await data.number('encode-gene-slots')).toBe(128);
  await expect(data.byTestId('encode-sha')).toHaveText(demoCodecSha256);

  // 3. Encode again with G left empty: G = 512 (next multiple of 512 over 84 genes), C = 8.
  await data.byTestId('encode-geneSlots').fill('');
  await data.encode();
  await expect(data.byTestId('encode-gene-slots')).toHaveText('512', { timeout: 120_000 });
  await data.waitForEncode();
  expect(await data.number('encode-gene-slots')).toBe(512);
  expect(await data.number('encode-channels')).toBe(8);
  expect(await data.number('encode-train')).toBe(900);
  const ceiling = await data.number('encode-ceiling');
  test.info().annotations.push({ type: 'round-trip ceiling', description: String(ceiling) });
  expect(ceiling).toBeGreaterThan(0);
  expect(ceiling).toBeLessThan(1);
  const sha = (await data.byTestId('encode-sha').textContent()) ?? '';
  expect(sha).toMatch(/^[0-9a-f]{64}$/);
  await expect(data.byTestId('components-histogram').locator('.main-svg').first()).toBeVisible();
  await page.mouse.move(0, 0);
  await workbench.screenshot(`${screenshots}/data-1366x768.png`);
  await workbench.resize(1920, 1080);
  await workbench.screenshot(`${screenshots}/data-1920x1080.png`);
  await workbench.resize(1366, 768);

  // 4. The bundle zip holds the tensor and a layout.json with the codec hash shown.
  const bundle = await data.downloadBundle();
  expect(bundle.fileName).toBe('cohort-G512-bundle.zip');
  const files = unzipSync(new Uint8Array(readFileSync(bundle.path)));
  expect(Object.keys(files)).toEqual(expect.arrayContaining(['tensor.npy', 'labels.npy', 'split.npy', 'samples.txt', 'layout.json']));
  expect(JSON.parse(new TextDecoder().decode(files['layout.json'])).codecSha256).toBe(sha);

  // 5. A truncated VCF: a ParseError naming the file and the line; the demo cohort stays.
  const { buffer, lastLine } = truncatedVcf();
  await data.pickFiles([{ name: 'truncated.vcf', buffer }]);
  await data.waitForLoad('failed');
  const parseError = workbench.errorItems.filter({ hasText: 'ParseError' });
  await expect(parseError).toHaveCount(1);
  await expect(parseError.getByTestId('error-code')).toHaveText('parse');
  await expect(parseError).toContainText(`line ${lastLine.toLocaleString('en-US')} of truncated.vcf`);
  await expect(data.byTestId('data-files-status')).toHaveText(/not loaded/);
  expect(await data.number('report-samples')).toBe(1000);
  await expect(data.byTestId('data-report')).toHaveAttribute('data-cohort-id', cohortId ?? '');
  await expect(data.byTestId('encode-sha')).toHaveText(sha);

  // 6. A PLINK .bed dropped without its .bim and .fam: a MissingFileError; nothing replaced.
  await data.dropFiles([{ name: 'cohort.bed', buffer: readFileSync(`${demoDir}/cohort.bed`) }]);
  const missing = workbench.errorItems.filter({ hasText: 'MissingFileError' });
  await expect(missing).toHaveCount(1);
  await expect(missing).toContainText(/cohort\.bed needs cohort\.bim \(PLINK variants\) and cohort\.fam/);
  await data.waitForLoad('failed');
  await expect.poll(() => data.fileRoles()).toEqual(['plink-bed']);
  await expect(data.byTestId('data-missing')).toContainText('Missing: cohort.bim (PLINK variants)');
  expect(await data.number('report-samples')).toBe(1000);
  await expect(data.byTestId('data-report')).toHaveAttribute('data-cohort-id', cohortId ?? '');
  await page.evaluate(() => window.scrollTo(0, 0));
  await workbench.screenshot(`${screenshots}/data-errors-1366x768.png`, false);

  // 7. The downloaded bundle loads back through the picker: the same codec hash, source 'bundle',
  //    no genotype-level report, no re-encode; its download works again.
  const zipBytes = readFileSync(bundle.path);
  await data.pickFiles([{ name: bundle.fileName, buffer: zipBytes }]);
  await data.waitForLoad('done');
  expect(await data.fileRoles()).toEqual(['bundle']);
  await expect(data.byTestId('encode-source')).toHaveAttribute('data-source', 'bundle');
  await expect(data.byTestId('encode-sha')).toHaveText(sha);
  expect(await data.number('encode-train')).toBe(900);
  expect(await data.number('bundle-samples')).toBe(1000);
  await expect(data.byTestId('data-report')).toHaveCount(0);
  await expect(data.byTestId('bundle-unavailable')).toContainText('re-encoding with other settings are unavailable');
  await expect(data.byTestId('encode-button')).toBeDisabled();
  await expect(data.byTestId('encode-blocker')).toContainText('holds no genotypes');
  const bundleCohortId = (await data.byTestId('bundle-report').getAttribute('data-cohort-id')) ?? '';
  await page.evaluate(() => window.scrollTo(0, 0));
  await workbench.screenshot(`${screenshots}/data-bundle-1366x768.png`);
  const again = await data.downloadBundle();
  expect(again.fileName).toBe(bundle.fileName);
  const againFiles = unzipSync(new Uint8Array(readFileSync(again.path)));
  expect(JSON.parse(new TextDecoder().decode(againFiles['layout.json'])).codecSha256).toBe(sha);

  // 8. A zip cut in half: a ParseError naming it; the bundle stays loaded.
  await data.pickFiles([{ name: 'corrupt.zip', buffer: zipBytes.subarray(0, zipBytes.length >> 1) }]);
  await data.waitForLoad('failed');
  const zipError = workbench.errorItems.filter({ hasText: 'corrupt.zip' });
  await expect(zipError).toHaveCount(1);
  await expect(zipError.getByTestId('error-code')).toHaveText('parse');
  await expect(zipError).toContainText('corrupt.zip is not a readable zip archive');
  await expect(data.byTestId('bundle-report')).toHaveAttribute('data-cohort-id', bundleCohortId);
  await expect(data.byTestId('encode-source')).toHaveAttribute('data-source', 'bundle');
  await expect(data.byTestId('encode-sha')).toHaveText(sha);

  // 9. Nothing went wrong quietly, and nothing left the origin.
  expect(workbench.consoleErrors).toEqual([]);
  expect(workbench.offOriginRequests).toEqual([]);
});
