// Page object for the evaluation report card of the Compare panel: the file input, the summary,
// the comparison tables (one per id of core/report/tables.ts), their CSV buttons and the
// reconstruction figure, by data-testid.
import { readFile } from 'node:fs/promises';
import type { Locator, Page } from '@playwright/test';

export class ReportCardPage {
  constructor(readonly page: Page) {}

  byTestId(id: string): Locator {
    return this.page.getByTestId(id);
  }

  get card(): Locator {
    return this.byTestId('report-card');
  }

  /** A comparison table by its id: 'tstr', 'recovery', 'nn-test', 'nnaa', 'privacy'. */
  table(id: string): Locator {
    return this.byTestId(`report-table-${id}`);
  }

  tableRows(id: string): Locator {
    return this.table(id).getByTestId('report-table-row');
  }

  /** The cell of a column (its key in the CSV header) in one row. */
  cell(id: string, rowIndex: number, columnKey: string): Locator {
    return this.tableRows(id).nth(rowIndex).locator(`td[data-column="${columnKey}"]`);
  }

  tableCaption(id: string): Locator {
    return this.byTestId(`report-table-caption-${id}`);
  }

  csvButton(id: string): Locator {
    return this.byTestId(`report-table-csv-${id}`);
  }

  /** Clicks a table's CSV button; the downloaded file's name and text. */
  async downloadCsv(id: string): Promise<{ fileName: string; text: string }> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.csvButton(id).click()]);
    return { fileName: download.suggestedFilename(), text: await readFile(await download.path(), 'utf8') };
  }

  get figure(): Locator {
    return this.byTestId('report-figure');
  }

  /** Uploads a file made in the test (no file on disk). */
  async upload(name: string, text: string): Promise<void> {
    await this.byTestId('report-input').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text, 'utf8') });
  }
}
