// The Chromium side of bench/scale.mjs: the app itself (built with its own Vite config, served by
// `vite preview`, driven through playwright-core by data-testid as e2e/ does) loads the smallest
// ladder bundle as a zip, loads the two backbones, generates n from each, and optionally runs the
// Compare panel's Evaluate. The memory of every Chromium process (browser, renderer with its
// workers, GPU, utility) is sampled from /proc: summed RSS (shared pages counted once per process,
// so an upper bound) and summed PSS (shared pages split between processes: the tab's real share),
// with the peak of each per stage.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { clearInterval, setInterval, setTimeout } from 'node:timers';
import { chromium } from 'playwright-core';
import { build, preview } from 'vite';
import { PYTHON, ROOT, count, mib, row, seconds } from './common.mjs';
import { descendantCpuSeconds } from './processTree.mjs';

const VITE_CONFIG = join(ROOT, 'vite.config.ts');
/** playwright.config.ts' switches minus WebGPU/Vulkan: without a GPU the app then runs ORT on WASM, as on a CPU-only laptop. */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const KiB = 1024;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, 'localhost', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** pid → parent pid, for every process. */
function parents() {
  const table = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      table.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // exited meanwhile
    }
  }
  return table;
}

/** Chromium's processes: this process's descendants whose command names Chromium (not esbuild's service). */
function chromiumProcesses() {
  const table = parents();
  const tree = [process.pid];
  for (let i = 0; i < tree.length; i++) for (const [pid, ppid] of table) if (ppid === tree[i]) tree.push(pid);
  return tree.slice(1).filter((pid) => {
    try {
      return /chrom/i.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
    } catch {
      return false;
    }
  });
}

/** RSS and PSS (bytes) of one process and its Chromium --type; null once it is gone. */
function memoryOf(pid) {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(rollup)?.[1] ?? 0) * KiB;
    const type = /--type=([\w-]+)/.exec(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' '))?.[1] ?? 'browser';
    return { pid, type, rssBytes: kb('Rss'), pssBytes: kb('Pss') };
  } catch {
    return null;
  }
}

/** Samples Chromium's summed RSS and PSS every `intervalMs`; `stage(name)` starts a new stage. */
function createSampler(intervalMs = 1000) {
  const stages = [];
  let current = null;
  const sample = () => {
    const processes = chromiumProcesses().map(memoryOf).filter(Boolean);
    const rss = processes.reduce((a, p) => a + p.rssBytes, 0);
    const pss = processes.reduce((a, p) => a + p.pssBytes, 0);
    if (current && pss > current.peakPssBytes) {
      current.peakPssBytes = pss;
      current.atPeak = processes.sort((a, b) => b.pssBytes - a.pssBytes).slice(0, 3).map(({ type, pssBytes }) => ({ type, pssBytes }));
    }
    if (current) current.peakRssBytes = Math.max(current.peakRssBytes, rss);
  };
  const timer = setInterval(sample, intervalMs);
  const end = () => {
    if (!current) return;
    sample();
    current.wallSeconds = (performance.now() - current.started) / 1000;
    current.cpuSeconds = descendantCpuSeconds() - current.startCpu;
    delete current.started;
    delete current.startCpu;
    stages.push(current);
  };
  return {
    stages,
    /** Ends the stage, then runs `measure` outside any stage and attaches its answer to the stage that ended. */
    async between(measure) {
      end();
      current = null;
      const answer = await measure();
      if (stages.length > 0) stages[stages.length - 1].userAgentMemory = answer;
    },
    stage(name) {
      end();
      console.log(`  [chromium] ${name}`);
      current = { label: name, started: performance.now(), startCpu: descendantCpuSeconds(), peakRssBytes: 0, peakPssBytes: 0, atPeak: [] };
      sample();
    },
    stop() {
      end();
      clearInterval(timer);
    },
  };
}

/** The bundle folder as a stored (uncompressed) zip, as the app's Download bundle writes it. */
function zipBundle(bundle, zipPath) {
  const script = 'import os, sys, zipfile\nd, out = sys.argv[1], sys.argv[2]\n'
    + 'with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED, allowZip64=True) as z:\n'
    + '    for n in sorted(os.listdir(d)): z.write(os.path.join(d, n), n)\n';
  const result = spawnSync(PYTHON, ['-c', script, bundle, zipPath], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`zipping the bundle failed: ${result.stderr}`);
}

/**
 * What the page's own realms hold after a step, by realm (the window and each worker, named by
 * its script), from performance.measureUserAgentSpecificMemory() (cross-origin isolated pages
 * only; it waits for a garbage collection, so it can take seconds). JS heaps, ArrayBuffers and
 * WASM memories are included; the GPU process and Chromium's own caches are not.
 */
async function userAgentMemory(page) {
  return page.evaluate(async () => {
    if (!('measureUserAgentSpecificMemory' in performance)) return null;
    const { bytes, breakdown } = await performance.measureUserAgentSpecificMemory();
    const byRealm = {};
    for (const entry of breakdown) {
      const names = entry.attribution.length === 0 ? ['(shared or unattributed)']
        : entry.attribution.map((a) => `${a.scope ?? '?'} ${(a.url ?? '').replace(/^.*\//, '').replace(/-[\w-]{8}\.js$/, '.js')}`);
      for (const name of names) byRealm[name] = (byRealm[name] ?? 0) + entry.bytes / names.length;
    }
    return { bytes, byRealm };
  }).catch((err) => ({ error: err.message }));
}

/** The app's user-flow in the page, each step a stage. */
async function drive(page, sampler, { zipPath, cohortFiles, models, options, timeoutMs }) {
  const byTestId = (id) => page.getByTestId(id);
  const waitAttr = (locator, name, value) => expectAttribute(locator, name, value, timeoutMs);
  // 1. The app opens with the demo cohort and encodes it.
  sampler.stage('open the app (demo cohort loads and encodes)');
  await page.goto('/');
  await waitAttr(byTestId('data-encode-status'), 'data-status', 'done');
  await sampler.between(() => userAgentMemory(page));
  if (cohortFiles) {
    // 2. The rung's PLINK fileset, gene map and phenotypes through the file picker, encoded in the
    //    tab as `gdw encode --pad 18432 --seed S` does (the backbones were annotated with that codec).
    sampler.stage(`load the PLINK fileset (${mib(cohortFiles.reduce((sum, f) => sum + statSync(f).size, 0))})`);
    await byTestId('data-file-input').setInputFiles(cohortFiles);
    await waitAttr(byTestId('data-load-status'), 'data-status', 'done');
    await sampler.between(() => userAgentMemory(page));
    sampler.stage('encode in the tab (G = 18,432)');
    await byTestId('encode-geneSlots').fill('18432');
    await byTestId('encode-splitSeed').fill(String(options.seed));
    await byTestId('encode-button').click();
    await page.waitForFunction(() => globalThis.document.querySelector('[data-testid="encode-source"]')?.getAttribute('data-source') === 'genotypes'
      && globalThis.document.querySelector('[data-testid="data-encode-status"]')?.getAttribute('data-status') === 'done', null, { timeout: timeoutMs, polling: 1000 });
    await sampler.between(() => userAgentMemory(page));
  } else {
    // 2. The ladder's smallest bundle, as a zip through the file picker.
    sampler.stage(`load the bundle zip (${mib(statSync(zipPath).size)})`);
    await byTestId('data-file-input').setInputFiles(zipPath);
    await waitAttr(byTestId('data-load-status'), 'data-status', 'done');
    await waitAttr(byTestId('encode-source'), 'data-source', 'bundle');
    await sampler.between(() => userAgentMemory(page));
  }
  // 3. Both backbones, each in its own worker.
  sampler.stage('load both backbones');
  await byTestId('backbone-file-input').setInputFiles(Object.values(models));
  const rows = page.locator('[data-testid^="user-backbone-file:"]');
  await page.waitForFunction(() => {
    const r = [...globalThis.document.querySelectorAll('[data-testid^="user-backbone-file:"]')];
    return r.length === 2 && r.every((e) => e.getAttribute('data-status') === 'loaded');
  }, null, { timeout: timeoutMs, polling: 500 });
  const ids = await rows.evaluateAll((r) => r.map((e) => e.getAttribute('data-backbone-id')));
  const ep = await byTestId('backbone-ep').first().textContent({ timeout: 10_000 }).catch(() => null);
  await sampler.between(() => userAgentMemory(page));
  // 4. n from each, one after the other.
  sampler.stage(`generate ${count(options.n)} from each (DDIM-${options.steps})`);
  for (const id of ids) {
    await byTestId('generate-backbone').selectOption(id);
    await byTestId('generate-sampler').selectOption('ddim');
    await byTestId('generate-count').fill(String(options.n));
    await byTestId('generate-steps').fill(String(options.steps));
    await byTestId('generate-batchSize').fill(String(options.batch));
  }
  await byTestId('generate-all-button').click();
  for (const id of ids) await expectAttribute(byTestId(`generation-run-${id}`), 'data-state', 'generated', timeoutMs);
  await sampler.between(() => userAgentMemory(page));
  // 5. The Compare panel's Evaluate, when asked: the same pipeline as gdw evaluate.
  if (options.browserEvaluate) {
    sampler.stage('evaluate (Compare panel)');
    // The app asks for at least 2 noise levels (the CLI takes 1).
    const levels = Math.max(2, options.levels);
    for (const [field, value] of [['umapPoints', options.umapPoints], ['bootstrapResamples', options.bootstrap], ['levels', levels], ['tstrEpochs', options.tstrEpochs]]) {
      await byTestId(`compare-${field}`).fill(String(value));
    }
    await byTestId('compare-evaluate').click();
    // Each step of the pipeline as the page names it ("generating the TSTR set of …", "metrics of …") is a stage of its own.
    const started = performance.now();
    for (let step = null; ;) {
      const status = await byTestId('compare-status').first().getAttribute('data-status').catch(() => null);
      if (status === 'done' || status === 'failed' || status === 'cancelled') break;
      const text = (await byTestId('compare-status').first().textContent().catch(() => '')) ?? '';
      const now = status === 'running' ? text.split('…')[0].trim() : null;
      if (now && now !== step) {
        step = now;
        sampler.stage(`evaluate: ${step}`);
      }
      if (performance.now() - started > timeoutMs) throw new Error(`the evaluation did not end within ${timeoutMs / 1000} s (at ${step})`);
      await new Promise((r) => setTimeout(r, 1000));
    }
    await expectAttribute(byTestId('compare-status'), 'data-status', 'done', 1000);
  }
  await sampler.between(() => userAgentMemory(page));
  sampler.stop();
  return { ids, executionProvider: ep };
}

async function expectAttribute(locator, name, value, timeoutMs) {
  const started = performance.now();
  for (;;) {
    const found = await locator.first().getAttribute(name, { timeout: timeoutMs }).catch(() => null);
    if (found === value) return;
    if (performance.now() - started > timeoutMs) throw new Error(`${name} is '${found}', expected '${value}' after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

export async function runBrowser({ bundle, cohortDir, models, samples, options, scratch }) {
  const executablePath = process.env.GDW_CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    console.log(`\nChromium: skipped, ${executablePath} is missing (scripts/setup.mjs installs Debian's chromium)`);
    return { skipped: `${executablePath} missing` };
  }
  const dir = join(scratch, 'browser');
  mkdirSync(dir, { recursive: true });
  const zipPath = join(dir, `scale-N${samples}-bundle.zip`);
  const cohortFiles = options.browserEncode ? ['cohort.bed', 'cohort.bim', 'cohort.fam', 'genes.bed', 'phenotype.tsv'].map((f) => join(cohortDir, f)) : null;
  if (!cohortFiles) zipBundle(bundle, zipPath);
  const siteDir = join(dir, 'site');
  const built = performance.now();
  await build({ configFile: VITE_CONFIG, root: ROOT, logLevel: 'warn', build: { outDir: siteDir, emptyOutDir: true } });
  const buildSeconds = (performance.now() - built) / 1000;
  const port = await freePort();
  const server = await preview({ configFile: VITE_CONFIG, root: ROOT, logLevel: 'warn', build: { outDir: siteDir }, preview: { port, strictPort: true } });
  // A persistent profile on disk, as a user's: an off-the-record context (what browser.newContext()
  // makes) keeps OPFS and IndexedDB in the browser process's memory, under a small quota.
  const browser = await chromium.launchPersistentContext(join(dir, 'profile'), {
    executablePath, args: CHROMIUM_ARGS, headless: true, baseURL: server.resolvedUrls.local[0], viewport: { width: 1366, height: 768 },
  });
  const errors = [];
  try {
    const page = browser.pages()[0] ?? await browser.newPage();
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    const sampler = createSampler();
    const outcome = await drive(page, sampler, { zipPath, cohortFiles, models, options, timeoutMs: options.browserTimeoutMs ?? 1_800_000 }).catch(async (err) => {
      sampler.stop();
      // What the page showed: its error list and a screenshot in the scratch folder (kept with --keep).
      const shown = await page.getByTestId('error-item').allTextContents().catch(() => []);
      await page.screenshot({ path: join(dir, 'failed.png'), fullPage: true }).catch(() => undefined);
      return { failed: `${err.message}${shown.length > 0 ? `; the page shows: ${shown.join(' | ')}` : ''}` };
    });
    const result = { samples, buildSeconds, ...outcome, stages: sampler.stages, errors, args: CHROMIUM_ARGS };
    result.peakPssBytes = Math.max(...result.stages.map((s) => s.peakPssBytes));
    result.peakRssBytes = Math.max(...result.stages.map((s) => s.peakRssBytes));
    printBrowser(result);
    return result;
  } finally {
    await browser.close();
    await server.close();
  }
}

function printBrowser(result) {
  console.log(`\nChromium (app, ${result.executionProvider ?? 'EP ?'}), bundle N = ${count(result.samples)}: peak PSS ${mib(result.peakPssBytes)}, ` +
    `summed RSS ${mib(result.peakRssBytes)}${result.failed ? `; FAILED: ${result.failed}` : ''}`);
  const widths = [52, 9, 9, 12, 12, 40];
  console.log(row(['stage', 'wall s', 'CPU s', 'peak PSS', 'peak ΣRSS', 'largest processes at the PSS peak'], widths));
  for (const s of result.stages) {
    console.log(row([s.label, seconds(s.wallSeconds), seconds(s.cpuSeconds), mib(s.peakPssBytes), mib(s.peakRssBytes),
      s.atPeak.map((p) => `${p.type} ${mib(p.pssBytes)}`).join(', ')], widths));
    const realms = s.userAgentMemory?.byRealm;
    if (realms) {
      const top = Object.entries(realms).sort((a, b) => b[1] - a[1]).filter(([, b]) => b >= 1024 ** 2);
      console.log(`    after it, the page's realms hold ${mib(s.userAgentMemory.bytes)}: ${top.map(([name, b]) => `${name} ${mib(b)}`).join(', ')}`);
    } else if (s.userAgentMemory) console.log(`    measureUserAgentSpecificMemory: ${s.userAgentMemory.error ?? 'unavailable'}`);
  }
  if (result.errors.length > 0) console.log(`page errors: ${result.errors.slice(0, 5).join(' | ')}`);
}
