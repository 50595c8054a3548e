// What every benchmark shares: where things are, the Python that runs the references, the
// machine and its load (other jobs share it), the printed table's cells and the JSON result
// written to bench/out/.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, getPriority, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const BENCH_DIR = dirname(new URL(import.meta.url).pathname);
export const ROOT = dirname(BENCH_DIR);
/** Debian's Python: numpy, scikit-learn and torch come from apt (models/setup.sh), not pip. */
export const PYTHON = '/usr/bin/python3';
const MiB = 1024 ** 2;

let tsxRegistered = false;

/** Imports one of the workbench's TypeScript modules by its path from the repository root,
 * through tsx, as bin/gdw.mjs runs the CLI (no build step). */
export async function importWorkbench(path) {
  if (!tsxRegistered) {
    const { register } = await import('tsx/esm/api');
    register();
    tsxRegistered = true;
  }
  return import(pathToFileURL(join(ROOT, path)).href);
}

/** Whether PYTHON imports every module named. */
export function hasPythonModules(modules) {
  return spawnSync(PYTHON, ['-c', `import ${modules.join(', ')}`], { stdio: 'ignore' }).status === 0;
}

/** 1-, 5- and 15-minute load averages: with other jobs on the machine, wall times move with them. */
export function loadAverages() {
  return loadavg().map((l) => Math.round(l * 100) / 100);
}

export function machineInfo() {
  return {
    cpus: cpus().length, cpuModel: cpus()[0]?.model ?? null, totalMemoryBytes: totalmem(), node: process.version,
    niceness: getPriority(), loadAverageAtStart: loadAverages(),
  };
}

/** One line on the machine's load, printed before and after a run. */
export function describeLoad(when) {
  const [one, five] = loadAverages();
  const busy = one > cpus().length ? ` (busier than its ${cpus().length} CPUs: compare the CPU-time ratio, which moves less)` : '';
  return `load average ${when}: ${one} (1 min), ${five} (5 min)${busy}; this benchmark runs at nice ${getPriority()}`;
}

export function writeResult(benchmark, result) {
  const outDir = join(BENCH_DIR, 'out');
  mkdirSync(outDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/:/g, '').replace(/\..*/, '');
  const file = join(outDir, `${benchmark}-${stamp}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}

/** The run with the least wall time: the one least disturbed by other load. */
export function fastestRun(runs, key = 'wallSeconds') {
  return runs.reduce((a, b) => (b[key] < a[key] ? b : a));
}

/** a / b, or null when either is missing. */
export function ratioOf(a, b) {
  return a === null || a === undefined || !b ? null : a / b;
}

export const count = (n) => n.toLocaleString('en-US');
export const seconds = (s) => (s === null || s === undefined ? 'n/a' : s.toFixed(2));
export const mib = (b) => (b === null || b === undefined ? 'n/a' : `${count(Math.round(b / MiB))} MiB`);
export const times = (r) => (r === null || r === undefined ? 'n/a' : `${r.toFixed(2)}×`);

/** A table row: the first cell left-aligned, the others right-aligned. */
export function row(cells, widths) {
  return cells.map((cell, i) => (i === 0 ? String(cell).padEnd(widths[i]) : String(cell).padStart(widths[i]))).join('  ');
}

/** Environment that pins BLAS (OpenBLAS, OpenMP, MKL) to `n` threads. */
export function blasThreads(n) {
  return { OPENBLAS_NUM_THREADS: String(n), OMP_NUM_THREADS: String(n), MKL_NUM_THREADS: String(n) };
}

/** A child's one-line JSON answer: the last line of its stdout. */
export function lastJsonLine(stdout) {
  return JSON.parse(stdout.trim().split('\n').pop());
}

/** A child's whole-process usage: measure.mjs' numbers, else the child's own report of itself. */
export function processUsage(measured, own = {}) {
  return {
    wallSeconds: measured.wallSeconds, cpuSeconds: measured.cpuSeconds ?? own.cpuSeconds ?? null,
    peakRssBytes: measured.peakRssBytes ?? own.peakRssBytes ?? null,
  };
}

export function failed(step, result) {
  return new Error(`${step} failed (exit ${result.exitCode}):\n${result.stderr.slice(-3000)}`);
}
