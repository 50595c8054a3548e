// Page object for the workbench shell: every locator the e2e tests use, by data-testid, plus
// a record of console errors and of requests that leave the page's origin.
import { expect, type Locator, type Page } from '@playwright/test';
import { DataPanelPage } from './dataPanel';

export interface GenerateOptions {
  sampler: 'ddim' | 'ddpm';
  count: number;
  steps?: number;
  eta?: number;
  seed: number;
  batchSize: number;
}

export class WorkbenchPage {
  /** console.error and uncaught exceptions, from the page and its workers. */
  readonly consoleErrors: string[] = [];
  /** URLs of requests whose origin is not the page's (data: URLs never leave the page and are not counted). */
  readonly offOriginRequests: string[] = [];

  /** The Data panel: files, load report, encoding. */
  readonly data: DataPanelPage;

  constructor(readonly page: Page) {
    this.data = new DataPanelPage(page);
  }

  byTestId(id: string): Locator {
    return this.page.getByTestId(id);
  }

  /** Opens the app; `?test-hooks=1` adds window.__gdwTest (src/app/testHooks.ts). */
  async open(path = '/'): Promise<void> {
    const { page } = this;
    const record = (where: string) => (msg: { type(): string; text(): string }) => {
      if (msg.type() === 'error') this.consoleErrors.push(`${where}: ${msg.text()}`);
    };
    page.on('console', record('page'));
    page.on('worker', (worker) => worker.on('console', record(`worker ${worker.url()}`)));
    page.on('pageerror', (err) => this.consoleErrors.push(`uncaught: ${err.message}`));
    page.context().on('request', (request) => {
      const url = request.url();
      if (url.startsWith('data:')) return;
      const pageOrigin = new URL(page.url() === 'about:blank' ? url : page.url()).origin;
      if (new URL(url).origin !== pageOrigin) this.offOriginRequests.push(url);
    });
    await page.goto(path);
    await expect(this.byTestId('panel-generate')).toBeVisible();
  }

  capability(name: 'webgpu' | 'f16' | 'isolation' | 'threads' | 'ep'): Locator {
    return this.byTestId(`capability-${name}`);
  }

  async waitForBackbone(executionProvider: 'webgpu' | 'wasm', timeoutMs = 90_000): Promise<void> {
    await expect(this.byTestId('backbone-ep')).toHaveText(executionProvider, { timeout: timeoutMs });
  }

  async fillGenerate(options: GenerateOptions): Promise<void> {
    await this.byTestId('generate-sampler').selectOption(options.sampler);
    await this.byTestId('generate-count').fill(String(options.count));
    if (options.sampler === 'ddim') {
      await this.byTestId('generate-steps').fill(String(options.steps ?? 50));
      await this.byTestId('generate-eta').fill(String(options.eta ?? 0));
    }
    await this.byTestId('generate-seed').fill(String(options.seed));
    await this.byTestId('generate-batchSize').fill(String(options.batchSize));
  }

  async clickGenerate(): Promise<void> {
    await this.byTestId('generate-button').click();
  }

  async cancel(): Promise<void> {
    await this.byTestId('cancel-button').click();
  }

  get status(): Locator {
    return this.byTestId('generate-status');
  }

  async waitForStatus(status: 'done' | 'cancelled' | 'running' | 'failed', timeoutMs = 120_000): Promise<void> {
    await expect(this.status).toHaveAttribute('data-status', status, { timeout: timeoutMs });
  }

  /** Steps done so far by the running generation (0 when none runs). */
  async stepsDone(): Promise<number> {
    return Number(await this.byTestId('generate-progress').getAttribute('data-steps-done'));
  }

  /** A number of the moment-check table, as displayed. */
  async moment(testId: string): Promise<number> {
    const text = (await this.byTestId(testId).textContent()) ?? '';
    const value = Number(text.trim());
    if (!Number.isFinite(value)) throw new Error(`${testId} reads '${text}', not a number`);
    return value;
  }

  /** Clicks a modebar button of a figure and returns the suggested file name of the download. */
  async downloadFigure(figureTestId: string, buttonName: string): Promise<string> {
    const figure = this.byTestId(figureTestId);
    await figure.hover();
    const [download] = await Promise.all([
      this.page.waitForEvent('download'),
      figure.getByRole('button', { name: buttonName }).click(),
    ]);
    return download.suggestedFilename();
  }

  get errorItems(): Locator {
    return this.byTestId('error-item');
  }

  /** Resizes the window and waits until every plotly figure has re-laid out to its new box. */
  async resize(width: number, height: number): Promise<void> {
    await this.page.setViewportSize({ width, height });
    // Every figure on show has redrawn to its box; one not laid out (display: none, e.g. in print) has no box to fit.
    await expect.poll(() => this.page.locator('.figure').evaluateAll((figures) => figures.every((figure) => {
      const box = figure.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) return true;
      const svg = figure.querySelector('.main-svg');
      return svg !== null && Math.abs(svg.getBoundingClientRect().width - box.width) <= 1;
    }))).toBe(true);
  }

  /**
   * What the session database of this browser holds now (null before the first save): whether the
   * record has a comparison, the backbone ids of the stored sets, and each backbone's Generate steps as typed.
   */
  async storedSession(): Promise<{ comparison: boolean; setIds: string[]; steps: Record<string, string> } | null> {
    return this.page.evaluate(async () => {
      // Opening a database that does not exist would create it empty, under the app's version.
      if (!(await indexedDB.databases()).some((d) => d.name === 'gdw-workbench')) return null;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open('gdw-workbench');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const tx = db.transaction(['session', 'sets'], 'readonly');
      const record = tx.objectStore('session').get('current');
      const keys = tx.objectStore('sets').getAllKeys();
      await new Promise((resolve, reject) => {
        tx.oncomplete = resolve;
        tx.onerror = () => reject(tx.error);
      });
      db.close();
      const snapshot = record.result?.snapshot as { evaluationReport: unknown; settingsByBackbone: Record<string, { steps: unknown }> } | undefined;
      return snapshot ? {
        comparison: snapshot.evaluationReport !== null,
        setIds: (keys.result as string[]).slice().sort(),
        steps: Object.fromEntries(Object.entries(snapshot.settingsByBackbone).map(([id, settings]) => [id, String(settings.steps)])),
      } : null;
    });
  }

  async screenshot(path: string, fullPage = true): Promise<void> {
    // 'disabled' finishes CSS transitions (the progress bars' width) before the capture.
    await this.page.screenshot({ path, fullPage, animations: 'disabled' });
  }
}
