// Page object for the Backbones panel: the built-in list with Load / Unload, the loaded
// backbones' cards, the loss-curve figure and its controls, read back by data-testid.
import { expect, type Locator, type Page } from '@playwright/test';

export type BackboneRowStatus = 'idle' | 'loading' | 'loaded' | 'failed';

export class BackbonesPanelPage {
  constructor(readonly page: Page) {}

  byTestId(id: string): Locator {
    return this.page.getByTestId(id);
  }

  get rows(): Locator {
    return this.byTestId('builtin-backbone');
  }

  /** The list row of one built-in backbone, by id: 'builtin:transformer'. */
  row(id: string): Locator {
    return this.page.locator(`[data-testid="builtin-backbone"][data-backbone-id="${id}"]`);
  }

  /** The model card of a loaded backbone. */
  card(id: string): Locator {
    return this.page.locator(`[data-testid="backbone-card"][data-backbone-id="${id}"]`);
  }

  async rowIds(): Promise<string[]> {
    return this.rows.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-backbone-id') ?? ''));
  }

  async waitForRow(id: string, status: BackboneRowStatus, timeoutMs = 90_000): Promise<void> {
    await expect(this.row(id)).toHaveAttribute('data-status', status, { timeout: timeoutMs });
  }

  async load(id: string): Promise<void> {
    await this.row(id).getByTestId('builtin-load').click();
  }

  async unload(id: string): Promise<void> {
    await this.row(id).getByTestId('builtin-unload').click();
  }

  get lossCurves(): Locator {
    return this.byTestId('loss-curves');
  }

  /** Lines plotly has drawn (traces hidden through the legend are not drawn). */
  drawnTraces(): Locator {
    return this.lossCurves.locator('.scatterlayer .trace');
  }

  legendItems(): Locator {
    return this.lossCurves.locator('.legend .traces');
  }

  async setSmoothing(weight: number): Promise<void> {
    await this.byTestId('loss-smoothing').fill(String(weight));
  }
}
