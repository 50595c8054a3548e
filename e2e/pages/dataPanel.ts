// Page object for the Data panel: loading files (picker or drop), the load report and the
// encode summary, read back by data-testid.
import { expect, type Locator, type Page } from '@playwright/test';

export interface FilePayload {
  name: string;
  buffer: Buffer;
}

export class DataPanelPage {
  constructor(readonly page: Page) {}

  byTestId(id: string): Locator {
    return this.page.getByTestId(id);
  }

  get loadStatus(): Locator {
    return this.byTestId('data-load-status');
  }

  get encodeStatus(): Locator {
    return this.byTestId('data-encode-status');
  }

  /** Waits until the last load job has ended with `status` (done, failed, cancelled). */
  async waitForLoad(status: 'done' | 'failed' | 'cancelled', timeoutMs = 90_000): Promise<void> {
    await expect(this.loadStatus).toHaveAttribute('data-status', status, { timeout: timeoutMs });
  }

  async waitForEncode(timeoutMs = 120_000): Promise<void> {
    await expect(this.encodeStatus).toHaveAttribute('data-status', 'done', { timeout: timeoutMs });
  }

  /** A number as the panel shows it ("2,082" reads as 2082). */
  async number(testId: string): Promise<number> {
    const text = (await this.byTestId(testId).textContent()) ?? '';
    const value = Number(text.replace(/,/g, '').trim());
    if (!Number.isFinite(value)) throw new Error(`${testId} reads '${text}', not a number`);
    return value;
  }

  /** The role each listed file was given, in order. */
  async fileRoles(): Promise<string[]> {
    return this.byTestId('data-file-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-role') ?? ''));
  }

  /** Loads files through the file picker. */
  async pickFiles(files: FilePayload[]): Promise<void> {
    await this.byTestId('data-file-input').setInputFiles(files.map((f) => ({ name: f.name, mimeType: 'application/octet-stream', buffer: f.buffer })));
  }

  /** Loads files by dropping them on the drop area, as a drag from the desktop would. */
  async dropFiles(files: FilePayload[]): Promise<void> {
    const payload = files.map((f) => ({ name: f.name, bytes: Array.from(f.buffer) }));
    const dataTransfer = await this.page.evaluateHandle((items) => {
      const transfer = new DataTransfer();
      for (const item of items) transfer.items.add(new File([new Uint8Array(item.bytes)], item.name));
      return transfer;
    }, payload);
    await this.byTestId('data-dropzone').dispatchEvent('drop', { dataTransfer });
  }

  async encode(): Promise<void> {
    await this.byTestId('encode-button').click();
  }

  /** Clicks "Download bundle (.zip)" and returns the download's suggested name and saved path. */
  async downloadBundle(): Promise<{ fileName: string; path: string }> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.byTestId('bundle-button').click()]);
    return { fileName: download.suggestedFilename(), path: await download.path() };
  }
}
