// Runs a benchmark step as a child process and measures it from outside: wall time, CPU time
// (user + system) and peak RSS. Peak RSS comes from GNU time (`/usr/bin/time -f`, the kernel's
// ru_maxrss of the child) or, without it, from bench/withMaxRss.mjs, which runs a Node script
// in-process and records process.resourceUsage() at exit.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const GNU_TIME = '/usr/bin/time';
const WRAPPER = new URL('./withMaxRss.mjs', import.meta.url).pathname;

let gnuTime;

/**
 * Whether GNU time is there (BusyBox and BSD `time` lack -f/-o with %M in kilobytes);
 * GDW_BENCH_NO_GNU_TIME=1 forces the fallback, to check it.
 */
export function hasGnuTime() {
  gnuTime ??= !process.env.GDW_BENCH_NO_GNU_TIME && existsSync(GNU_TIME)
    && spawnSync(GNU_TIME, ['-o', '/dev/null', '-f', '%M', 'true']).status === 0;
  return gnuTime;
}

function runChild(command, args, options) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; if (options.echo) process.stdout.write(d); });
    child.stderr.on('data', (d) => { stderr += d; if (options.echo) process.stderr.write(d); });
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ exitCode, stdout, stderr }));
  });
}

/**
 * Runs `command args` and returns { exitCode, stdout, stderr, wallSeconds, cpuSeconds,
 * peakRssBytes, method }. A Node script (command 'node') is wrapped when GNU time is missing;
 * any other command then reports cpuSeconds and peakRssBytes as null (the caller may have
 * its own report of them).
 */
export async function runMeasured(command, args, options = {}) {
  const scratch = mkdtempSync(join(tmpdir(), 'gdw-measure-'));
  const usageFile = join(scratch, 'usage');
  try {
    const started = performance.now();
    if (hasGnuTime()) {
      const result = await runChild(GNU_TIME, ['-o', usageFile, '-f', '%U %S %M', command, ...args], options);
      const [user, system, maxRssKb] = readFileSync(usageFile, 'utf8').trim().split(/\s+/).slice(-3).map(Number);
      return { ...result, wallSeconds: (performance.now() - started) / 1000, cpuSeconds: user + system, peakRssBytes: maxRssKb * 1024, method: 'GNU time' };
    }
    if (command === 'node') {
      const result = await runChild('node', [WRAPPER, ...args], { ...options, env: { ...process.env, ...options.env, GDW_BENCH_USAGE_FILE: usageFile } });
      const usage = JSON.parse(readFileSync(usageFile, 'utf8'));
      return { ...result, wallSeconds: (performance.now() - started) / 1000, ...usage, method: 'process.resourceUsage()' };
    }
    const result = await runChild(command, args, options);
    return { ...result, wallSeconds: (performance.now() - started) / 1000, cpuSeconds: null, peakRssBytes: null, method: 'wall only' };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Runs a command for its one-line JSON answer (the last line of stdout). */
export async function runJson(command, args, options = {}) {
  const result = await runChild(command, args, options);
  if (result.exitCode !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.exitCode}):\n${result.stderr.slice(-2000)}`);
  }
  return JSON.parse(result.stdout.trim().split('\n').pop());
}
