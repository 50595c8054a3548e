// Time, CPU and peak RSS per stage of one child process, for bench/scale.mjs. The child's log
// lines mark its stages (`gdw evaluate` logs one line as each step starts): each line is
// timestamped as it arrives, and at that moment the stage that ends is measured from /proc — its
// peak RSS is the kernel's high-water mark (VmHWM), which is then reset (`5` written to
// /proc/PID/clear_refs, Linux ≥ 4.0), so every stage gets its own peak, however brief, rather than
// the peak so far. The child runs inside bench/scaleChild.mjs, which reads the last stage's
// VmHWM and CPU itself at exit. VmRSS is also sampled every `sampleMs` for a timeline.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { clearInterval, setInterval } from 'node:timers';

const CHILD = new URL('./scaleChild.mjs', import.meta.url).pathname;
const KiB = 1024;
const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** VmRSS and VmHWM (bytes) and CPU seconds (user + system, all threads) of a live process; null once it is gone. */
export function readProcess(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * KiB;
    const [utime, stime] = stat.slice(stat.lastIndexOf(')') + 2).split(' ').slice(11, 13).map(Number);
    return { rssBytes: kb('VmRSS'), hwmBytes: kb('VmHWM'), cpuSeconds: (utime + stime) / TICKS_PER_SECOND };
  } catch {
    return null;
  }
}

/** Resets the process's peak RSS (VmHWM) to its current RSS; false where the kernel refuses. */
export function resetPeak(pid) {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** The stage a log line starts: digits folded so that the same step matches across runs of other sizes. */
export function stageKey(line) {
  return line.trim().replace(/\d[\d,.]*/g, '#').replace(/\s+/g, ' ');
}

/**
 * Runs `node SCRIPT ARGS…` (inside scaleChild.mjs) and returns { exitCode, wallSeconds, stages,
 * peakRssBytes, timeline, lines, resetWorks }. `isStage(line)` says which lines start a stage;
 * each stage is { label, key, startSeconds, wallSeconds, cpuSeconds, peakRssBytes, endRssBytes }.
 * `onLine(line, child)` may kill the child early (the read probe does).
 */
export async function runStaged(script, args, { isStage = () => true, firstStage = 'start', sampleMs = 250, onLine, env } = {}) {
  const scratch = mkdtempSync(join(tmpdir(), 'gdw-scale-stage-'));
  const exitFile = join(scratch, 'exit.json');
  const started = performance.now();
  const child = spawn('node', [CHILD, script, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env, GDW_SCALE_EXIT_FILE: exitFile },
  });
  const now = () => (performance.now() - started) / 1000;
  const stages = [];
  const timeline = [];
  const lines = [];
  let current = { label: firstStage, key: firstStage, startSeconds: 0, startCpu: 0 };
  let resetWorks = null;
  const close = (usage) => {
    stages.push({
      label: current.label, key: current.key, startSeconds: current.startSeconds, wallSeconds: now() - current.startSeconds,
      cpuSeconds: usage ? Math.max(0, usage.cpuSeconds - current.startCpu) : null, peakRssBytes: usage?.hwmBytes ?? null, endRssBytes: usage?.rssBytes ?? null,
    });
  };
  const onStageLine = (line) => {
    const usage = readProcess(child.pid);
    if (resetWorks === null && usage) resetWorks = resetPeak(child.pid);
    else if (resetWorks) resetPeak(child.pid);
    close(usage);
    current = { label: line.trim(), key: stageKey(line), startSeconds: now(), startCpu: usage?.cpuSeconds ?? 0 };
  };
  const sampler = setInterval(() => {
    const usage = readProcess(child.pid);
    if (usage) timeline.push([Number(now().toFixed(2)), usage.rssBytes]);
  }, sampleMs);
  const read = (stream, name) => {
    createInterface({ input: stream }).on('line', (line) => {
      lines.push({ at: now(), stream: name, line });
      if (line.trim() !== '' && isStage(line, name)) onStageLine(line);
      onLine?.(line, child);
    });
  };
  read(child.stdout, 'stdout');
  read(child.stderr, 'stderr');
  const exitCode = await new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve(code ?? signal));
  });
  clearInterval(sampler);
  let last = null;
  try {
    last = JSON.parse(readFileSync(exitFile, 'utf8'));
  } catch {
    // killed before its exit hook ran: the last stage has no measure
  }
  close(last);
  rmSync(scratch, { recursive: true, force: true });
  const peaks = stages.map((s) => s.peakRssBytes).filter((b) => b !== null);
  return {
    exitCode, wallSeconds: now(), stages, timeline, lines, resetWorks,
    peakRssBytes: peaks.length > 0 ? Math.max(...peaks) : null,
    cpuSeconds: last?.cpuSeconds ?? null,
  };
}
