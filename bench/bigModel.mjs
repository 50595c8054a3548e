// Large-model benchmark (issue 10, item 5): dense denoisers at the paper's tensor size
// ([B, 18,432, 8]) of 1.2 GB and 2.4 GB of weights (hidden 1,024 and 2,048), generated at bench
// time into a temp folder, never committed. `gdw sample` runs each on native onnxruntime-node
// (session opened from the model's path, weights read by ORT), timed with its peak RSS; the WASM
// build (--ep wasm) either runs it or refuses it with the typed WasmMemoryLimitError message,
// never a bare `std::bad_alloc` (exit 1 if it does).
//   node bench/bigModel.mjs [--genes 18432] [--hidden 1024,2048] [--n 8] [--steps 10] [--batch 8]
//        [--threads N] [--inline] [--no-wasm] [--keep]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  BENCH_DIR, PYTHON, ROOT, count, describeLoad, failed, hasPythonModules, importWorkbench, machineInfo, mib, row, seconds,
  writeResult,
} from './common.mjs';
import { runJson, runMeasured } from './measure.mjs';

const BUILDER = join(BENCH_DIR, 'bigModel_onnx.py');
const GDW = join(ROOT, 'bin', 'gdw.mjs');
/** What the CLI must say when the WASM build cannot hold the model (src/engines/wasmMemory.ts). */
const WASM_LIMIT_MESSAGE = /does not fit in ONNX Runtime's WASM heap/;

function readOptions() {
  const { values } = parseArgs({
    options: {
      genes: { type: 'string', default: '18432' }, hidden: { type: 'string', default: '1024,2048' }, n: { type: 'string', default: '8' },
      steps: { type: 'string', default: '10' }, batch: { type: 'string', default: '8' }, threads: { type: 'string' },
      inline: { type: 'boolean' }, 'no-wasm': { type: 'boolean' }, keep: { type: 'boolean' },
    },
    strict: true,
  });
  const options = {
    genes: Number(values.genes), hiddens: values.hidden.split(',').map(Number), n: Number(values.n), steps: Number(values.steps),
    batch: Number(values.batch), threads: Number(values.threads ?? cpus().length), inline: Boolean(values.inline),
    wasm: !values['no-wasm'], keep: Boolean(values.keep),
  };
  for (const key of ['genes', 'n', 'steps', 'batch', 'threads']) {
    if (!Number.isInteger(options[key]) || options[key] < 1) throw new Error(`--${key} must be a positive whole number`);
  }
  if (!options.hiddens.every((h) => Number.isInteger(h) && h >= 1)) throw new Error('--hidden must be positive whole numbers, e.g. 1024,2048');
  return options;
}

/** One `gdw sample` as a child process: wall, CPU, peak RSS, and the EP and in-engine time it printed. */
async function runSample(model, ep, options, dir) {
  const out = join(dir, `samples-${ep}.npy`);
  const args = [GDW, 'sample', '--model', model, '--n', String(options.n), '--steps', String(options.steps),
    '--batch', String(options.batch), '--threads', String(options.threads), '--seed', '1', '--ep', ep, '--out', out];
  const result = await runMeasured('node', args);
  const printed = /, ([\d.]+) s on (\w+)/.exec(result.stdout);
  return { ...result, out, samplingSeconds: printed ? Number(printed[1]) : null, executionProvider: printed?.[2] ?? null };
}

/** The samples are [n, G, 8] float32 and finite. */
async function checkSamples(path, options) {
  const { readNpy } = await importWorkbench('src/core/encode/npy.ts');
  const { data, shape } = readNpy(new Uint8Array(readFileSync(path)), path);
  const finite = data.every(Number.isFinite);
  if (shape.join() !== [options.n, options.genes, 8].join() || !finite) {
    throw new Error(`${path}: shape [${shape}], ${finite ? 'finite' : 'not finite'}; expected [${options.n}, ${options.genes}, 8], finite`);
  }
}

function printTable(runs) {
  const widths = [38, 10, 10, 12, 12, 9];
  console.log(row(['run', 'wall s', 'CPU s', 'sampling s', 'peak RSS', 'EP'], widths));
  for (const r of runs) {
    console.log(row([r.label, seconds(r.wallSeconds), seconds(r.cpuSeconds), seconds(r.samplingSeconds), mib(r.peakRssBytes),
      r.executionProvider ?? (r.exitCode === 0 ? '?' : `exit ${r.exitCode}`)], widths));
  }
}

/** One model size: build it, sample it natively (and from one .onnx when asked), then try the WASM build. */
async function benchSize(hidden, options, dir) {
  // 1. The model, written in chunks (not timed as part of sampling). Protobuf caps one .onnx at 2 GiB.
  const builderArgs = [BUILDER, '--out', dir, '--genes', String(options.genes), '--hidden', String(hidden)];
  const inline = options.inline && 2 * options.genes * 8 * hidden * 4 < 2 ** 31 - 2 ** 20;
  const model = await runJson(PYTHON, inline ? [...builderArgs, '--inline'] : builderArgs);
  const gigabytes = (model.weightsBytes / 1e9).toFixed(2);
  console.log(`\nmodel: hidden ${hidden}, ${count(model.parameters)} float32 weights, big.onnx ${count(model.modelBytes)} B + ` +
    `big.weights ${mib(model.weightsBytes)} (${gigabytes} GB); DDIM-${options.steps}, n = ${options.n}, batch ${options.batch}, ` +
    `${options.threads} threads`);
  // 2. Native ORT from the model's path; then, when asked, the same weights in one .onnx.
  const runs = [];
  const native = await runSample(model.model, 'cpu', options, dir);
  if (native.exitCode !== 0) throw failed('gdw sample --ep cpu', native);
  await checkSamples(native.out, options);
  runs.push({ label: `${gigabytes} GB, native cpu, external data`, ...native });
  if (inline) {
    const whole = await runSample(model.inline, 'cpu', options, dir);
    if (whole.exitCode !== 0) throw failed('gdw sample --ep cpu (inline)', whole);
    runs.push({ label: `${gigabytes} GB, native cpu, inline .onnx`, ...whole });
  }
  // 3. The WASM build either runs it or refuses it with the typed message, never a bare bad_alloc.
  let wasmOutcome = null;
  if (options.wasm) {
    const wasm = await runSample(model.model, 'wasm', options, dir);
    runs.push({ label: `${gigabytes} GB, wasm, external data`, ...wasm });
    if (wasm.exitCode === 0) {
      await checkSamples(wasm.out, options);
      wasmOutcome = 'ran';
    } else if (WASM_LIMIT_MESSAGE.test(wasm.stderr)) {
      wasmOutcome = wasm.stderr.trim().split('\n').filter((l) => l.startsWith('gdw sample:')).join('\n');
    } else {
      throw new Error(`--ep wasm failed without the WASM heap message (exit ${wasm.exitCode}):\n${wasm.stderr.slice(-3000)}`);
    }
    console.log(`--ep wasm: ${wasmOutcome}`);
  }
  return { hidden, model, runs, wasmOutcome };
}

async function main() {
  const options = readOptions();
  if (!hasPythonModules(['onnx', 'numpy'])) throw new Error(`${PYTHON} cannot import onnx and numpy (Debian: apt install python3-onnx)`);
  console.log(describeLoad('at start'));
  const sizes = [];
  for (const hidden of options.hiddens) {
    const dir = mkdtempSync(join(tmpdir(), 'gdw-big-model-'));
    try {
      sizes.push(await benchSize(hidden, options, dir));
    } finally {
      if (options.keep) console.log(`kept ${dir}`);
      else rmSync(dir, { recursive: true, force: true });
    }
  }
  console.log('');
  printTable(sizes.flatMap((s) => s.runs));
  console.log(describeLoad('at end'));
  const file = writeResult('bigModel', {
    machine: machineInfo(), options,
    sizes: sizes.map(({ runs, ...size }) => ({ ...size, runs: runs.map(({ stdout: _o, stderr: _e, out: _p, ...r }) => r) })),
  });
  console.log(`result: ${file}`);
}

main().catch((err) => {
  console.error(err.message);
  process.exit(1);
});
