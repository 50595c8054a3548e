// The whole flow in real Chromium on the demo cohort with two trained backbones: the data is
// loaded and encoded at first open, the backbones are added, each generates with its own settings,
// the comparison is evaluated in the workers, every figure is looked at (hover, legend, lasso),
// every number of the tables is checked (finite, in range, the same as in the CSV and the report
// JSON), the HTML report and a synthetic VCF are downloaded, and after a reload everything is still
// there. Zero console errors, zero requests to another origin. Screenshots of every panel.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { unzipSync } from 'fflate';
import { BackbonesPanelPage } from './pages/backbonesPanel';
import { readReport } from '../src/core/report/readReport';
import { ComparePanelPage } from './pages/comparePanel';
import { ReportCardPage } from './pages/reportCard';
import { WorkbenchPage } from './pages/workbench';
import {
  expectNumbersInRange, expectShownEqualsCsv, expectShownEqualsReport, parseShownNumber, readShownTable, type ShownTable,
} from './reportNumbers';

const screenshots = 'e2e/screenshots';
const demoCodecSha256 = '2c421fd51f97e345411c9a96a37bf2e43cfbd54ab0a697bc990b9867777d9dca';
const transformer = 'builtin:transformer';
const gan = 'builtin:gan-generator';
const gaussian = 'builtin:gaussian-demo';
const panels = ['data', 'backbones', 'generate', 'compare'] as const;
const sha256Of = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/**
 * Issue 11: each held set is held once and read by every worker by reference. A set generated in
 * this tab lives in its backbone worker's store ('stored': with `setsBudgetMiB=0` every row on
 * OPFS, the page holding its descriptor only); a restored one is an array in shared memory.
 */
async function expectSetsHeldOnce(workbench: WorkbenchPage, ids: string[], where: 'stored' | 'restored'): Promise<void> {
  const held = await workbench.page.evaluate(() => window.__gdwTest?.heldSets() ?? []);
  expect(held.map((s) => s.backboneId)).toEqual(expect.arrayContaining(ids));
  expect(held.filter((s) => !s.shared)).toEqual([]);
  for (const set of held.filter((s) => ids.includes(s.backboneId))) {
    expect(set.bytes).toBeGreaterThan(0);
    if (where === 'stored') expect(set).toMatchObject({ stored: true, chunksInMemory: 0, chunksSpilled: expect.any(Number) });
    else expect(set).toMatchObject({ stored: false });
    if (where === 'stored') expect(set.chunksSpilled).toBeGreaterThan(0);
  }
}

async function screenshotPanels(workbench: WorkbenchPage, size: string): Promise<void> {
  await workbench.page.mouse.move(0, 0);
  await workbench.page.evaluate(() => window.scrollTo(0, 0));
  await workbench.screenshot(`${screenshots}/workbench-top-${size}.png`, false);
  await workbench.screenshot(`${screenshots}/workbench-${size}.png`);
  for (const panel of panels) {
    await workbench.byTestId(`panel-${panel}`).screenshot({ path: `${screenshots}/panel-${panel}-${size}.png`, animations: 'disabled' });
  }
}

test('the whole workbench flow: data, two backbones, generate, evaluate, look, export, reload', async ({ page }) => {
  test.setTimeout(900_000);
  const workbench = new WorkbenchPage(page);
  const backbones = new BackbonesPanelPage(page);
  const compare = new ComparePanelPage(page);
  const report = new ReportCardPage(page);
  // The encoded tensor's memory budget is 0, and so is each backbone worker's for its generated sets:
  // every row spills to OPFS, as the paper's cohort and its generated sets do.
  await workbench.open('/?test-hooks=1&tensorBudgetMiB=0&setsBudgetMiB=0');

  // 1. First open: the demo cohort is loaded and encoded as the demo backbones were trained, into
  //    the data worker's store; the page gets its descriptor only, every row on disk (issue 11).
  await workbench.data.waitForEncode();
  await expect(workbench.byTestId('encode-sha')).toHaveText(demoCodecSha256);
  const tensor = await page.evaluate(() => window.__gdwTest!.encodedTensor());
  expect(tensor).toMatchObject({ valuesOnPage: false, rows: 1000, chunksInMemory: 0, spillFile: expect.stringMatching(/^data-encoded-/) });
  expect(tensor.chunksSpilled).toBeGreaterThan(0);

  // 2. Add two backbones; each gets its own worker.
  await backbones.load(transformer);
  await backbones.load(gan);
  await backbones.waitForRow(transformer, 'loaded');
  await backbones.waitForRow(gan, 'loaded');
  await backbones.waitForRow(gaussian, 'loaded');

  // 3. Each backbone its own settings; all of them queue and generate one after another.
  await compare.setRun({ id: transformer, count: 40, steps: 8 });
  await compare.setRun({ id: gan, count: 40 });
  await compare.setRun({ id: gaussian, count: 16, steps: 8 });
  await compare.setRun({ id: transformer, count: 40 });
  await expect(workbench.byTestId('generate-steps')).toHaveValue('8');
  await workbench.byTestId('generate-all-button').click();
  await expect(compare.runRow(gan)).toHaveAttribute('data-state', /queued|running/);
  for (const id of [transformer, gan, gaussian]) await compare.waitForGenerated(id);
  await expect(compare.runRow(transformer)).toContainText('40 samples · DDIM 8');
  await expect(compare.runRow(gan)).toContainText('40 samples · GAN');
  await expectSetsHeldOnce(workbench, [transformer, gan, gaussian], 'stored');

  // 4. Evaluate every set against the real train and holdout; the Gaussian demo's [16, 8] set is left out, said so.
  // TSTR on the sets as generated: generating 900 (the training split) per backbone takes minutes on software WebGPU.
  await compare.evaluate({ umapPoints: 60, bootstrapResamples: 100, levels: 5, tstrEpochs: 3, tstrTrainingSet: 'as-generated' });
  await compare.waitForEvaluation();
  await expect(workbench.byTestId('report-warnings')).toContainText('gaussian-demo left out');
  await expect(workbench.byTestId('report-warnings')).not.toContainText('builtin:');
  await expect(workbench.byTestId('report-file')).toContainText('evaluated in this session');
  await expect(workbench.byTestId('report-precomputed')).toHaveCount(0);
  await expectSetsHeldOnce(workbench, [transformer, gan, gaussian], 'stored');

  // 5. Each figure: loss curves of both runs, the reconstruction curve (the GAN has no denoiser),
  //    the UMAP (4 origins; hover names a sample; the legend hides a group; the lasso counts),
  //    the closest-training similarity.
  await expect(compare.figure('compare-loss-figure').locator('.main-svg').first()).toBeVisible();
  await workbench.byTestId('compare-loss-log-y').uncheck();
  await expect(workbench.byTestId('loss-log-y')).not.toBeChecked(); // one view for both loss figures
  await workbench.byTestId('compare-loss-log-y').check();
  await expect(compare.figure('report-figure').locator('.main-svg').first()).toBeVisible();
  await expect(compare.drawnTraces('report-figure')).toHaveCount(1);
  const umap = compare.figure('umap-figure');
  await expect(umap.locator('.main-svg').first()).toBeVisible();
  await expect(umap).toHaveAttribute('data-point-count', String(60 + 60 + 40 + 40));
  await expect(workbench.byTestId('umap-caption')).toContainText('real train: 60 of 900');
  await expect(umap.locator('.legend .traces')).toHaveCount(4);
  await compare.hoverFirstPoint('umap-figure');
  await expect(umap.locator('.hoverlayer')).toContainText('origin: real train');
  await compare.lasso('umap-figure');
  await expect(workbench.byTestId('umap-selection')).toContainText('selected');
  await umap.locator('.legend .traces').first().click();
  await expect.poll(() => compare.shownTraceCount('umap-figure')).toBe(3);
  await workbench.byTestId('umap-colour-label').check();
  await expect(umap.locator('.legend .traces')).toHaveCount(2); // control, case: both backbones are class-conditional
  await expect(compare.figure('similarity-figure').locator('.main-svg').first()).toBeVisible();
  expect(await workbench.downloadFigure('umap-figure', 'Download plot as SVG')).toBe('gdw-umap.svg');
  await workbench.byTestId('umap-colour-origin').check();

  // 5b. One identity per backbone: the same colour in the loss, reconstruction, UMAP and similarity
  //     figures (from the page's own plotly data), and no internal id as a trace name.
  const figureIds = ['compare-loss-figure', 'report-figure', 'umap-figure', 'similarity-figure'];
  const traces = await Promise.all(figureIds.map((id) => compare.traceIdentities(id)));
  for (const t of traces.flat()) expect(t.name).not.toMatch(/^(builtin|backbone|file|import):/);
  const colourIn = (figure: number, id: string) => [...new Set(traces[figure].filter((t) => t.id === id).map((t) => t.colour))];
  expect(colourIn(1, transformer)).toHaveLength(1);
  for (const figure of [0, 2, 3]) expect(colourIn(figure, transformer), figureIds[figure]).toEqual(colourIn(1, transformer));
  for (const figure of [2, 3]) expect(colourIn(figure, gan), figureIds[figure]).toEqual(colourIn(0, gan));
  expect(colourIn(0, gan)).toHaveLength(1);
  expect(colourIn(0, gan)).not.toEqual(colourIn(0, transformer));
  expect([...new Set(traces[0].map((t) => t.id))].sort()).toEqual([gan, transformer].sort()); // only the compared backbones' runs
  await expect(backbones.card(transformer).getByTestId('backbone-colour')).toHaveAttribute('data-colour', colourIn(1, transformer)[0]);
  await expect(backbones.card(gan).getByTestId('backbone-generator')).toContainText('no noise schedule');
  await expect(backbones.card(gan).getByTestId('backbone-schedule')).toHaveCount(0);

  // 6. The tables in the paper's shape, each with n and intervals: every number shown finite and in
  //    its range, the same as in the table's CSV and in the report JSON; real data trains a
  //    classifier above chance (the demo cohort carries a case/control signal).
  const tableIds = ['tstr', 'recovery', 'nn-test', 'nnaa', 'privacy'];
  for (const id of tableIds) await expect(report.table(id)).toBeVisible();
  await expect(report.tableRows('tstr')).toHaveCount(3);
  await expect(report.tableRows('nnaa')).toHaveCount(2);
  const shownTables: ShownTable[] = [];
  for (const id of tableIds) {
    const shown = await readShownTable(report, id);
    expectNumbersInRange(shown);
    expectShownEqualsCsv(shown, (await report.downloadCsv(id)).text);
    shownTables.push(shown);
  }
  const savedReport = readReport((await compare.download(() => workbench.byTestId('report-json').click())).bytes.toString('utf8'));
  if (savedReport.tstr.status !== 'done') throw new Error(`TSTR did not run: ${savedReport.tstr.reason}`);
  expect(savedReport.tstr.synthetic).toMatchObject({ trainingSet: 'as-generated', count: 40 });
  expectShownEqualsReport(shownTables, savedReport);
  const realRow = shownTables[0].rows.find((row) => row.id === 'real')!;
  const accuracies = Object.entries(realRow.cells).filter(([key]) => key.endsWith('_accuracy'));
  expect(accuracies.length).toBeGreaterThan(0);
  for (const [key, text] of accuracies) expect(parseShownNumber(text)!.value, `real ${key}`).toBeGreaterThan(0.5);
  expect(shownTables[3].rows.map((row) => row.id)).toEqual([transformer, gan]);

  // 7. The HTML report: self-contained (figures inline, no URL off the page), with both backbones' hashes.
  const html = (await compare.download(() => workbench.byTestId('report-html').click())).bytes.toString('utf8');
  expect(html.match(/<svg/g)?.length ?? 0).toBeGreaterThanOrEqual(4);
  for (const file of ['transformer', 'gan-generator']) expect(html).toContain(sha256Of(`models/demo/${file}.onnx`));
  expect(html).toContain(demoCodecSha256);
  expect(html.replace(/http:\/\/www\.w3\.org\/[0-9]{4}\/[a-z]+/g, '')).not.toMatch(/https?:\/\//);
  // Opened on its own it draws every figure and table and asks for nothing (the request log covers this page too).
  const reportPage = await page.context().newPage();
  await reportPage.setViewportSize({ width: 1366, height: 768 });
  await reportPage.setContent(html);
  await expect(reportPage.locator('svg').first()).toBeVisible();
  await reportPage.screenshot({ path: `${screenshots}/html-report-1366x768.png`, fullPage: true });
  await reportPage.close();

  // 8. The transformer's synthetic genomes as VCF: one column per sample.
  const vcfZip = await compare.download(() => workbench.byTestId(`export-synthetic-vcf-${transformer}`).click());
  const vcfName = Object.keys(unzipSync(new Uint8Array(vcfZip.bytes))).find((n) => n.endsWith('.vcf'));
  expect(vcfName).toBeDefined();
  const header = new TextDecoder().decode(unzipSync(new Uint8Array(vcfZip.bytes))[vcfName!]).split('\n').find((l) => l.startsWith('#CHROM'));
  expect(header?.split('\t')).toHaveLength(9 + 40);

  // 9. Screenshots of every panel at both sizes.
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshotPanels(workbench, '1366x768');
  await workbench.resize(1920, 1080);
  await screenshotPanels(workbench, '1920x1080');
  await workbench.resize(1366, 768);

  // 10. Reload: the comparison, the generated sets and each backbone's settings are still there.
  await expect(workbench.byTestId('session-status')).toContainText('saved', { timeout: 30_000 });
  await expect.poll(() => workbench.storedSession(), { timeout: 30_000 })
    .toMatchObject({ comparison: true, setIds: expect.arrayContaining([transformer, gan]), steps: { [transformer]: '8' } });
  await page.reload();
  await expect(workbench.byTestId('report-body')).toBeVisible({ timeout: 60_000 });
  await expect(report.tableRows('tstr')).toHaveCount(3);
  await expect(compare.runRow(transformer)).toHaveAttribute('data-state', 'generated');
  await expect(compare.runRow(gan)).toHaveAttribute('data-state', 'generated');
  await backbones.waitForRow(transformer, 'loaded');
  await compare.setRun({ id: gan, count: 40 });
  await workbench.byTestId('generate-backbone').selectOption(transformer);
  await expect(workbench.byTestId('generate-steps')).toHaveValue('8');
  await workbench.data.waitForEncode();
  await expect(workbench.byTestId('encode-sha')).toHaveText(demoCodecSha256);
  await expect(workbench.byTestId('session-status')).toContainText('restored');
  await expectSetsHeldOnce(workbench, [transformer, gan], 'restored');

  // 10b. Provenance: the restored comparison still describes the sets; the GAN generated again with
  //      another seed makes it stale, naming the change (the old numbers are never shown as current).
  await expect(workbench.byTestId('report-stale')).toHaveCount(0);
  await expect(workbench.byTestId('report-generation').filter({ hasText: 'gan-generator' })).toContainText('GAN, one forward pass per sample, seed 42');
  await compare.setRun({ id: gan, count: 40 });
  await workbench.byTestId('generate-seed').fill('7');
  await workbench.byTestId('generate-button').click();
  await expect(workbench.byTestId('report-stale')).toContainText('gan-generator was generated again', { timeout: 120_000 });
  await expect(workbench.byTestId('report-stale')).toContainText('seed 7');
  // The regenerated set is version 2; version 1, which the comparison used, is kept: using it again
  // makes the comparison current once more.
  await expect(workbench.byTestId(`set-current-${gan}`)).toContainText('v2 · 40 samples · GAN');
  const versions = workbench.byTestId(`set-versions-${gan}`);
  await versions.locator('summary').click();
  await expect(versions.locator('li[data-version="1"]')).toContainText('v1 · 40 samples · GAN');
  await versions.getByRole('button', { name: 'Use v1' }).click();
  await expect(workbench.byTestId(`set-current-${gan}`)).toContainText('v1 · 40 samples · GAN');
  await expect(workbench.byTestId('report-stale')).toHaveCount(0);
  await expect(versions.locator('li[data-version="2"]')).toContainText('v2 · 40 samples · GAN');
  await workbench.byTestId('generation-runs').screenshot({ path: `${screenshots}/set-versions-1366x768.png`, animations: 'disabled' });

  // 11. Nothing went wrong quietly, and nothing left the origin.
  expect(workbench.consoleErrors).toEqual([]);
  expect(workbench.offOriginRequests).toEqual([]);
});
