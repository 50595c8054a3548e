// The figures of bench/scale.mjs: per-stage tables of each rung of the N ladder, and the linear
// fit in N of each stage's peak RSS, CPU and wall time, extrapolated to the paper's cohort.
import { count, mib, row, seconds } from './common.mjs';

/** Bytes of one sample's [G, C] float32 row at the paper's shape: 18,432 × 8 × 4. */
export const rowBytes = (genes, channels) => genes * channels * 4;

/** Least squares y = a + b·x; with two points the line through both. Null with fewer than two distinct x. */
export function linearFit(points) {
  const xs = points.map((p) => p[0]);
  if (new Set(xs).size < 2) return null;
  const n = points.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = points.reduce((a, p) => a + p[1], 0) / n;
  const sxx = points.reduce((a, p) => a + (p[0] - mx) ** 2, 0);
  const sxy = points.reduce((a, p) => a + (p[0] - mx) * (p[1] - my), 0);
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  const residual = Math.sqrt(points.reduce((a, p) => a + (p[1] - intercept - slope * p[0]) ** 2, 0) / n);
  return { intercept, slope, residual, at: (x) => intercept + slope * x };
}

/** A log line as a stage name: paths shortened to their last part, long tails cut. */
export function stageName(label, width = 64) {
  const short = label.replace(/\/\S*\/([^/\s:]+)/g, '…/$1').replace(/^(\[\w+\] settings):.*/, '$1 (opened; checks, warm-up)');
  return short.length > width ? `${short.slice(0, width - 1)}…` : short;
}

/** Stages of one run, in order, as table rows. */
export function printStages(title, run) {
  console.log(`\n${title}: ${seconds(run.wallSeconds)} s wall, ${seconds(run.cpuSeconds)} s CPU, peak RSS ${mib(run.peakRssBytes)}` +
    `${run.exitCode === 0 ? '' : ` (exit ${run.exitCode})`}`);
  const widths = [64, 9, 9, 11, 11];
  console.log(row(['stage (the log line that starts it)', 'wall s', 'CPU s', 'peak RSS', 'RSS at end'], widths));
  for (const s of run.stages) {
    console.log(row([stageName(s.label), seconds(s.wallSeconds), seconds(s.cpuSeconds), mib(s.peakRssBytes), mib(s.endRssBytes)], widths));
  }
}

/** Stages found in every rung (by key), with their per-rung figures and fits in N. */
export function fitStages(rungs, pick, target) {
  const keys = rungs[0][pick].stages.map((s) => s.key);
  return keys.flatMap((key, index) => {
    const per = rungs.map((r) => ({ samples: r.samples, stage: r[pick].stages.find((s) => s.key === key) }));
    if (per.some((p) => !p.stage) || keys.indexOf(key) !== index) return [];
    const fit = (field) => linearFit(per.filter((p) => p.stage[field] !== null).map((p) => [p.samples, p.stage[field]]));
    const peak = fit('peakRssBytes');
    const cpu = fit('cpuSeconds');
    const wall = fit('wallSeconds');
    return [{
      key, label: per[0].stage.label, per: per.map((p) => ({ samples: p.samples, ...p.stage })),
      peak: peak && { ...peak, at: undefined, target: peak.at(target) },
      cpu: cpu && { ...cpu, at: undefined, target: cpu.at(target) },
      wall: wall && { ...wall, at: undefined, target: wall.at(target) },
    }];
  });
}

/** The whole process (peak RSS, CPU and wall time of the run) fitted in N. */
export function fitWhole(rungs, pick, target) {
  const fit = (field) => {
    const line = linearFit(rungs.filter((r) => r[pick][field] !== null).map((r) => [r.samples, r[pick][field]]));
    return line && { intercept: line.intercept, slope: line.slope, residual: line.residual, target: line.at(target) };
  };
  return { per: rungs.map((r) => ({ samples: r.samples, peakRssBytes: r[pick].peakRssBytes, cpuSeconds: r[pick].cpuSeconds, wallSeconds: r[pick].wallSeconds })),
    peak: fit('peakRssBytes'), cpu: fit('cpuSeconds'), wall: fit('wallSeconds') };
}

/** The fitted stages as a table: measured per rung, slope per sample, and the value extrapolated to `target`. */
export function printFit(title, fitted, rungs, target, bytesPerRow, whole = null) {
  console.log(`\n${title}: fitted linearly in N over N = ${rungs.map((r) => count(r.samples)).join(', ')}; ` +
    `EXTRAPOLATED to N = ${count(target)} (slope in rows: MiB per sample ÷ one [G, C] float32 row of ${mib(bytesPerRow)})`);
  const widths = [44, ...rungs.map(() => 10), 14, 12, 11, 11];
  console.log(row(['stage', ...rungs.map((r) => `N=${count(r.samples)}`), 'slope/sample', 'rows/sample', `peak @${count(target)}`, `CPU s @${count(target)}`], widths));
  for (const f of fitted) {
    const slope = f.peak?.slope ?? null;
    console.log(row([
      stageName(f.label, 44), ...f.per.map((p) => mib(p.peakRssBytes)),
      slope === null ? 'n/a' : `${(slope / 1024 ** 2).toFixed(3)} MiB`, slope === null ? 'n/a' : (slope / bytesPerRow).toFixed(2),
      f.peak ? mib(f.peak.target) : 'n/a', f.cpu ? seconds(f.cpu.target) : 'n/a',
    ], widths));
  }
  if (whole) {
    const slope = whole.peak?.slope ?? null;
    console.log(row(['whole process', ...whole.per.map((p) => mib(p.peakRssBytes)),
      slope === null ? 'n/a' : `${(slope / 1024 ** 2).toFixed(3)} MiB`, slope === null ? 'n/a' : (slope / bytesPerRow).toFixed(2),
      whole.peak ? mib(whole.peak.target) : 'n/a', whole.cpu ? seconds(whole.cpu.target) : 'n/a'], widths));
    console.log(`whole process CPU s: ${whole.per.map((p) => seconds(p.cpuSeconds)).join(', ')}; wall s: ${whole.per.map((p) => seconds(p.wallSeconds)).join(', ')} ` +
      `(wall extrapolated: ${whole.wall ? seconds(whole.wall.target) : 'n/a'}, on a machine shared with other jobs)`);
  }
}
