// Sampling-loop check (issue 11) in Chromium: the GPU-resident step loop (backbone and step graph on
// the WebGPU EP, x_t kept in GPU buffers, one read-back) against the JS loop (ε̂ read back every
// step) on the same WebGPU EP and on the WASM EP, one request each, in the page (bench/samplePage/
// loops.ts). The backbone is the small nonlinear test fixture (src/engines/fixtures/stepLoopBackbone.ts:
// v-prediction, padding mode zero-x0, two classes), built here in TS: no Python, no download.
//   node bench/sampleLoop.mjs [--genes G] [--batch B] [--steps S] [--eta E] [--sampler ddim|ddpm] [--keep]
// Exit status 1 when the two loops on WebGPU differ by more than SAME_EP_TOLERANCE, or WebGPU did not run.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { describeLoad, importWorkbench, machineInfo, writeResult } from './common.mjs';
import { buildPage, openBenchPage } from './sampleBrowser.mjs';

const CHROMIUM = process.env.GDW_CHROMIUM ?? '/usr/bin/chromium';
const CHANNELS = 8;
const TIMESTEPS = 100;
/** Both loops on one EP run the same model kernels; only the update's float32 rounding differs. */
const SAME_EP_TOLERANCE = 1e-4;
const RUNS = [
  { executionProvider: 'webgpu', samplingLoop: 'auto' },
  { executionProvider: 'webgpu', samplingLoop: 'cpu' },
  { executionProvider: 'wasm', samplingLoop: 'cpu' },
];

function readOptions() {
  const { values } = parseArgs({
    options: {
      genes: { type: 'string', default: '256' }, batch: { type: 'string', default: '16' }, steps: { type: 'string', default: '20' },
      eta: { type: 'string', default: '0.5' }, sampler: { type: 'string', default: 'ddim' }, keep: { type: 'boolean' },
    },
    strict: true,
  });
  const genes = Number(values.genes);
  const options = { genes, batch: Number(values.batch), steps: Number(values.steps), eta: Number(values.eta), sampler: values.sampler, keep: Boolean(values.keep) };
  for (const key of ['genes', 'batch', 'steps']) {
    if (!Number.isInteger(options[key]) || options[key] < 1) throw new Error(`--${key} must be a positive whole number`);
  }
  if (!['ddim', 'ddpm'].includes(options.sampler)) throw new Error('--sampler must be ddim or ddpm');
  return { ...options, realGenes: genes - Math.max(1, Math.round(genes / 100)) };
}

function printRuns(runs) {
  console.log('\nEP      asked  loop          engine s  load s  rel. max diff to the first run');
  for (const r of runs) {
    const reason = r.loopFallbackReason ? `  (${r.loopFallbackReason})` : '';
    console.log(`${r.executionProvider.padEnd(7)} ${r.samplingLoop.padEnd(6)} ${String(r.loop).padEnd(13)} ${(r.engineMs / 1000).toFixed(2).padStart(8)}`
      + `  ${(r.loadMs / 1000).toFixed(2).padStart(6)}  ${r.relativeMaxDiffToFirst.toExponential(2)}${r.finite ? '' : ' NOT FINITE'}${reason}`);
  }
}

async function main() {
  const options = readOptions();
  const dir = mkdtempSync(join(tmpdir(), 'gdw-bench-sample-loop-'));
  console.log(describeLoad('at start'));
  try {
    const siteDir = join(dir, 'site');
    mkdirSync(siteDir);
    await buildPage(siteDir);
    const { buildStepLoopBackbone } = await importWorkbench('src/engines/fixtures/stepLoopBackbone.ts');
    writeFileSync(join(siteDir, 'model.onnx'), buildStepLoopBackbone({
      genes: options.genes, channels: CHANNELS, realGenes: options.realGenes, timesteps: TIMESTEPS, prediction: 'v', padding: 'zero-x0', conditional: true,
    }));
    const page = await openBenchPage(siteDir, CHROMIUM);
    let adapter;
    let measured;
    try {
      adapter = await page.probeAdapter();
      console.log(`adapter: ${adapter.found ? adapter.description : 'none'}; [${options.batch}, ${options.genes}, ${CHANNELS}], ${options.sampler}`
        + `${options.sampler === 'ddim' ? `-${options.steps} η = ${options.eta}` : ` T = ${TIMESTEPS}`} …`);
      const request = {
        count: options.batch, genes: options.genes, channels: CHANNELS, realGenes: options.realGenes, sampler: options.sampler,
        steps: options.steps, eta: options.eta, batchSize: options.batch, seed: 1, conditional: true,
      };
      measured = await page.compareLoops('model.onnx', request, RUNS);
    } finally {
      await page.close();
    }
    const { runs } = measured;
    printRuns(runs);
    const [gpu, sameEp] = runs;
    const pass = gpu.loop === 'gpu-resident' && sameEp.executionProvider === 'webgpu' && runs.every((r) => r.finite)
      && sameEp.relativeMaxDiffToFirst <= SAME_EP_TOLERANCE;
    console.log(`\n${pass ? 'PASS' : 'FAIL'}: GPU-resident vs JS loop on WebGPU ${sameEp.relativeMaxDiffToFirst.toExponential(2)} (bound ${SAME_EP_TOLERANCE})`);
    console.log(describeLoad('at end'));
    const result = {
      benchmark: 'sample-loop', date: new Date().toISOString(), machine: machineInfo(), chromium: { executable: CHROMIUM, adapter },
      options, timesteps: TIMESTEPS, channels: CHANNELS, runs, chromiumCpuSeconds: measured.cpuSeconds, sameEpTolerance: SAME_EP_TOLERANCE, pass,
    };
    console.log(`result: ${writeResult('sample-loop', result)}`);
    return pass ? 0 : 1;
  } finally {
    if (options.keep) console.log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

process.exitCode = await main().catch((err) => {
  console.error(`bench/sampleLoop.mjs: ${err.stack ?? err.message}`);
  return 2;
});
