// Page object for the Classifiers card of the Compare panel: the form, Train and Cancel, the
// run's status, the live curves and the results table, read back by data-testid.
import { expect, type Locator, type Page } from '@playwright/test';

export interface ClassifierOptions {
  kind: 'mlp' | 'cnn' | 'transformer';
  epochs: number;
  seed: number;
}

/** A metric's estimate and bootstrap interval as the table carries them. */
export interface ShownInterval {
  estimate: number;
  lower: number;
  upper: number;
}

export class ClassifierCardPage {
  constructor(readonly page: Page) {}

  byTestId(id: string): Locator {
    return this.page.getByTestId(id);
  }

  get card(): Locator {
    return this.byTestId('classifier-card');
  }

  get trainButton(): Locator {
    return this.byTestId('classifier-train');
  }

  get status(): Locator {
    return this.byTestId('classifier-status');
  }

  get curves(): Locator {
    return this.byTestId('classifier-curves');
  }

  async fill(options: ClassifierOptions): Promise<void> {
    await this.byTestId('classifier-kind').selectOption(options.kind);
    await this.byTestId('classifier-epochs').fill(String(options.epochs));
    await this.byTestId('classifier-seed').fill(String(options.seed));
  }

  async train(): Promise<void> {
    await this.trainButton.click();
  }

  async cancel(): Promise<void> {
    await this.byTestId('classifier-cancel').click();
  }

  async waitForStatus(status: 'running' | 'done' | 'cancelled' | 'failed', timeoutMs = 150_000): Promise<void> {
    await expect(this.status).toHaveAttribute('data-status', status, { timeout: timeoutMs });
  }

  /** Waits until a run is going and has put an epoch on the curves: they stream, not arrive at the end. */
  async waitForLiveEpoch(timeoutMs = 120_000): Promise<void> {
    await expect.poll(async () => (await this.status.getAttribute('data-status')) === 'running' && (await this.epochsPlotted()) >= 1,
      { intervals: [100], timeout: timeoutMs }).toBe(true);
  }

  /** Epochs on the curves so far (the figure's data-epochs). */
  async epochsPlotted(): Promise<number> {
    return Number(await this.curves.getAttribute('data-epochs'));
  }

  /** The y values of each curve as plotted, by trace name and panel: 'train loss', 'validation accuracy' … */
  async plottedCurves(): Promise<Record<string, number[]>> {
    return this.curves.locator('.js-plotly-plot').evaluate((plot) => {
      const traces = (plot as unknown as { data: { name: string; yaxis: string; y: number[] }[] }).data;
      return Object.fromEntries(traces.map((t) => [`${t.name} ${t.yaxis === 'y' ? 'loss' : 'accuracy'}`, Array.from(t.y)]));
    });
  }

  async metric(name: 'accuracy' | 'balancedAccuracy' | 'auc' | 'f1'): Promise<ShownInterval> {
    const row = this.byTestId(`classifier-metric-${name}`);
    const read = async (attribute: string): Promise<number> => Number(await row.getAttribute(attribute));
    return { estimate: await read('data-estimate'), lower: await read('data-lower'), upper: await read('data-upper') };
  }

  async backend(): Promise<string> {
    return ((await this.byTestId('classifier-backend').textContent()) ?? '').trim();
  }
}
