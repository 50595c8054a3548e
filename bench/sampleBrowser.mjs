// The workbench side of bench/sample.mjs: builds bench/samplePage with the app's own Vite
// config (worker format, COOP/COEP headers, onnxruntime-web handling), serves it with
// `vite preview`, and drives the app's InferenceClient in Chromium through playwright-core.
import { Buffer } from 'node:buffer';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium } from 'playwright-core';
import { build, preview } from 'vite';
import { BENCH_DIR, ROOT, importWorkbench } from './common.mjs';
import { descendantCpuSeconds } from './processTree.mjs';

const PAGE_DIR = join(BENCH_DIR, 'samplePage');
const VITE_CONFIG = join(ROOT, 'vite.config.ts');
/**
 * playwright.config.ts forces SwiftShader so that e2e runs alike everywhere; the benchmark wants
 * the real GPU where there is one. Without these two switches Chromium still falls back to
 * SwiftShader on a machine without a GPU (checked here: the adapter reads "google · swiftshader").
 */
const FORCES_SWIFTSHADER = ['--use-webgpu-adapter=swiftshader', '--use-vulkan=swiftshader'];

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

/** Builds the page into `siteDir` (the model is written there afterwards) and returns its build seconds. */
export async function buildPage(siteDir) {
  const started = performance.now();
  await build({ configFile: VITE_CONFIG, root: PAGE_DIR, logLevel: 'warn', build: { outDir: siteDir, emptyOutDir: true } });
  return (performance.now() - started) / 1000;
}

async function chromiumArgs() {
  const config = await importWorkbench('playwright.config.ts');
  return config.chromiumArgs.filter((arg) => !FORCES_SWIFTSHADER.includes(arg));
}

/**
 * Serves `siteDir` and opens the page. Returns the page's bench API as Node functions, each
 * timed step paired with the CPU time of Chromium's processes over it, and close().
 */
export async function openBenchPage(siteDir, executablePath) {
  const port = await freePort();
  const server = await preview({
    configFile: VITE_CONFIG, root: PAGE_DIR, logLevel: 'warn', build: { outDir: siteDir }, preview: { port, strictPort: true },
  });
  const args = await chromiumArgs();
  // A browser that does not start must not leave the preview server holding the process open.
  const browser = await chromium.launch({ executablePath, args, headless: true }).catch(async (err) => {
    await server.close();
    throw err;
  });
  try {
    const page = await browser.newPage();
    page.on('console', (message) => { if (message.type() === 'error') console.error(`  [page] ${message.text()}`); });
    await page.goto(server.resolvedUrls.local[0]);
    await page.waitForFunction(() => 'gdwSampleBench' in globalThis, null, { timeout: 60_000 });
    const cpuOver = async (step) => {
      const before = descendantCpuSeconds();
      const value = await step();
      const after = descendantCpuSeconds();
      return { ...value, cpuSeconds: before === null ? null : after - before };
    };
    return {
      args,
      probeAdapter: () => page.evaluate(() => globalThis.gdwSampleBench.probeAdapter()),
      load: (file, ep) => cpuOver(() => page.evaluate(([url, provider]) => globalThis.gdwSampleBench.load(url, provider), [`/${file}`, ep])),
      sample: (request) => cpuOver(() => page.evaluate((r) => globalThis.gdwSampleBench.sample(r), request)),
      /** The last samples as a Buffer of float32 (not timed). */
      lastSamples: async () => Buffer.from(await page.evaluate(() => globalThis.gdwSampleBench.lastSamplesBase64()), 'base64'),
      unload: () => page.evaluate(() => globalThis.gdwSampleBench.unload()),
      /** bench/sampleLoop.mjs: one request through each (EP, sampling loop) in the page (loops.ts). */
      compareLoops: (file, request, runs) => cpuOver(async () => ({
        runs: await page.evaluate(([url, r, s]) => globalThis.gdwLoopBench.compareLoops(url, r, s), [`/${file}`, request, runs]),
      })),
      close: async () => {
        await browser.close();
        await server.close();
      },
    };
  } catch (err) {
    await browser.close();
    await server.close();
    throw err;
  }
}
