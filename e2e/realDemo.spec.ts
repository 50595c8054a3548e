// The real-data demo in real Chromium: the Data panel offers it beside the simulated cohort, marked
// as real data with its source and licence; Load reads 2,504 people × 805 SNPs of 1000 Genomes with
// super-population labels and encodes them with the codec of `gdw encode … --seed 1 --pad 128`.
import { expect, test } from '@playwright/test';
import { WorkbenchPage } from './pages/workbench';

const screenshots = 'e2e/screenshots';
/** `gdw encode --vcf public/demo/real1000g/cohort.vcf.gz --genes …/regions.bed --pheno …/labels.tsv --seed 1 --pad 128`. */
const realDemoCodecSha256 = '79f09026b972f3014b65123a04ec04c5a3becccd64039fb0337775487defd17f';

test('the 1000 Genomes demo loads as real data with its source and licence', async ({ page }) => {
  const workbench = new WorkbenchPage(page);
  const { data } = workbench;
  await workbench.open();
  await data.waitForLoad('done');
  await data.waitForEncode();

  // 1. Both demos are offered; the simulated one is loaded at first, the real one says what it is.
  await expect(data.byTestId('builtin-demo-simulated')).toHaveAttribute('data-loaded', 'true');
  await expect(data.byTestId('builtin-demo-real1000g-kind')).toHaveText('real data');
  await expect(data.byTestId('builtin-demo-simulated-kind')).toHaveText('simulated');
  await expect(data.byTestId('builtin-demo-real1000g-source')).toContainText('1000 Genomes Project Consortium, phase 3');
  await expect(data.byTestId('builtin-demo-real1000g-licence')).toContainText('no restrictions on use');
  // The simulated demo is unphased: its load report says the haplotypes were not kept, and why.
  await expect(data.byTestId('report-phase')).toHaveAttribute('data-phased', 'false');
  await expect(data.byTestId('report-phase')).toContainText('not kept: not every call is phased: line');

  // 2. Load: the report and the encoding of the real cohort.
  await data.byTestId('builtin-demo-real1000g-load').click();
  await expect(data.byTestId('builtin-demo-real1000g')).toHaveAttribute('data-loaded', 'true', { timeout: 90_000 });
  await data.waitForLoad('done');
  expect(await data.number('report-samples')).toBe(2504);
  expect(await data.number('report-variants')).toBe(805);
  await expect(data.byTestId('report-genes')).toContainText('109 of 109');
  // Every call of the real demo is phased (a|b in the .hapt's order): its haplotypes are kept.
  await expect(data.byTestId('report-phase')).toHaveAttribute('data-phased', 'true');
  await expect(data.byTestId('report-phase')).toContainText('kept: every call is phased');
  await expect(data.byTestId('encode-sha')).toHaveText(realDemoCodecSha256, { timeout: 120_000 });
  await data.waitForEncode();
  expect(await data.number('encode-gene-slots')).toBe(128);
  await expect(data.byTestId('builtin-demo-simulated')).toHaveAttribute('data-loaded', 'false');
  await page.mouse.move(0, 0);
  await workbench.screenshot(`${screenshots}/data-real-demo-1366x768.png`);

  expect(workbench.consoleErrors).toEqual([]);
  expect(workbench.offOriginRequests).toEqual([]);
});
