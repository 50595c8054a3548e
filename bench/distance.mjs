// Distance-engine benchmark (issues 5 and 11): the k = 10 nearest rows by angular cosine distance
// between two random sets, with the workbench's findNearest — its tile products on native
// onnxruntime-node (as gdw evaluate) and on onnxruntime-web's WASM build in Node (as the browser's
// evaluation worker), --tfjs / --wasm add the tfjs cpu / wasm backends — against numpy (normalise,
// matrix product in blocks, argpartition top-k) on the same sets and the same thread count, in the
// same run; and whether they find the same neighbours.
//   node bench/distance.mjs [--quick | --full] [--rows N] [--dims D] [--k 10] [--threads T] [--tfjs] [--wasm]
//        [--no-ort] [--repeats R] [--reference-threads T] [--seed K] [--keep] [--no-reference]
// Speed is reported as ratios against the numpy run here, on this machine, never asserted; the
// issue-11 goals (ORT native ≤ 1.5×, ORT WASM ≤ 4× numpy) are printed as met or not.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  BENCH_DIR, PYTHON, blasThreads, count, describeLoad, failed, fastestRun, hasPythonModules, lastJsonLine, loadAverages, machineInfo,
  processUsage, ratioOf, row, seconds, times, writeResult,
} from './common.mjs';
import { runJson, runMeasured } from './measure.mjs';

const REFERENCE = join(BENCH_DIR, 'distance_reference.py');
const sizes = { quick: { rows: 2000 }, full: { rows: 10_000 } };
/** 512 gene slots × 8 components, the last 4 genes padded (the paper's share: 153 of 18,432). */
const DEFAULT_DIMS = 4096;
const PADDED_SHARE = 153 / 18_432;
/** Share of rows whose k neighbours must be the same set on both sides (float32 near-ties may swap the k-th). */
const AGREEMENT_THRESHOLD = 0.999;
/** What each way of running the products is called here, and the issue-11 goal for it (ratio to numpy, same threads). */
const BACKENDS = {
  'ort-node': { label: (t) => `ORT node cpu (${t} thr.)`, goal: 1.5 },
  'ort-wasm': { label: (t) => `ORT web wasm (${t} thr.)`, goal: 4 },
  cpu: { label: () => 'tfjs cpu (1 thr.)', goal: null },
  wasm: { label: () => 'tfjs wasm (1 thr.)', goal: null },
};

function readOptions() {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean' }, full: { type: 'boolean' }, rows: { type: 'string' }, dims: { type: 'string', default: String(DEFAULT_DIMS) },
      k: { type: 'string', default: '10' }, threads: { type: 'string', default: '1' }, tfjs: { type: 'boolean' },
      wasm: { type: 'boolean' }, 'no-ort': { type: 'boolean' }, repeats: { type: 'string', default: '1' },
      'reference-threads': { type: 'string' }, seed: { type: 'string', default: '1' }, keep: { type: 'boolean' },
      'no-reference': { type: 'boolean' },
    },
    strict: true,
  });
  if (values.quick && values.full) throw new Error('give --quick or --full, not both');
  const size = values.full ? 'full' : 'quick';
  const dims = Number(values.dims);
  const options = {
    size, rows: Number(values.rows ?? sizes[size].rows), dims, realDims: dims - 8 * Math.round((dims / 8) * PADDED_SHARE),
    k: Number(values.k), threads: Number(values.threads), repeats: Number(values.repeats),
    backends: [...(values['no-ort'] ? [] : ['ort-node', 'ort-wasm']), ...(values.tfjs ? ['cpu'] : []), ...(values.wasm ? ['wasm'] : [])],
    referenceThreads: Number(values['reference-threads'] ?? values.threads), seed: Number(values.seed), keep: Boolean(values.keep),
    reference: !values['no-reference'],
  };
  if (options.backends.length === 0) throw new Error('--no-ort leaves nothing to run: add --tfjs or --wasm');
  for (const key of ['rows', 'dims', 'k', 'threads', 'repeats', 'referenceThreads']) {
    if (!Number.isInteger(options[key]) || options[key] < 1) throw new Error(`${key} must be a positive whole number`);
  }
  return options;
}

async function runWorkbench(dir, options, backend) {
  const args = [join(BENCH_DIR, 'distanceWorkbench.mjs'), '--a', join(dir, 'a.npy'), '--b', join(dir, 'b.npy'),
    '--real-dims', String(options.realDims), '--k', String(options.k), '--backend', backend, '--threads', String(options.threads),
    '--out', join(dir, `workbench-${backend}.npy`)];
  const result = await runMeasured('node', args);
  if (result.exitCode !== 0) throw failed(`distanceWorkbench.mjs (${backend})`, result);
  const own = lastJsonLine(result.stdout);
  return {
    wallSeconds: own.seconds, cpuSeconds: own.cpuSeconds, backend: own.backend, threads: backend.startsWith('ort-') ? own.threads : 1,
    settings: own.settings, process: processUsage(result),
  };
}

async function runReference(dir, options) {
  const args = [REFERENCE, 'run', '--a', join(dir, 'a.npy'), '--b', join(dir, 'b.npy'), '--real-dims', String(options.realDims),
    '--k', String(options.k), '--out', join(dir, 'reference.npy')];
  // BLAS gets as many threads as the ORT runs (--threads), unless --reference-threads says otherwise.
  const result = await runMeasured(PYTHON, args, { env: { ...process.env, ...blasThreads(options.referenceThreads) } });
  if (result.exitCode !== 0) throw failed('distance_reference.py run', result);
  const own = lastJsonLine(result.stdout);
  return {
    wallSeconds: own.seconds, cpuSeconds: own.cpuSeconds, numpy: own.numpy, blas: own.blas, threads: options.referenceThreads,
    process: processUsage(result, own.process),
  };
}

/** Each backend, then numpy, per repeat: background load hits both alike. */
async function runAll(dir, options) {
  const ours = Object.fromEntries(options.backends.map((b) => [b, []]));
  const theirs = [];
  for (let r = 0; r < options.repeats; r++) {
    for (const backend of options.backends) {
      console.log(`run ${r + 1}/${options.repeats}: workbench findNearest, ${BACKENDS[backend].label(options.threads)} …`);
      ours[backend].push(await runWorkbench(dir, options, backend));
    }
    if (options.reference) {
      console.log(`run ${r + 1}/${options.repeats}: numpy (${options.referenceThreads} BLAS thread${options.referenceThreads > 1 ? 's' : ''}) …`);
      theirs.push(await runReference(dir, options));
    }
  }
  const best = (runs) => ({ ...fastestRun(runs), wallSecondsAll: runs.map((r) => r.wallSeconds) });
  return { workbench: Object.fromEntries(Object.entries(ours).map(([b, runs]) => [b, best(runs)])), reference: theirs.length > 0 ? best(theirs) : null };
}

function goalCell(backend, ratio) {
  const goal = BACKENDS[backend].goal;
  if (goal === null || !ratio) return '';
  const met = (r) => (r <= goal ? 'met' : 'not met');
  return `≤ ${goal}×: ${met(ratio.wall)} (wall), ${met(ratio.cpu)} (CPU)`;
}

function printReport(result) {
  const { sets } = result;
  console.log(`\ndistance benchmark: k = ${result.k} nearest by angular cosine, ${count(sets.rowsA)} query × ${count(sets.rowsB)} reference rows` +
    ` × ${count(sets.dims)} slots (${count(sets.realDims)} real); ${result.machine.cpus} CPUs, best of ${result.repeats}\n`);
  const widths = [28, 8, 8, 10, 9, 9, 36];
  console.log(row(['', 'wall s', 'CPU s', 'process s', '÷ numpy', '(CPU)', 'goal (issue 11)'], widths));
  const ref = result.reference;
  for (const [backend, run] of Object.entries(result.workbench)) {
    const ratio = result.ratios[backend];
    console.log(row([BACKENDS[backend].label(run.threads), seconds(run.wallSeconds), seconds(run.cpuSeconds), seconds(run.process.wallSeconds),
      times(ratio?.wall), times(ratio?.cpu), goalCell(backend, ratio)], widths));
  }
  if (ref) {
    console.log(row([`numpy ${ref.numpy} (${ref.threads} thr.)`, seconds(ref.wallSeconds), seconds(ref.cpuSeconds), seconds(ref.process.wallSeconds)], widths));
    console.log(`numpy's BLAS: ${ref.blas}`);
    if (!/openblas|mkl|blis/i.test(ref.blas)) console.log('warning: numpy runs on the reference BLAS, ~30× slower than OpenBLAS: apt-get install libopenblas0-pthread');
  } else {
    console.log(`reference skipped: ${result.referenceSkipped}`);
  }
  const settings = Object.values(result.workbench)[0].settings;
  console.log(`\n(timed: findNearest / normalise + blocks + top-k, inside each process; "process s" is the whole process, start-up included.` +
    ` Workbench tiles ${settings.rowTile} × ${settings.columnTile} rows, ${settings.candidateMargin} extra candidates re-measured in float64)`);
  for (const [backend, c] of Object.entries(result.comparison)) {
    const percent = (share, digits = 2) => `${(100 * share).toFixed(digits)} %`;
    console.log(`neighbours (${backend} vs numpy): identical lists ${percent(c.identicalRows)}, identical sets ${percent(c.identicalSets)},` +
      ` entries ${percent(c.identicalEntries, 3)}, nearest ${percent(c.nearestIdentical)} (threshold: sets ≥ ${percent(AGREEMENT_THRESHOLD, 1)})`);
  }
  console.log(result.pass ? '\nPASS' : '\nFAIL');
}

async function main() {
  const options = readOptions();
  if (!hasPythonModules(['numpy'])) throw new Error(`${PYTHON} lacks numpy, which makes the random sets: apt-get install python3-numpy`);
  const dir = mkdtempSync(join(tmpdir(), 'gdw-bench-distance-'));
  const machine = machineInfo();
  console.log(describeLoad('at start'));
  try {
    // 1. The sets (not timed).
    const sets = await runJson(PYTHON, [REFERENCE, 'make', '--rows-a', String(options.rows), '--rows-b', String(options.rows),
      '--dims', String(options.dims), '--real-dims', String(options.realDims), '--seed', String(options.seed), '--out', dir]);
    // 2. The timed runs.
    const { workbench, reference } = await runAll(dir, options);
    // 3. The same neighbours?
    const comparison = {};
    if (reference) {
      for (const backend of options.backends) {
        comparison[backend] = await runJson(PYTHON, [REFERENCE, 'compare', '--workbench', join(dir, `workbench-${backend}.npy`),
          '--reference', join(dir, 'reference.npy')]);
      }
    }
    // 4. Report.
    const ratios = Object.fromEntries(Object.entries(workbench).map(([backend, run]) => [backend, reference
      ? { wall: ratioOf(run.wallSeconds, reference.wallSeconds), cpu: ratioOf(run.cpuSeconds, reference.cpuSeconds) } : null]));
    const result = {
      benchmark: 'distance', date: new Date().toISOString(), machine: { ...machine, loadAverageAtEnd: loadAverages() },
      size: options.size, k: options.k, threads: options.threads, seed: options.seed, repeats: options.repeats, sets, workbench, reference, ratios, comparison,
      agreementThreshold: AGREEMENT_THRESHOLD, referenceSkipped: options.reference ? null : '--no-reference',
    };
    result.pass = Object.values(comparison).every((c) => c.identicalSets >= AGREEMENT_THRESHOLD);
    printReport(result);
    console.log(describeLoad('at end'));
    console.log(`\nresult: ${writeResult('distance', result)}`);
    return result.pass ? 0 : 1;
  } finally {
    if (options.keep) console.log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

process.exitCode = await main().catch((err) => {
  console.error(`bench/distance.mjs: ${err.message}`);
  return 2;
});
