// Training benchmark (issue 5): the workbench's MLP classifier (trainClassifier with
// defaultClassifierSpecs.mlp, tfjs cpu backend in Node; --wasm adds the wasm backend) against the
// same architecture in PyTorch (same layer sizes, Adam, batch size, epochs, loss) on the same
// tensor: the demo cohort (public/demo/cohort, 1,000 samples) encoded with `gdw encode`.
// Reports the time per epoch of each, their ratio, and both holdout accuracies (different RNGs:
// printed, not compared).
//   node bench/train.mjs [--quick | --full] [--epochs E] [--repeats R] [--wasm] [--reference-threads T]
//        [--seed K] [--keep] [--no-reference] [--bundle DIR (instead of the demo cohort)]
// Speed is reported as ratios against the PyTorch run here, on this machine, never asserted.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  BENCH_DIR, PYTHON, ROOT, blasThreads, describeLoad, failed, fastestRun, hasPythonModules, lastJsonLine, loadAverages, machineInfo,
  processUsage, ratioOf, row, seconds, times, writeResult,
} from './common.mjs';
import { runMeasured } from './measure.mjs';

const COHORT = join(ROOT, 'public', 'demo', 'cohort');
const sizes = { quick: { epochs: 10, repeats: 3 }, full: { epochs: 100, repeats: 3 } };

function readOptions() {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean' }, full: { type: 'boolean' }, epochs: { type: 'string' }, repeats: { type: 'string' },
      wasm: { type: 'boolean' }, 'reference-threads': { type: 'string', default: '1' }, seed: { type: 'string', default: '1' },
      keep: { type: 'boolean' }, 'no-reference': { type: 'boolean' }, bundle: { type: 'string' },
    },
    strict: true,
  });
  if (values.quick && values.full) throw new Error('give --quick or --full, not both');
  const size = values.full ? 'full' : 'quick';
  const options = {
    size, epochs: Number(values.epochs ?? sizes[size].epochs), repeats: Number(values.repeats ?? sizes[size].repeats),
    backends: values.wasm ? ['cpu', 'wasm'] : ['cpu'], referenceThreads: Number(values['reference-threads']),
    seed: Number(values.seed), keep: Boolean(values.keep), reference: !values['no-reference'], bundle: values.bundle ?? null,
  };
  for (const key of ['repeats', 'referenceThreads']) {
    if (!Number.isInteger(options[key]) || options[key] < 1) throw new Error(`${key} must be a positive whole number`);
  }
  if (!Number.isInteger(options.epochs) || options.epochs < 2) throw new Error('--epochs must be a whole number ≥ 2 (the first epoch is timed apart)');
  return options;
}

/**
 * Time per epoch in the steady state: (end of the last epoch − end of the first) / (epochs − 1).
 * The first epoch (model building, first-call warm-up) is reported apart. Each epoch is a pass
 * over the fit rows plus the validation score, on both sides.
 */
function perEpoch(own, usage) {
  const ends = own.epochEnds;
  const first = ends[0];
  const last = ends[ends.length - 1];
  const span = ends.length - 1;
  return {
    wallSeconds: (last.seconds - first.seconds) / span, cpuSeconds: (last.cpuSeconds - first.cpuSeconds) / span,
    firstEpochSeconds: first.seconds, trainSeconds: last.seconds, epochs: ends.length, selectedEpoch: own.selectedEpoch,
    holdout: own.holdout, parameterCount: own.parameterCount, features: own.features, fitPerClass: own.fitPerClass,
    process: processUsage(usage),
  };
}

async function runSide(name, command, args, env = {}) {
  const result = await runMeasured(command, args, { cwd: ROOT, env: { ...process.env, ...env } });
  if (result.exitCode !== 0) throw failed(name, result);
  const own = lastJsonLine(result.stdout);
  return { ...perEpoch(own, result), extra: own };
}

async function runAll(bundle, options) {
  const ours = Object.fromEntries(options.backends.map((b) => [b, []]));
  const theirs = [];
  const common = ['--bundle', bundle, '--epochs', String(options.epochs), '--seed', String(options.seed)];
  for (let r = 0; r < options.repeats; r++) {
    for (const backend of options.backends) {
      console.log(`run ${r + 1}/${options.repeats}: workbench trainClassifier (mlp), tfjs ${backend}, ${options.epochs} epochs …`);
      const run = await runSide('trainWorkbench.mjs', 'node', [join(BENCH_DIR, 'trainWorkbench.mjs'), ...common, '--backend', backend]);
      ours[backend].push({ ...run, backend: run.extra.backend, settings: run.extra.settings, validationPerClass: run.extra.validationPerClass });
    }
    if (options.reference) {
      // tfjs in Node trains on one thread, so PyTorch and its BLAS get as many (--reference-threads).
      console.log(`run ${r + 1}/${options.repeats}: PyTorch (${options.referenceThreads} thread${options.referenceThreads > 1 ? 's' : ''}) …`);
      const run = await runSide('train_reference.py', PYTHON, [join(BENCH_DIR, 'train_reference.py'), ...common, '--threads', String(options.referenceThreads)],
        blasThreads(options.referenceThreads));
      theirs.push({ ...run, torch: run.extra.torch, threads: run.extra.threads });
    }
  }
  const best = (runs) => {
    const fastest = { ...fastestRun(runs) };
    delete fastest.extra;
    return { ...fastest, wallSecondsAll: runs.map((r) => r.wallSeconds), holdoutAccuracyAll: runs.map((r) => r.holdout.accuracy) };
  };
  return { workbench: Object.fromEntries(Object.entries(ours).map(([b, runs]) => [b, best(runs)])), reference: theirs.length > 0 ? best(theirs) : null };
}

function printReport(result) {
  const any = Object.values(result.workbench)[0];
  console.log(`\ntraining benchmark: MLP classifier (${any.features} features → 64 → 2, ${any.parameterCount.toLocaleString('en-US')} parameters),` +
    ` ${result.epochs} epochs of ${any.fitPerClass.reduce((a, b) => a + b, 0)} fit rows, batch 64, Adam; ${result.cohort === COHORT ? 'demo cohort' : result.cohort};` +
    ` ${result.machine.cpus} CPUs, best of ${result.repeats}\n`);
  const widths = [32, 11, 11, 11, 10, 16];
  console.log(row(['', 'wall s/ep.', 'CPU s/ep.', '1st epoch s', 'selected', 'holdout acc.'], widths));
  const line = (name, run) => console.log(row([name, run.wallSeconds.toFixed(4), run.cpuSeconds.toFixed(4), seconds(run.firstEpochSeconds),
    `epoch ${run.selectedEpoch}`, [...new Set(run.holdoutAccuracyAll.map((a) => a.toFixed(3)))].join(' ')], widths));
  for (const [backend, run] of Object.entries(result.workbench)) line(`workbench, tfjs ${backend}`, run);
  if (result.reference) {
    line(`PyTorch ${result.reference.torch} (${result.reference.threads} thr.)`, result.reference);
    for (const [backend, ratio] of Object.entries(result.ratios)) {
      console.log(row([`ratio ${backend} / PyTorch`, times(ratio.wall), times(ratio.cpu), '', '', ''], widths));
    }
  } else {
    console.log(`reference skipped: ${result.referenceSkipped}`);
  }
  console.log(`\n(time per epoch = (end of epoch ${result.epochs} − end of epoch 1) / ${result.epochs - 1}, each epoch a pass over the fit rows plus the` +
    ' validation score; holdout accuracy of the epoch selected on validation loss (each distinct value over the repeats),' +
    ` on ${any.holdout.samples} holdout samples` +
    ` (chance ${result.chanceAccuracy.toFixed(2)}); the two sides use different random streams, so accuracies are comparable, not equal)`);
  console.log(result.pass ? '\nPASS' : '\nFAIL (a holdout accuracy is not above chance)');
}

async function main() {
  const options = readOptions();
  const withReference = options.reference && hasPythonModules(['torch', 'numpy']);
  const dir = mkdtempSync(join(tmpdir(), 'gdw-bench-train-'));
  const machine = machineInfo();
  console.log(describeLoad('at start'));
  try {
    // 1. The tensor (not timed): the demo cohort through `gdw encode`, or a bundle given (--bundle: e.g. one encoded at the paper's width).
    let bundle = options.bundle;
    if (!bundle) {
      bundle = join(dir, 'bundle');
      const encode = await runMeasured('node', ['bin/gdw.mjs', 'encode', '--bfile', join(COHORT, 'cohort'), '--genes', join(COHORT, 'genes.bed'),
        '--pheno', join(COHORT, 'phenotype.tsv'), '--seed', String(options.seed), '--out', bundle], { cwd: ROOT });
      if (encode.exitCode !== 0) throw failed('gdw encode', encode);
      console.log(encode.stdout.trim().split('\n').find((l) => l.startsWith('encoded')) ?? 'encoded the demo cohort');
    }
    // 2. The timed runs, alternated so that background load hits both alike.
    const { workbench, reference } = await runAll(bundle, { ...options, reference: withReference });
    // 3. Report.
    const perClass = Object.values(workbench)[0].holdout.perClass;
    const chanceAccuracy = Math.max(...perClass) / perClass.reduce((a, b) => a + b, 0);
    const ratios = Object.fromEntries(Object.entries(workbench).map(([backend, run]) => [backend, reference
      ? { wall: ratioOf(run.wallSeconds, reference.wallSeconds), cpu: ratioOf(run.cpuSeconds, reference.cpuSeconds) } : null]));
    const accuracies = [...Object.values(workbench), ...(reference ? [reference] : [])].flatMap((r) => r.holdoutAccuracyAll);
    const result = {
      benchmark: 'train', date: new Date().toISOString(), machine: { ...machine, loadAverageAtEnd: loadAverages() },
      size: options.size, epochs: options.epochs, seed: options.seed, repeats: options.repeats, cohort: options.bundle ?? COHORT, chanceAccuracy,
      workbench, reference, ratios,
      referenceSkipped: withReference ? null : options.reference ? `${PYTHON} lacks torch or numpy` : '--no-reference',
      pass: accuracies.every((a) => a > chanceAccuracy),
    };
    printReport(result);
    console.log(describeLoad('at end'));
    console.log(`\nresult: ${writeResult('train', result)}`);
    return result.pass ? 0 : 1;
  } finally {
    if (options.keep) console.log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

process.exitCode = await main().catch((err) => {
  console.error(`bench/train.mjs: ${err.message}`);
  return 2;
});
