// The Memorisation card in real Chromium (seed 003 §4.2): a field refusal, a shipped demo pair loaded
// from the card (n50-a · n50-b, models/demo/memorisation), the test run from the same seeds, and every
// summary number shown equal to what `gdw memorisation` reports on the same pair, bundle and settings
// (the demo cohort encoded as the app encodes it: the same codec). The figure draws both panels and the
// report downloads as JSON. Zero console errors; a screenshot of the card to look at.
import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkbenchPage } from './pages/workbench';

const pairs = 40;
const steps = 10;
const seed = 1;

/** `gdw memorisation` on the demo bundle (gdw encode of the demo cohort, as the app encodes it at first open). */
function cliReport(dir: string) {
  const gdw = (args: string[]) => execFileSync(process.execPath, ['bin/gdw.mjs', ...args], { stdio: 'pipe' });
  const cohort = 'public/demo/cohort';
  gdw(['encode', '--vcf', `${cohort}/cohort.vcf.gz`, '--genes', `${cohort}/genes.bed`, '--pheno', `${cohort}/phenotype.tsv`, '--seed', '1', '--pad', '128',
    '--out', join(dir, 'bundle')]);
  const out = join(dir, 'report.json');
  gdw(['memorisation', '--bundle', join(dir, 'bundle'), '--backbone', 'n50-a.onnx=models/demo/memorisation/n50-a.onnx',
    '--backbone', 'n50-b.onnx=models/demo/memorisation/n50-b.onnx', '--n', String(pairs), '--steps', String(steps), '--seed', String(seed), '--out', out]);
  return JSON.parse(readFileSync(out, 'utf8')) as {
    summary: Record<'sameSeed', Record<string, number>> & Record<'a' | 'b', Record<'toTrain' | 'holdoutToTrain', Record<string, number>>> & { shareGeneralising: number };
    trainingOverlap: number;
  };
}

test('runs the memorisation test on a shipped demo pair and shows gdw memorisation\'s numbers', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'gdw-e2e-memorisation-'));
  try {
    const cli = cliReport(dir);
    const workbench = new WorkbenchPage(page);
    await workbench.open('/');
    await workbench.data.waitForEncode();
    const card = page.getByTestId('memorisation-card');

    // 1. Refused at the field: fewer than two pairs.
    await card.getByTestId('memorisation-count').fill('1');
    await expect(card.getByTestId('memorisation-count-error')).toContainText("Same-seed pairs = '1'; expected a whole number from 2");
    await expect(card.getByTestId('memorisation-run')).toBeDisabled();

    // 2. The demo pair, loaded from the card, then the settings.
    await card.getByTestId('memorisation-demo-pair').selectOption('n50');
    await card.getByTestId('memorisation-demo-load').click();
    await expect(card.getByTestId('memorisation-backboneA').locator('option:checked')).toHaveText('n50-a.onnx', { timeout: 90_000 });
    await expect(card.getByTestId('memorisation-backboneB').locator('option:checked')).toHaveText('n50-b.onnx');
    await card.getByTestId('memorisation-count').fill(String(pairs));
    await card.getByTestId('memorisation-steps').fill(String(steps));
    await card.getByTestId('memorisation-seed').fill(String(seed));
    await card.getByTestId('memorisation-run').click();
    const status = card.getByTestId('memorisation-status');
    await expect(status).not.toHaveAttribute('data-status', /running|idle/, { timeout: 120_000 });
    expect(`${await status.getAttribute('data-status')} ${(await card.getByTestId('memorisation-errors-item').allTextContents()).join(' | ')}`.trim()).toBe('done');

    // 3. Every summary number is the CLI's (float32 inference on two ONNX Runtime builds: 1e-6), shown to 3 decimals.
    const rows: [string, Record<string, number>][] = [
      ['memorisation-same-seed', cli.summary.sameSeed], ['memorisation-a-train', cli.summary.a.toTrain], ['memorisation-b-train', cli.summary.b.toTrain],
      ['memorisation-a-holdout', cli.summary.a.holdoutToTrain], ['memorisation-b-holdout', cli.summary.b.holdoutToTrain],
    ];
    for (const [testId, expected] of rows) {
      const row = card.getByTestId(testId);
      const mean = Number(await row.getAttribute('data-mean'));
      expect(Math.abs(mean - expected.mean), testId).toBeLessThan(1e-6);
      expect(Math.abs(Number(await row.getAttribute('data-median')) - expected.median), testId).toBeLessThan(1e-6);
      expect(Number(await row.getAttribute('data-share')), testId).toBe(expected.shareAtLeastThreshold);
      await expect(row.locator('td').first()).toHaveText(mean.toFixed(3));
    }
    expect(Math.abs(Number(await card.getByTestId('memorisation-generalising').getAttribute('data-value')) - cli.summary.shareGeneralising)).toBeLessThan(1e-9);
    await expect(card.getByTestId('memorisation-summary-line')).toContainText(`(50 training rows) vs n50-b.onnx (50), overlap ${cli.trainingOverlap} rows; ${pairs} same-seed pairs`);

    // 4. The figure: the same-seed bars and four closest-training lines; the report downloads.
    const figure = card.getByTestId('memorisation-figure').locator('.js-plotly-plot');
    await expect(figure).toBeVisible();
    expect(await figure.evaluate((div) => (div as unknown as { data: { type: string }[] }).data.map((t) => t.type))).toEqual(['bar', 'scatter', 'scatter', 'scatter', 'scatter']);
    const [download] = await Promise.all([page.waitForEvent('download'), card.getByTestId('memorisation-download-json').click()]);
    const saved = JSON.parse(readFileSync(await download.path(), 'utf8')) as { format: string; summary: { sameSeed: { mean: number } } };
    expect(saved.format).toBe('gdw-memorisation-report');
    expect(Math.abs(saved.summary.sameSeed.mean - cli.summary.sameSeed.mean)).toBeLessThan(1e-6);

    await page.mouse.move(0, 0);
    await card.screenshot({ path: 'e2e/screenshots/memorisation-1366.png', animations: 'disabled' });
    expect(workbench.consoleErrors).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
