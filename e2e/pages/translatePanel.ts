// Page object for the Translate panel: its form, Translate / Cancel, and the report's numbers read
// back from their data-value attributes (the full-precision numbers the page shows rounded).
import { expect, type Locator, type Page } from '@playwright/test';

export interface TranslateOptions {
  backboneId: string;
  source: number;
  target: number;
  depth: string;
  steps: number;
  refine: number;
  maxSamples: number;
  seed: number;
  classifierEpochs: number;
}

/** A shown value: its rounded text and the number behind it with its interval. */
export interface ShownValue {
  text: string;
  value: number;
  lower: number;
  upper: number;
}

export class TranslatePanelPage {
  constructor(readonly page: Page) {}

  byTestId(id: string): Locator {
    return this.page.getByTestId(id);
  }

  async fill(options: TranslateOptions): Promise<void> {
    await this.byTestId('translate-backboneId').selectOption(options.backboneId);
    await this.byTestId('translate-sourceClass').selectOption(String(options.source));
    await this.byTestId('translate-targetClass').selectOption(String(options.target));
    await this.byTestId('translate-depth').fill(options.depth);
    await this.byTestId('translate-steps').fill(String(options.steps));
    await this.byTestId('translate-refine').fill(String(options.refine));
    await this.byTestId('translate-maxSamples').fill(String(options.maxSamples));
    await this.byTestId('translate-seed').fill(String(options.seed));
    await this.byTestId('translate-classifierEpochs').fill(String(options.classifierEpochs));
  }

  async loadTruth(path: string): Promise<void> {
    await this.byTestId('translate-truth-input').setInputFiles(path);
  }

  /** Waits for the run to end, then expects `status`; a failure names the card's error. */
  async waitForStatus(status: 'done' | 'cancelled' | 'failed', timeoutMs = 180_000): Promise<void> {
    const line = this.byTestId('translate-status');
    await expect(line).not.toHaveAttribute('data-status', /running|idle/, { timeout: timeoutMs });
    const shown = await line.getAttribute('data-status');
    const errors = await this.byTestId('translate-errors-item').allTextContents();
    expect(`${shown} ${errors.join(' | ')}`.trim()).toBe(status);
  }

  async value(testId: string): Promise<ShownValue> {
    const at = this.byTestId(testId);
    const number = async (name: string) => Number(await at.getAttribute(name));
    return { text: (await at.locator('strong').textContent()) ?? '', value: await number('data-value'), lower: await number('data-lower'), upper: await number('data-upper') };
  }

  /** Points drawn in the change-map figure, over all its traces. */
  async manhattanPoints(): Promise<number> {
    return this.byTestId('translate-manhattan').locator('.js-plotly-plot').evaluate((div) =>
      (div as unknown as { data: { x: unknown[] }[] }).data.reduce((n, trace) => n + trace.x.length, 0));
  }
}
