// Encode benchmark (issue 3): simulates a cohort, runs `gdw encode` on it as a child process and
// reports throughput (genotypes/s = samples × SNPs / seconds) and peak RSS against the packed
// dosage matrix (2 bits a call, src/core/genotype/packedDosages.ts); with Debian's numpy + scikit-learn it runs the same encode in
// bench/encode_reference.py on the same files and split, and compares times and tensors.
//   node bench/encode.mjs [--quick | --full] [--samples N] [--snps V] [--seed K] [--repeats R] [--keep] [--no-reference]
// Speed is reported as ratios against the reference run here, on this machine, never asserted.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BENCH_DIR, PYTHON, ROOT, blasThreads, failed, hasPythonModules, lastJsonLine, machineInfo, writeResult } from './common.mjs';
import { runJson, runMeasured } from './measure.mjs';
import { printReport } from './encodeReport.mjs';

const MiB = 1024 ** 2;
const sizes = { quick: { samples: 2000, snps: 10_000 }, full: { samples: 10_000, snps: 100_000 } };
/** Runs up to this size (the --quick size and below) are repeated 3 times by default. */
const SMALL_RUN_GENOTYPES = 20_000_000;
/** Samples per streamed tensor chunk and per round-trip decode chunk (src/core/encode). */
const CHUNK_SAMPLES = 1024;
/** Node + tsx + V8 heap with the variant and gene tables: measured ~180–190 MiB at both sizes. */
const BASELINE_BYTES = 512 * MiB;
/** Chunk buffers alive at once: the one being filled and the previous one, not yet collected. */
const CHUNK_COPIES_ALLOWED = 2;
/** Single-threaded BLAS: the workbench encode is one thread, and OpenBLAS's threads fight other load. */
const REFERENCE_ENV = blasThreads(1);

function readOptions() {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean' }, full: { type: 'boolean' }, samples: { type: 'string' }, snps: { type: 'string' },
      seed: { type: 'string', default: '1' }, repeats: { type: 'string' }, keep: { type: 'boolean' },
      'no-reference': { type: 'boolean' },
    },
    strict: true,
  });
  const base = values.full ? sizes.full : sizes.quick;
  const options = {
    samples: Number(values.samples ?? base.samples), snps: Number(values.snps ?? base.snps), seed: Number(values.seed),
    repeats: Number(values.repeats ?? 0), keep: Boolean(values.keep), reference: !values['no-reference'],
  };
  if (values.quick && values.full) throw new Error('give --quick or --full, not both');
  // Small runs are cheap enough to repeat; the fastest run is the least disturbed by other load.
  options.repeats ||= options.samples * options.snps <= SMALL_RUN_GENOTYPES ? 3 : 1;
  for (const key of ['samples', 'snps', 'repeats']) {
    if (!Number.isInteger(options[key]) || options[key] < 1) throw new Error(`--${key} must be a positive whole number`);
  }
  return options;
}

/** Keeps the fastest of several runs (least disturbed by other load) and the largest peak RSS. */
function fastest(runs) {
  const best = runs.reduce((a, b) => (b.wallSeconds < a.wallSeconds ? b : a));
  const peaks = runs.map((r) => r.peakRssBytes).filter((p) => p !== null);
  return { ...best, peakRssBytes: peaks.length > 0 ? Math.max(...peaks) : null, wallSecondsAll: runs.map((r) => r.wallSeconds) };
}

async function encodeWithWorkbench(dir, seed) {
  const args = ['bin/gdw.mjs', 'encode', '--bfile', join(dir, 'cohort'), '--genes', join(dir, 'genes.bed'),
    '--pheno', join(dir, 'phenotype.tsv'), '--seed', String(seed), '--out', join(dir, 'bundle')];
  const result = await runMeasured('node', args, { cwd: ROOT });
  if (result.exitCode !== 0) throw failed('gdw encode', result);
  const ownSeconds = Number(/wrote .* in ([\d.]+) s/.exec(result.stdout)?.[1] ?? NaN);
  return { ...result, ownSeconds, stdout: result.stdout.trim() };
}

async function encodeWithReference(dir) {
  const args = [join(BENCH_DIR, 'encode_reference.py'), 'encode', '--bfile', join(dir, 'cohort'),
    '--genes', join(dir, 'genes.bed'), '--split', join(dir, 'bundle', 'split.npy'), '--out', join(dir, 'reference')];
  const result = await runMeasured(PYTHON, args, { env: { ...process.env, ...REFERENCE_ENV } });
  if (result.exitCode !== 0) throw failed('encode_reference.py', result);
  const own = lastJsonLine(result.stdout);
  return { ...result, cpuSeconds: result.cpuSeconds ?? own.cpuSeconds, peakRssBytes: result.peakRssBytes ?? own.peakRssBytes, own };
}

/**
 * Bounded memory: peak ≤ dosages + 2 × (tensor chunk + decode chunk) + a fixed baseline, with
 * dosages = ⌈samples / 4⌉ × SNPs bytes (packed 2 bits a call). Any extra whole-cohort copy (one
 * byte a call at 4 × dosages, or float32 at 16 ×) pushes a large run past it.
 */
function memoryBound(cohort, layout, peakRssBytes) {
  const dosagesBytes = Math.ceil(cohort.samples / 4) * cohort.snps;
  const tensorChunkBytes = Math.min(CHUNK_SAMPLES, cohort.samples) * layout.geneSlots * layout.componentsPerGene * 4;
  // roundTripCeiling decodes holdout chunks to float32 [variants × chunk] and int8 hard calls.
  const decodeChunkBytes = Math.min(CHUNK_SAMPLES, layout.split.counts.holdout) * layout.codec.variantCount * 5;
  const boundBytes = dosagesBytes + CHUNK_COPIES_ALLOWED * (tensorChunkBytes + decodeChunkBytes) + BASELINE_BYTES;
  return {
    dosagesBytes, tensorChunkBytes, decodeChunkBytes, chunkCopies: CHUNK_COPIES_ALLOWED, baselineBytes: BASELINE_BYTES, boundBytes, peakRssBytes,
    rssOverDosages: peakRssBytes / dosagesBytes, ok: peakRssBytes === null || peakRssBytes <= boundBytes,
    rule: `peak RSS ≤ dosages + ${CHUNK_COPIES_ALLOWED} × (tensor chunk + decode chunk) + ${BASELINE_BYTES / MiB} MiB`,
  };
}

function summarise(run, cohort) {
  const genotypes = cohort.samples * cohort.snps;
  return {
    wallSeconds: run.wallSeconds, wallSecondsAll: run.wallSecondsAll, cpuSeconds: run.cpuSeconds, peakRssBytes: run.peakRssBytes,
    genotypesPerSecond: genotypes / run.wallSeconds, genotypesPerCpuSecond: run.cpuSeconds ? genotypes / run.cpuSeconds : null,
    measuredWith: run.method,
  };
}

function isCorrect(comparison) {
  if (!comparison) return true;
  const structural = comparison.namesMatch && comparison.snpsMatch && comparison.componentsMatch && comparison.paddingMaxAbs === 0;
  // A slot may differ only where its eigenvalue is nearly tied with a neighbour's (direction ill-defined).
  return structural && comparison.agree + comparison.disagreeIllConditioned === comparison.realSlots;
}

/** Workbench and reference, alternated so that background load hits both alike. */
async function runEncodes(dir, options, withReference) {
  const ours = [];
  const theirs = [];
  for (let r = 0; r < options.repeats; r++) {
    console.log(`run ${r + 1}/${options.repeats}: gdw encode …`);
    ours.push(await encodeWithWorkbench(dir, options.seed));
    if (withReference) {
      console.log(`run ${r + 1}/${options.repeats}: numpy + sklearn reference …`);
      theirs.push(await encodeWithReference(dir));
    }
  }
  return { workbench: fastest(ours), reference: withReference ? fastest(theirs) : null };
}

function buildResult({ options, cohort, layout, workbench, reference, comparison, skipped }) {
  const result = {
    benchmark: 'encode', date: new Date().toISOString(),
    machine: machineInfo(),
    cohort: { ...cohort, geneSlots: layout.geneSlots, realGenes: layout.realGenes, codecVariants: layout.codec.variantCount,
      train: layout.split.counts.train, holdout: layout.split.counts.holdout },
    repeats: options.repeats,
    workbench: { ...summarise(workbench, cohort), ownSeconds: workbench.ownSeconds, log: workbench.stdout },
    reference: reference ? { ...summarise(reference, cohort), stageSeconds: reference.own.stageSeconds, threads: 1 } : null,
    ratio: reference ? { wall: workbench.wallSeconds / reference.wallSeconds,
      cpu: workbench.cpuSeconds && reference.cpuSeconds ? workbench.cpuSeconds / reference.cpuSeconds : null } : null,
    memory: memoryBound(cohort, layout, workbench.peakRssBytes), comparison, referenceSkipped: skipped,
  };
  return { ...result, pass: result.memory.ok && isCorrect(comparison) };
}

async function main() {
  const options = readOptions();
  const dir = mkdtempSync(join(tmpdir(), 'gdw-bench-encode-'));
  const withReference = options.reference && hasPythonModules(['numpy', 'sklearn']);
  try {
    // 1. The cohort (not timed as part of the benchmark).
    console.log(`simulating ${options.samples} samples × ~${options.snps} SNPs into ${dir} …`);
    const cohort = await runJson('node', [join(BENCH_DIR, 'simulateCohort.mjs'), '--out', dir, '--samples', String(options.samples),
      '--snps', String(options.snps), '--seed', String(options.seed)], { cwd: ROOT });
    // 2. The timed encodes.
    const { workbench, reference } = await runEncodes(dir, options, withReference);
    const layout = JSON.parse(readFileSync(join(dir, 'bundle', 'layout.json'), 'utf8'));
    // 3. Correctness: the two tensors slot by slot, up to each component's sign.
    const comparison = withReference ? await runJson(PYTHON, [join(BENCH_DIR, 'encode_reference.py'), 'compare',
      '--bundle', join(dir, 'bundle'), '--reference', join(dir, 'reference')], { env: { ...process.env, ...REFERENCE_ENV } }) : null;
    // 4. Report: table, JSON file, exit status.
    const skipped = withReference ? null : options.reference ? `${PYTHON} lacks numpy or sklearn` : '--no-reference';
    const result = buildResult({ options, cohort, layout, workbench, reference, comparison, skipped });
    printReport(result);
    console.log(`\nresult: ${writeResult('encode', result)}`);
    return result.pass ? 0 : 1;
  } finally {
    if (options.keep) console.log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

process.exitCode = await main().catch((err) => {
  console.error(`bench/encode.mjs: ${err.message}`);
  return 2;
});
