// Fallback for bench/measure.mjs where GNU time is missing: runs a Node script in this process
// (node bench/withMaxRss.mjs SCRIPT ARGS…) and, at exit, writes its CPU time and peak RSS
// (process.resourceUsage(): maxRSS in KiB, CPU times in µs) as JSON to $GDW_BENCH_USAGE_FILE.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [script, ...args] = process.argv.slice(2);
const usageFile = process.env.GDW_BENCH_USAGE_FILE;
if (!script || !usageFile) {
  console.error('usage: GDW_BENCH_USAGE_FILE=FILE node bench/withMaxRss.mjs SCRIPT [ARGS…]');
  process.exit(2);
}
process.on('exit', () => {
  const usage = process.resourceUsage();
  writeFileSync(usageFile, JSON.stringify({
    cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
    peakRssBytes: usage.maxRSS * 1024,
  }));
});
// The script reads its arguments from process.argv, as if it had been started itself.
process.argv = [process.argv[0], resolve(script), ...args];
await import(pathToFileURL(resolve(script)).href);
