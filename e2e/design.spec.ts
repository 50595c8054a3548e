// Design toward a class in real Chromium (issue 14): the demo cohort encoded at first open, the
// demo GAN generator and unet-mlp loaded on WASM; a bad step size is refused at the field; then
// activation maximisation and the joint method through the GAN, and classifier guidance through the
// unet-mlp, each for a few iterations with the demo's truth file. The three figures are drawn, every
// score shown is finite, in range and equal to the downloaded report's; the designs export as a
// bundle. Zero console errors; a screenshot to look at.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import type { DesignReport } from '../src/core/design/report';
import { BackbonesPanelPage } from './pages/backbonesPanel';
import { WorkbenchPage } from './pages/workbench';

const gan = 'builtin:gan-generator';
const unetMlp = 'builtin:unet-mlp';

const byTestId = (page: Page, id: string) => page.getByTestId(id);

async function fill(page: Page, fields: Record<string, string>): Promise<void> {
  for (const [field, value] of Object.entries(fields)) await byTestId(page, `design-${field}`).fill(value);
}

async function setMethods(page: Page, methods: { activation: boolean; joint: boolean; guidance: boolean }): Promise<void> {
  for (const [m, on] of Object.entries(methods)) await byTestId(page, `design-method-${m}`).setChecked(on);
}

async function waitForStatus(page: Page, status: string): Promise<void> {
  const line = byTestId(page, 'design-status');
  await expect(line).not.toHaveAttribute('data-status', /running|idle/, { timeout: 180_000 });
  const errors = await byTestId(page, 'design-errors-item').allTextContents();
  expect(`${await line.getAttribute('data-status')} ${errors.join(' | ')}`.trim()).toBe(status);
}

async function downloadReport(page: Page): Promise<DesignReport> {
  const [download] = await Promise.all([page.waitForEvent('download'), byTestId(page, 'design-export-report').click()]);
  return JSON.parse(readFileSync(await download.path(), 'utf8')) as DesignReport;
}

/** Every interval shown in the method's row equals the report's, finite and in range. */
async function expectRowMatches(page: Page, report: DesignReport, method: string): Promise<void> {
  const m = report.methods.find((x) => x.method === method);
  expect(m).toBeDefined();
  if (!m) return;
  const shown = async (id: string) => {
    const at = byTestId(page, id);
    return [Number(await at.getAttribute('data-value')), Number(await at.getAttribute('data-lower')), Number(await at.getAttribute('data-upper'))];
  };
  const pairs: [string, { estimate: number; lower: number; upper: number } | null, [number, number]][] = [
    [`design-${method}-predictor-before`, m.before.predictor, [0, 1]], [`design-${method}-predictor-after`, m.after.predictor, [0, 1]],
    [`design-${method}-oracle-before`, m.before.oracleClassifier, [0, 1]], [`design-${method}-oracle-after`, m.after.oracleClassifier, [0, 1]],
    [`design-${method}-liability-before`, m.before.liability, [-50, 50]], [`design-${method}-liability-after`, m.after.liability, [-50, 50]],
    [`design-${method}-nearest`, m.realismAfter.nearestReal, [0, 1e4]],
  ];
  for (const [id, interval, [lo, hi]] of pairs) {
    expect(interval, id).not.toBeNull();
    if (!interval) continue;
    const [value, lower, upper] = await shown(id);
    expect([value, lower, upper], id).toEqual([interval.estimate, interval.lower, interval.upper]);
    for (const x of [value, lower, upper]) {
      expect(Number.isFinite(x)).toBe(true);
      expect(x).toBeGreaterThanOrEqual(lo);
      expect(x).toBeLessThanOrEqual(hi);
    }
    expect(lower).toBeLessThanOrEqual(value + 1e-12);
    expect(value).toBeLessThanOrEqual(upper + 1e-12);
  }
  await expect(byTestId(page, `design-${method}-verdict`)).not.toBeEmpty();
  expect(m.trace.length).toBeGreaterThan(1);
}

/** Points drawn in a figure, over all its traces. */
const pointsIn = (page: Page, id: string) => byTestId(page, id).locator('.js-plotly-plot').evaluate((div) =>
  (div as unknown as { data: { x: unknown[] }[] }).data.reduce((n, trace) => n + trace.x.length, 0));

test('designs toward cases by activation maximisation, the joint method and classifier guidance, and shows the oracle scores and plots', async ({ page }) => {
  const workbench = new WorkbenchPage(page);
  const backbones = new BackbonesPanelPage(page);
  test.setTimeout(420_000);
  await workbench.open('/');
  await workbench.data.waitForEncode();
  for (const id of [gan, unetMlp]) {
    await backbones.row(id).getByTestId('backbone-ep-choice').selectOption('wasm');
    await backbones.load(id);
  }
  for (const id of [gan, unetMlp]) await backbones.waitForRow(id, 'loaded');

  // 1. Refused at the field: a zero step size; guidance through a GAN.
  await byTestId(page, 'design-backboneId').selectOption(gan);
  await setMethods(page, { activation: true, joint: true, guidance: true });
  await expect(byTestId(page, 'design-methods-error')).toContainText('classifier guidance needs a diffusion backbone');
  await byTestId(page, 'design-method-guidance').setChecked(false);
  await fill(page, { stepSize: '0' });
  await expect(byTestId(page, 'design-stepSize-error')).toContainText('expected a number in (0, 10]');
  await expect(byTestId(page, 'design-button')).toBeDisabled();

  // 2. Activation maximisation and the joint method through the GAN, with the demo's truth.
  await fill(page, { stepSize: '0.05', designs: '8', iterations: '5', generations: '3', population: '8', epochs: '3', seed: '1' });
  await byTestId(page, 'design-targetClass').selectOption('1');
  await byTestId(page, 'design-truth-demo').click();
  await expect(byTestId(page, 'design-truth')).toContainText('15 causal SNPs in 5 genes');
  await byTestId(page, 'design-button').click();
  await waitForStatus(page, 'done');
  await expect(byTestId(page, 'design-method-row')).toHaveCount(2);
  let report = await downloadReport(page);
  expect(report.status).toBe('done');
  expect(report.settings.seed).toBe(1);
  for (const method of ['activation', 'joint']) await expectRowMatches(page, report, method);
  // Figures: scores per iteration (predictor, oracle classifier, liability per method), realism vs oracle (start and designs), per-gene change.
  await expect(byTestId(page, 'design-score-figure')).toHaveAttribute('data-traces', '6');
  expect(await pointsIn(page, 'design-score-figure')).toBe(3 * report.methods.reduce((n, m) => n + m.trace.length, 0));
  expect(await pointsIn(page, 'design-realism-figure')).toBe(4);
  expect(await pointsIn(page, 'design-gene-figure')).toBeGreaterThanOrEqual(2 * 84);
  const [bundle] = await Promise.all([page.waitForEvent('download'), byTestId(page, 'design-export-joint-bundle').click()]);
  expect(bundle.suggestedFilename()).toMatch(/designed-joint-builtin_gan-generator-class1/);

  // 3. Classifier guidance through the unet-mlp.
  await byTestId(page, 'design-backboneId').selectOption(unetMlp);
  await setMethods(page, { activation: false, joint: false, guidance: true });
  await fill(page, { guidanceScale: '2', guidanceSteps: '5' });
  await byTestId(page, 'design-button').click();
  await waitForStatus(page, 'done');
  report = await downloadReport(page);
  expect(report.methods.map((m) => m.method)).toEqual(['guidance']);
  await expectRowMatches(page, report, 'guidance');
  expect(report.settings.guidance.scale).toBe(2);

  await page.mouse.move(0, 0);
  await byTestId(page, 'design-card').screenshot({ path: 'e2e/screenshots/design-1366.png', animations: 'disabled' });
  expect(workbench.consoleErrors).toEqual([]);
});
