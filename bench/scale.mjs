// Scale benchmark (issue 11): a simulated cohort encoded at the paper's tensor shape
// [N, G = 18,432, C = 8] (few real genes, the rest padding: the padding is what drives memory),
// two small untrained paper-family backbones at that shape, then `gdw evaluate` — generate n per
// backbone, the TSTR sets, curves, every metric, UMAP, TSTR MLP — with time, CPU and peak RSS per
// stage, over a ladder of N so that each stage's peak can be fitted in N and extrapolated to the
// paper's 10,405 samples (or run at 10,405 itself: --ladder 10405); the app in Chromium loads the smallest bundle and
// generates from both backbones, with the peak memory of all of Chromium's processes.
//   node bench/scale.mjs [--ladder 260,520 | none] [--genes 2000] [--n 1040] [--steps 1] [--levels 1]
//        [--tstr-epochs 2] [--bootstrap 200] [--threads 2] [--no-browser] [--browser-n N] [--browser-evaluate]
//        [--full-encode] [--keep]
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  BENCH_DIR, PYTHON, ROOT, count, describeLoad, failed, hasPythonModules, importWorkbench, machineInfo, mib, writeResult,
} from './common.mjs';
import { runJson } from './measure.mjs';
import { fitStages, fitWhole, printFit, printStages, rowBytes } from './scaleReport.mjs';
import { runStaged } from './scaleStages.mjs';

const GDW = join(ROOT, 'bin', 'gdw.mjs');
const SIMULATE = join(BENCH_DIR, 'simulateCohort.mjs');
const BACKBONES = join(BENCH_DIR, 'scale_backbones.py');
/** The paper's cohort and tensor (seeds/000, §3.2). */
const PAPER = { samples: 10_405, genes: 18_432, channels: 8 };

function readOptions() {
  const { values } = parseArgs({
    options: {
      ladder: { type: 'string', default: '260,520' }, genes: { type: 'string', default: '2000' }, n: { type: 'string', default: '1040' },
      steps: { type: 'string', default: '1' }, levels: { type: 'string', default: '1' }, 'tstr-epochs': { type: 'string', default: '2' },
      bootstrap: { type: 'string', default: '200' }, 'umap-points': { type: 'string', default: '300' }, batch: { type: 'string', default: '64' },
      threads: { type: 'string' }, seed: { type: 'string', default: '1' }, 'no-browser': { type: 'boolean' },
      'browser-n': { type: 'string' }, 'full-encode': { type: 'boolean' }, 'browser-evaluate': { type: 'boolean' }, keep: { type: 'boolean' },
      'no-cli': { type: 'boolean' }, 'browser-encode': { type: 'boolean' }, 'browser-timeout-min': { type: 'string', default: '30' },
      'rung-dir': { type: 'string' },
    },
    strict: true,
  });
  const options = {
    ladder: values.ladder === 'none' ? [] : values.ladder.split(',').map(Number), genes: Number(values.genes), n: Number(values.n), steps: Number(values.steps),
    levels: Number(values.levels), tstrEpochs: Number(values['tstr-epochs']), bootstrap: Number(values.bootstrap),
    umapPoints: Number(values['umap-points']), batch: Number(values.batch), threads: Number(values.threads ?? cpus().length),
    seed: Number(values.seed), browser: !values['no-browser'], browserEvaluate: Boolean(values['browser-evaluate']),
    browserN: values['browser-n'] === undefined ? null : Number(values['browser-n']), fullEncode: Boolean(values['full-encode']),
    keep: Boolean(values.keep), cli: !values['no-cli'], browserEncode: Boolean(values['browser-encode']),
    browserTimeoutMs: Number(values['browser-timeout-min']) * 60_000, rungDir: values['rung-dir'] ?? null,
  };
  const flags = { genes: 'genes', n: 'n', steps: 'steps', levels: 'levels', tstrEpochs: 'tstr-epochs', bootstrap: 'bootstrap', batch: 'batch', threads: 'threads' };
  for (const [key, flag] of Object.entries(flags)) {
    if (!Number.isInteger(options[key]) || options[key] < 1) throw new Error(`--${flag} must be a positive whole number`);
  }
  if (options.browserN !== null && !(Number.isInteger(options.browserN) && options.browserN >= 1)) throw new Error('--browser-n must be a positive whole number');
  if (!options.ladder.every((n) => Number.isInteger(n) && n >= 20)) throw new Error('--ladder: sample counts ≥ 20, e.g. 520,1040,2080');
  if (options.genes > PAPER.genes) throw new Error(`--genes ${options.genes}: at most ${PAPER.genes} (the tensor's gene slots)`);
  return options;
}

/** SNP target whose gene count, as simulateCohort.mjs rounds it, is `genes`. */
async function snpTarget(genes) {
  const { resolveSimParams, expectedSnpCount } = await importWorkbench('src/core/sim/params.ts');
  const defaults = resolveSimParams();
  return Math.round(genes * (expectedSnpCount(defaults) / defaults.geneCount));
}

/** encode's two lines on stdout mark its stages: reading ends at "read …", the codec and tensor at "encoded …". */
const encodeStage = (line, stream) => stream === 'stdout' && /^(read|encoded) /.test(line);
/** Every line evaluate logs on stderr starts a step; the table on stdout is the report. */
const evaluateStage = (line, stream) => stream === 'stderr' || /^backbone /.test(line);

function evaluateArgs(bundle, models, options) {
  return ['evaluate', '--bundle', bundle, '--backbone', `a=${models.baseline}`, '--backbone', `b=${models['unet-mlp']}`,
    '--n', String(options.n), '--steps', String(options.steps), '--levels', String(options.levels), '--batch', String(options.batch),
    '--tstr', 'mlp', '--tstr-epochs', String(options.tstrEpochs), '--bootstrap', String(options.bootstrap),
    '--umap-points', String(options.umapPoints), '--threads', String(options.threads), '--seed', String(options.seed),
    '--out', join(bundle, '..', 'report.json')];
}

/** Simulates N samples (PLINK, genes, phenotype; no VCF) and encodes them at the paper's padding, measured by stage. */
async function cohortAndBundle(samples, options, dir) {
  // 1. Cohort: not a stage of the workbench, timed for the record.
  const cohortDir = join(dir, 'cohort');
  mkdirSync(cohortDir, { recursive: true });
  const cohort = await runJson('node', [SIMULATE, '--out', cohortDir, '--samples', String(samples), '--snps', String(await snpTarget(options.genes)), '--seed', String(options.seed)]);
  console.log(`cohort: ${count(cohort.samples)} samples × ${count(cohort.snps)} SNPs in ${count(cohort.genes)} genes, ${cohort.seconds.toFixed(1)} s`);
  // 2. Encode at the paper's padding.
  const bundle = join(dir, 'bundle');
  const prefix = join(cohortDir, 'cohort');
  const encode = await runStaged(GDW, ['encode', '--bfile', prefix, '--genes', join(cohortDir, 'genes.bed'), '--pheno', join(cohortDir, 'phenotype.tsv'),
    '--pad', String(PAPER.genes), '--seed', String(options.seed), '--out', bundle], { isStage: encodeStage, firstStage: 'start, read genotypes' });
  if (encode.exitCode !== 0) throw failed('gdw encode', { exitCode: encode.exitCode, stderr: encode.lines.map((l) => l.line).join('\n') });
  printStages('gdw encode', encode);
  return { cohort, bundle, encode: strip(encode) };
}

const strip = ({ lines: _l, ...run }) => run;

/** One rung of the ladder: cohort, bundle, backbones, then evaluate, each measured. */
async function runRung(samples, options, dir) {
  console.log(`\n=== N = ${count(samples)}: [${count(samples)}, ${count(PAPER.genes)}, ${PAPER.channels}] with ${count(options.genes)} real genes ===`);
  const { cohort, bundle, encode } = await cohortAndBundle(samples, options, dir);
  // 3. Two untrained backbones at [18,432, 8], annotated with this bundle's codec (not timed).
  const backbones = await runJson(PYTHON, [BACKBONES, '--bundle', bundle, '--out', join(dir, 'models')]);
  const models = Object.fromEntries(backbones.models.map((m) => [m.family, m.path]));
  console.log(`backbones: ${backbones.models.map((m) => `${m.family} ${count(m.parameters)} parameters (${mib(m.bytes)})`).join(', ')}, untrained`);
  // 4. The evaluation, stage by stage (--no-cli: the rung only prepares the tab's inputs).
  if (!options.cli) return { samples, cohort, backbones: backbones.models, encode, evaluate: null };
  const evaluate = await runStaged(GDW, evaluateArgs(bundle, models, options), { isStage: evaluateStage, firstStage: 'start, read bundle' });
  if (evaluate.exitCode !== 0) throw failed('gdw evaluate', { exitCode: evaluate.exitCode, stderr: evaluate.lines.map((l) => l.line).join('\n') });
  printStages('gdw evaluate', evaluate);
  return { samples, cohort, backbones: backbones.models, encode, evaluate: { ...strip(evaluate), log: evaluate.lines } };
}

/** A rung kept by an earlier run (--keep): its cohort, bundle and backbones, for the tab alone (--rung-dir DIR/nN). */
function keptRung(dir) {
  const samples = readFileSync(join(dir, 'cohort', 'cohort.fam'), 'utf8').trim().split('\n').length;
  const backbones = readdirSync(join(dir, 'models')).filter((f) => f.endsWith('.onnx'))
    .map((f) => ({ family: f.replace(/\.onnx$/, ''), path: join(dir, 'models', f) }));
  console.log(`\n=== kept rung ${dir}: N = ${count(samples)}, backbones ${backbones.map((b) => b.family).join(', ')} ===`);
  return { samples, backbones, dir, evaluate: null };
}

/** The encode alone at the paper's N (it streams the tensor in chunks, so it is measured, not extrapolated); files deleted after. */
async function runFullEncode(options, scratch) {
  console.log(`\n=== encode only, N = ${count(PAPER.samples)}: [${count(PAPER.samples)}, ${count(PAPER.genes)}, ${PAPER.channels}] with ${count(options.genes)} real genes ===`);
  const dir = join(scratch, 'full-encode');
  try {
    const { cohort, encode } = await cohortAndBundle(PAPER.samples, options, dir);
    return { samples: PAPER.samples, cohort, encode };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const options = readOptions();
  if (!hasPythonModules(['torch', 'onnx'])) throw new Error(`${PYTHON} cannot import torch and onnx (run models/setup.sh)`);
  console.log(describeLoad('at start'));
  const scratch = mkdtempSync(join(tmpdir(), 'gdw-scale-'));
  const result = { machine: machineInfo(), options, paper: PAPER, rungs: [], browser: null };
  try {
    if (options.rungDir) result.rungs.push(keptRung(options.rungDir));
    else {
      for (const samples of options.ladder) {
        const dir = join(scratch, `n${samples}`);
        result.rungs.push({ ...(await runRung(samples, options, dir)), dir });
      }
    }
    if (options.fullEncode) result.fullEncode = await runFullEncode(options, scratch);
    const first = result.rungs[0];
    const models = first && Object.fromEntries(first.backbones.map((m) => [m.family, m.path]));
    if (first && options.browser) {
      const { runBrowser } = await import('./scaleBrowser.mjs');
      // The tab generates --browser-n per backbone (default: the bundle's N), to keep the run short.
      const browserOptions = { ...options, n: options.browserN ?? first.samples };
      result.browser = await runBrowser({
        bundle: join(first.dir, 'bundle'), cohortDir: join(first.dir, 'cohort'), models, samples: first.samples, options: browserOptions, scratch,
      });
    }
    if (result.rungs.length >= 2 && options.cli) {
      const bytesPerRow = rowBytes(PAPER.genes, PAPER.channels);
      result.fit = {
        encode: fitStages(result.rungs, 'encode', PAPER.samples), evaluate: fitStages(result.rungs, 'evaluate', PAPER.samples),
        encodeWhole: fitWhole(result.rungs, 'encode', PAPER.samples), evaluateWhole: fitWhole(result.rungs, 'evaluate', PAPER.samples),
      };
      printFit('gdw encode, peak RSS per stage (it streams the tensor in 1,024-sample chunks, so its peak levels off: --full-encode measures it)', result.fit.encode, result.rungs, PAPER.samples, bytesPerRow, result.fit.encodeWhole);
      printFit('gdw evaluate, peak RSS per stage', result.fit.evaluate, result.rungs, PAPER.samples, bytesPerRow, result.fit.evaluateWhole);
    }
  } finally {
    if (options.keep) console.log(`kept ${scratch}`);
    else rmSync(scratch, { recursive: true, force: true });
  }
  console.log(describeLoad('at end'));
  console.log(`result: ${writeResult('scale', result)}`);
}

main().catch((err) => {
  console.error(err.message);
  process.exit(1);
});
