// Page object for the evaluation report card of the Compare panel: the file input, the summary,
// the metrics and TSTR tables and the reconstruction figure, by data-testid.
import type { Locator, Page } from '@playwright/test';

export class ReportCardPage {
  constructor(readonly page: Page) {}

  byTestId(id: string): Locator {
    return this.page.getByTestId(id);
  }

  get card(): Locator {
    return this.byTestId('report-card');
  }

  get metricsRows(): Locator {
    return this.byTestId('report-metrics-table').getByTestId('report-metrics-row');
  }

  get figure(): Locator {
    return this.byTestId('report-figure');
  }

  /** Uploads a file made in the test (no file on disk). */
  async upload(name: string, text: string): Promise<void> {
    await this.byTestId('report-input').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text, 'utf8') });
  }
}
