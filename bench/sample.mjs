// Sampling benchmark (issue 4, item 8): DDIM with an untrained UNet-MLP, batch 32, in the
// workbench (Chromium: the app's InferenceClient and worker, onnxruntime-web on the WASM EP, and
// the WebGPU EP where a real GPU is) against the same model and the same DDIM loop in PyTorch
// on this CPU, in the same run. The weights are drawn at bench time, never committed.
//   node bench/sample.mjs [--quick | --full] [--genes G] [--steps S] [--batch B] [--repeats R]
//        [--widths 512,256,128] [--threads N] [--webgpu] [--no-reference] [--keep]
// Speed is reported as ratios against the PyTorch run here, on this machine, never asserted.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  BENCH_DIR, PYTHON, describeLoad, failed, fastestRun, hasPythonModules, importWorkbench, lastJsonLine, loadAverages, machineInfo,
  processUsage, ratioOf, writeResult,
} from './common.mjs';
import { runJson, runMeasured } from './measure.mjs';
import { buildPage, openBenchPage } from './sampleBrowser.mjs';
import { printReport } from './sampleReport.mjs';

const CHROMIUM = process.env.GDW_CHROMIUM ?? '/usr/bin/chromium';
const REFERENCE = join(BENCH_DIR, 'sample_reference.py');
const CHANNELS = 8;
/** The paper's tensor (§3.2): 18,279 genes padded to 18,432; the quick size keeps that share of padding. */
const PAPER = { genes: 18_432, realGenes: 18_279 };
const sizes = { quick: { genes: 2048, steps: 20, repeats: 3 }, full: { genes: PAPER.genes, steps: 50, repeats: 1 } };
/**
 * The paper gives no layer sizes (§3.3, Fig. 2 shows the structure only; the slides say "bigger =
 * better" and "a custom dense layer for each PCA"). Our choice: three dense levels 512 → 256 →
 * 128 with a per-gene dense layer of 8 on each side, time/class embedding 128: 157 M parameters
 * at the full shape, 2 × 75.5 M of them in the dense layers in and out of the flattened tensor.
 */
const DEFAULT_SIZES = { widths: [512, 256, 128], time_dim: 128, per_gene_dim: 8 };
/** Relative max |workbench − PyTorch| (of max |x|) above which the two runs are said to disagree. */
const AGREEMENT_TOLERANCE = 1e-3;

function readOptions() {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean' }, full: { type: 'boolean' }, genes: { type: 'string' }, steps: { type: 'string' },
      batch: { type: 'string', default: '32' }, repeats: { type: 'string' }, seed: { type: 'string', default: '1' },
      widths: { type: 'string' }, threads: { type: 'string' }, webgpu: { type: 'boolean' }, keep: { type: 'boolean' },
      'no-reference': { type: 'boolean' },
    },
    strict: true,
  });
  if (values.quick && values.full) throw new Error('give --quick or --full, not both');
  const base = values.full ? sizes.full : sizes.quick;
  const genes = Number(values.genes ?? base.genes);
  const options = {
    size: values.full ? 'full' : 'quick', genes, realGenes: Math.round((genes * PAPER.realGenes) / PAPER.genes),
    steps: Number(values.steps ?? base.steps), batch: Number(values.batch), repeats: Number(values.repeats ?? base.repeats),
    seed: Number(values.seed), threads: Number(values.threads ?? cpus().length), webgpu: Boolean(values.webgpu),
    keep: Boolean(values.keep), reference: !values['no-reference'],
    sizes: { ...DEFAULT_SIZES, ...(values.widths ? { widths: values.widths.split(',').map(Number) } : {}) },
  };
  for (const key of ['genes', 'steps', 'batch', 'repeats', 'threads']) {
    if (!Number.isInteger(options[key]) || options[key] < 1) throw new Error(`--${key} must be a positive whole number`);
  }
  if (!options.sizes.widths.every((w) => Number.isInteger(w) && w >= 1)) throw new Error('--widths must be positive whole numbers, e.g. 512,256,128');
  return options;
}

/** x_T of every sample as the workbench's sampler draws it ((seed, sample index) → Philox), padding zeroed, as .npy. */
async function writeInitialNoise(file, options) {
  const { fillSampleNoise, applyPaddingMask, noiseStreams } = await importWorkbench('src/core/diffusion/denoiseLoop.ts');
  const { writeNpy } = await importWorkbench('src/core/encode/npy.ts');
  const shape = { batch: options.batch, genes: options.genes, channels: CHANNELS };
  const xT = new Float32Array(shape.batch * shape.genes * CHANNELS);
  fillSampleNoise(xT, shape, options.seed, 0, noiseStreams.initial, 0);
  const mask = new Uint8Array(shape.genes * CHANNELS).fill(1, 0, options.realGenes * CHANNELS);
  applyPaddingMask(xT, mask);
  writeFileSync(file, writeNpy(xT, [shape.batch, shape.genes, CHANNELS]));
}

/** The same header writeNpy puts on x_T, around the raw float32 samples the page sent back. */
async function writeSamples(file, bytes, options) {
  const { writeNpy } = await importWorkbench('src/core/encode/npy.ts');
  const samples = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  writeFileSync(file, writeNpy(samples, [options.batch, options.genes, CHANNELS]));
}

async function runReference(dir, options) {
  const args = [REFERENCE, 'run', '--config', join(dir, 'model.json'), '--xt', join(dir, 'xT.npy'), '--steps', String(options.steps),
    '--threads', String(options.threads), '--out', join(dir, 'reference.npy')];
  const result = await runMeasured(PYTHON, args);
  if (result.exitCode !== 0) throw failed('sample_reference.py run', result);
  const own = lastJsonLine(result.stdout);
  return { wallSeconds: own.seconds, cpuSeconds: own.cpuSeconds, threads: own.threads, torch: own.torch, process: processUsage(result, own.process) };
}

function sampleRequest(options, steps) {
  return { count: options.batch, genes: options.genes, channels: CHANNELS, realGenes: options.realGenes, steps, batchSize: options.batch, seed: options.seed };
}

/** Which EPs run, and why WebGPU does not when it does not. */
function chooseProviders(adapter, options) {
  if (!adapter.found) return { providers: ['wasm'], webgpuSkipped: `no WebGPU adapter (${adapter.description})` };
  if (adapter.software && !options.webgpu) {
    return { providers: ['wasm'], webgpuSkipped: `the only adapter is software (${adapter.description}): far too slow at this shape; --webgpu runs it anyway` };
  }
  return { providers: ['wasm', 'webgpu'], webgpuSkipped: null };
}

/** One EP: load (timed apart), one untimed 1-step warm-up at the full batch, then the timed runs. */
async function runProvider(page, ep, options, onRepeat) {
  console.log(`workbench ${ep}: loading model.onnx …`);
  const load = await page.load('model.onnx', ep);
  await page.sample(sampleRequest(options, 1));
  const runs = [];
  for (let r = 0; r < options.repeats; r++) {
    console.log(`run ${r + 1}/${options.repeats}: workbench ${ep}, DDIM-${options.steps} …`);
    const run = await page.sample(sampleRequest(options, options.steps));
    runs.push({ wallSeconds: run.pageMs / 1000, engineSeconds: run.engineMs / 1000, cpuSeconds: run.cpuSeconds, executionProvider: run.executionProvider });
    await onRepeat(r);
  }
  const info = load.loaded;
  return {
    ...fastestRun(runs), wallSecondsAll: runs.map((r) => r.wallSeconds), executionProvider: info.executionProvider,
    fallbackReason: info.fallbackReason, load: { fetchSeconds: load.fetchMs / 1000, loadSeconds: info.loadMs / 1000, cpuSeconds: load.cpuSeconds },
  };
}

/** 1–3: model, page and x_T (not timed). */
async function prepare(dir, options) {
  const siteDir = join(dir, 'site');
  mkdirSync(siteDir);
  const buildSeconds = await buildPage(siteDir);
  const config = { family: 'unet-mlp', genes: options.genes, channels: CHANNELS, real_genes: options.realGenes, num_classes: 2, seed: 0, sizes: options.sizes };
  writeFileSync(join(dir, 'model.json'), JSON.stringify(config));
  console.log(`exporting an untrained UNet-MLP [B, ${options.genes}, ${CHANNELS}] (widths ${options.sizes.widths.join(' → ')}) …`);
  const exported = await runJson(PYTHON, [REFERENCE, 'export', '--config', join(dir, 'model.json'), '--out', join(siteDir, 'model.onnx')]);
  await writeInitialNoise(join(dir, 'xT.npy'), options);
  return { siteDir, buildSeconds, model: { ...config, parameters: exported.parameters, bytes: exported.bytes, exportSeconds: exported.seconds } };
}

/** 4. The timed runs in Chromium, each workbench run followed by a PyTorch run so that background load hits both alike. */
async function runTimed(siteDir, dir, options) {
  const page = await openBenchPage(siteDir, CHROMIUM);
  try {
    const adapter = await page.probeAdapter();
    const { providers, webgpuSkipped } = chooseProviders(adapter, options);
    if (webgpuSkipped) console.log(`WebGPU EP skipped: ${webgpuSkipped}`);
    const references = [];
    const workbench = {};
    for (const ep of providers) {
      workbench[ep] = await runProvider(page, ep, options, async (r) => {
        if (!options.reference || ep !== providers[0]) return;
        console.log(`run ${r + 1}/${options.repeats}: PyTorch (CPU, ${options.threads} threads) …`);
        references.push(await runReference(dir, options));
      });
      if (options.reference) await writeSamples(join(dir, `workbench-${ep}.npy`), await page.lastSamples(), options);
    }
    await page.unload();
    const reference = references.length > 0 ? { ...fastestRun(references), wallSecondsAll: references.map((r) => r.wallSeconds) } : null;
    return { workbench, reference, chromium: { executable: CHROMIUM, args: page.args, adapter, webgpuSkipped } };
  } finally {
    await page.close();
  }
}

/** 5. Agreement: the same x_T through the same deterministic DDIM on both sides. */
async function compareSamples(dir, providers) {
  const comparison = {};
  for (const ep of providers) {
    comparison[ep] = await runJson(PYTHON, [REFERENCE, 'compare', '--workbench', join(dir, `workbench-${ep}.npy`), '--reference', join(dir, 'reference.npy')]);
  }
  return comparison;
}

async function main() {
  const options = readOptions();
  if (!hasPythonModules(['torch', 'onnx'])) throw new Error(`${PYTHON} lacks torch or onnx: run models/setup.sh (the model is built in PyTorch)`);
  const dir = mkdtempSync(join(tmpdir(), 'gdw-bench-sample-'));
  const machine = machineInfo();
  console.log(describeLoad('at start'));
  try {
    const { siteDir, buildSeconds, model } = await prepare(dir, options);
    const { workbench, reference, chromium } = await runTimed(siteDir, dir, options);
    const comparison = reference ? await compareSamples(dir, Object.keys(workbench)) : {};
    // 6. Report.
    const ratios = Object.fromEntries(Object.entries(workbench).map(([ep, run]) => [ep, reference
      ? { wall: ratioOf(run.wallSeconds, reference.wallSeconds), cpu: ratioOf(run.cpuSeconds, reference.cpuSeconds) } : null]));
    const result = {
      benchmark: 'sample', date: new Date().toISOString(), machine: { ...machine, loadAverageAtEnd: loadAverages() },
      size: options.size, batch: options.batch, steps: options.steps, sampler: 'ddim', eta: 0, seed: options.seed, repeats: options.repeats,
      model, pageBuildSeconds: buildSeconds, chromium, workbench, reference, ratios, comparison, agreementTolerance: AGREEMENT_TOLERANCE,
      referenceSkipped: options.reference ? null : '--no-reference',
      pass: Object.values(comparison).every((c) => c.finite && c.relativeMaxDiff <= AGREEMENT_TOLERANCE),
    };
    printReport(result);
    console.log(describeLoad('at end'));
    console.log(`\nresult: ${writeResult('sample', result)}`);
    return result.pass ? 0 : 1;
  } finally {
    if (options.keep) console.log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

process.exitCode = await main().catch((err) => {
  console.error(`bench/sample.mjs: ${err.stack ?? err.message}`);
  return 2;
});
