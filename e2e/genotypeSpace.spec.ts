// Issue 12 in real Chromium: on the demo cohort, a synthetic VCF and a Yelmen .hapt + .legend
// (e2e/fixtures/synthetic/make.py) are imported beside two built-in backbones; bad files are typed
// errors naming the file that keep what was imported; Evaluate (small n, no TSTR) shows the imported
// sets in every figure and table that measures sample sets, with the numbers of the report JSON;
// the genotype-space figures hold every set; the HTML report carries the section. Screenshots.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { readReport } from '../src/core/report/readReport';
import { BackbonesPanelPage } from './pages/backbonesPanel';
import { ComparePanelPage } from './pages/comparePanel';
import { ReportCardPage } from './pages/reportCard';
import { WorkbenchPage } from './pages/workbench';

const screenshots = 'e2e/screenshots';
const fixtures = 'e2e/fixtures/synthetic';
const gan = 'builtin:gan-generator';
const baseline = 'builtin:baseline';
const fixture = (name: string) => `${fixtures}/${name}`;
const sha256Of = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
/** A fixture as a payload (Playwright takes paths or buffers, not both at once). */
const payload = (name: string) => ({ name, mimeType: 'application/octet-stream', buffer: readFileSync(fixture(name)) });

test('synthetic sets from files beside two backbones: every figure and table, the genotype-space section', async ({ page }) => {
  test.setTimeout(240_000);
  const workbench = new WorkbenchPage(page);
  const backbones = new BackbonesPanelPage(page);
  const compare = new ComparePanelPage(page);
  const report = new ReportCardPage(page);
  await workbench.open('/?test-hooks=1');
  const t0 = Date.now();
  const lap = (what: string) => console.log(`${what}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  await workbench.data.waitForEncode();
  lap('encoded');

  // 1. Imports: a bad file is a typed error naming it; the VCF and the .hapt + .legend then land, with provenance.
  const files = compare.byTestId('synthetic-import-files');
  const errors = compare.byTestId('synthetic-import-errors');
  const haptRows = readFileSync(fixture('mosaic.hapt'), 'utf8').split('\n');
  await files.setInputFiles([{ name: 'odd.hapt', mimeType: 'text/plain', buffer: Buffer.from(haptRows.slice(0, 3).join('\n') + '\n') }, payload('mosaic.legend')]);
  await expect(errors).toContainText('SyntheticImportError');
  await expect(errors).toContainText('odd.hapt: 3 haplotype rows, an odd number');
  lap('odd .hapt refused');
  await compare.byTestId('synthetic-import-name').fill('mosaic');
  await files.setInputFiles(fixture('mosaic.vcf.gz'));
  await expect(compare.byTestId('synthetic-import-set')).toHaveCount(1);
  lap('VCF imported');
  await compare.byTestId('synthetic-import-name').fill('yelmen');
  await files.setInputFiles([fixture('mosaic.hapt'), fixture('mosaic.legend')]);
  await expect(compare.byTestId('synthetic-import-set')).toHaveCount(2);
  await expect(compare.byTestId('synthetic-import-variants').first()).toContainText('0 flipped');
  await expect(compare.byTestId('synthetic-import-variants').nth(1)).toContainText('3 flipped');
  const shifted = gunzipSync(readFileSync(fixture('mosaic.vcf.gz'))).toString('utf8').replace(/^(\d+)\t(\d+)/gm, (_, c: string, p: string) => `${c}\t${Number(p) + 1}`);
  await files.setInputFiles({ name: 'shifted.vcf', mimeType: 'text/plain', buffer: Buffer.from(shifted) });
  await expect(errors).toContainText('shifted.vcf: none of its 2,084 variants is among the cohort');
  await expect(compare.byTestId('synthetic-import-set')).toHaveCount(2);

  lap('imported');
  await backbones.load(gan);
  await backbones.load(baseline);
  // 2. Two backbones generate a little; Evaluate with a small n and no TSTR.
  await backbones.waitForRow(gan, 'loaded');
  await backbones.waitForRow(baseline, 'loaded');
  await compare.setRun({ id: gan, count: 40 });
  await compare.setRun({ id: baseline, count: 40, steps: 2 });
  await workbench.byTestId('generate-all-button').click();
  for (const id of [gan, baseline]) await compare.waitForGenerated(id);
  lap('generated');
  await workbench.byTestId('compare-classifier-mlp').uncheck();
  await expect(compare.byTestId('compare-evaluate')).toContainText('and 2 imported');
  await compare.evaluate({ umapPoints: 30, bootstrapResamples: 20, levels: 2, tstrEpochs: 1 });
  await compare.waitForEvaluation();
  lap('evaluated');
  const saved = readReport((await compare.download(() => workbench.byTestId('report-json').click())).bytes.toString('utf8'));
  expect(saved.imported?.map((s) => [s.id, s.samples, s.format])).toEqual([['mosaic', 30, 'vcf'], ['yelmen', 24, 'hapt']]);
  const space = saved.genotypeSpace!;
  const backboneIds = saved.backbones.map((b) => b.id);
  expect([...backboneIds].sort()).toEqual([baseline, gan]);
  expect(space.sets.map((s) => [s.id, s.kind])).toEqual([...backboneIds.map((id) => [id, 'decoded']), ['mosaic', 'imported'], ['yelmen', 'imported']]);

  // 3. Tables: a row per set, backbones then imported; every number the report JSON's own, and in range.
  const ids = [...backboneIds, 'mosaic', 'yelmen'];
  for (const table of ['nn-test', 'nnaa', 'privacy', 'genotype-space']) {
    await expect(report.tableRows(table)).toHaveCount(4);
    expect(await report.tableRows(table).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-row')))).toEqual(ids);
  }
  const value = async (table: string, row: number, key: string) => Number(await report.cell(table, row, key).getAttribute('data-value'));
  const sets = [...saved.backbones, ...saved.imported!];
  for (const [i, set] of sets.entries()) {
    expect(await value('nnaa', i, 'aats_train')).toBe(set.metrics.nnaa.train.intervals.aats.estimate);
    const g = space.sets[i];
    expect(await value('genotype-space', i, 'af_r')).toBe(g.alleleFrequency.pearson);
    expect(await value('genotype-space', i, 'aats_train')).toBe(g.aats.train.aats);
    expect(await value('genotype-space', i, 'aats_holdout')).toBe(g.aats.holdout.aats);
    expect(await value('genotype-space', i, 'privacy_loss')).toBe(g.aats.privacyLoss);
    // The demo cohort is unphased: no haplotype AATS, and the table says why rather than leaving it out.
    expect(g.haplotypes).toMatchObject({ computed: false, reason: expect.stringContaining('the real cohort has no haplotypes: not every call is phased') });
    await expect(report.cell('genotype-space', i, 'hap_n')).toContainText('the real cohort has no haplotypes');
    for (const x of [g.alleleFrequency.pearson!, g.alleleFrequency.rmse!, g.aats.train.aats, g.aats.holdout.aats, g.aats.closerToTrain, g.heterozygosity.synthetic.mean]) {
      expect(Number.isFinite(x) && x >= -1 && x <= 1).toBe(true);
    }
  }
  expect(space.sets[2].alleleFrequency.pearson).toBeGreaterThan(0.9); // a mosaic of real people keeps the frequencies

  // 4. Figures: the UMAP and the similarity figure hold every set; each genotype-space figure too, drawing the report's numbers.
  const idsIn = async (figure: string) => [...new Set(await compare.figure(figure).locator('.js-plotly-plot').evaluate((gd) =>
    (gd as unknown as { _fullData: { meta?: unknown }[] })._fullData.map((t) => (typeof t.meta === 'string' ? t.meta.replace(/^backbone:/, '') : null))))];
  expect(await idsIn('umap-figure')).toEqual(expect.arrayContaining(ids));
  expect(await idsIn('similarity-figure')).toEqual(expect.arrayContaining(ids));
  for (const figure of ['genospace-af', 'genospace-ld-decay', 'genospace-heterozygosity', 'genospace-alt-count', 'genospace-distances']) {
    expect(await idsIn(figure), figure).toEqual(expect.arrayContaining(ids));
  }
  for (const id of ids) for (const kind of ['ld', 'pca']) await expect(compare.figure(`genospace-${kind}-${id}`).locator('.main-svg').first()).toBeVisible();
  const afY = await compare.figure('genospace-af').locator('.js-plotly-plot').evaluate((gd) => (gd as unknown as { data: { meta?: string; y: number[] }[] }).data.find((t) => t.meta === 'yelmen')!.y);
  expect(afY).toEqual(space.sets[3].alleleFrequency.synthetic);
  const colours = await compare.traceIdentities('genospace-af');
  const similarity = await compare.traceIdentities('similarity-figure');
  expect(colours.find((t) => t.id === 'yelmen')?.colour).toBe(similarity.find((t) => t.id === 'yelmen')?.colour);
  await compare.byTestId('genospace-figures').screenshot({ path: `${screenshots}/genotype-space-1366x768.png`, animations: 'disabled' });
  await compare.byTestId('synthetic-import-card').screenshot({ path: `${screenshots}/synthetic-import-1366x768.png`, animations: 'disabled' });

  lap('figures checked');
  // 5. The HTML report: the imported sets' provenance, the genotype-space settings, table and figures.
  const html = (await compare.download(() => workbench.byTestId('report-html').click())).bytes.toString('utf8');
  expect(html).toContain('Imported synthetic sets and genotype space');
  expect(html).toContain('id="genotype-space"');
  expect(html).toContain('id="table-genotype-space"');
  expect(html).toContain('AATS on haplotypes, Hamming');
  for (const name of ['mosaic.vcf.gz', 'mosaic.hapt', 'mosaic.legend']) expect(html).toContain(sha256Of(fixture(name)));
  expect(html).toContain('id="figure-genospace-af"');
  expect(html).toContain('id="figure-genospace-pca-yelmen"');
  expect(workbench.consoleErrors).toEqual([]);
  expect(workbench.offOriginRequests).toEqual([]);
});
