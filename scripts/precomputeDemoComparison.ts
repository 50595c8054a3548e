// Writes public/demo/demo-comparison.json, the comparison the app shows on first open, labelled
// "precomputed — run again" (run: npm run precompute:demo, 2½ to 4 minutes on 2 shared cores). It runs
// the `gdw` command itself (src/cli): encode the shipped demo cohort, then evaluate every built-in
// demo backbone on it with the settings of scripts/demoComparison.ts. The output is committed;
// scripts/demoComparison.test.ts fails when the cohort, a backbone or a setting no longer matches it.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../src/cli/main';
import { demoComparisonFile, demoEncodeArgs, demoEvaluateArgs, repoRoot } from './demoComparison.ts';

async function gdw(args: string[]): Promise<void> {
  console.log(`gdw ${args[0]} …`);
  const status = await main(args);
  if (status !== 0) throw new Error(`gdw ${args[0]} failed (exit ${status})`);
}

const work = await mkdtemp(join(tmpdir(), 'gdw-demo-comparison-'));
try {
  const bundleDir = join(work, 'demo-bundle');
  const outPath = join(repoRoot, demoComparisonFile);
  const started = performance.now();
  await gdw(demoEncodeArgs(bundleDir));
  await gdw(demoEvaluateArgs(bundleDir, outPath));
  // The report is committed: it must not name a folder of this machine.
  const text = await readFile(outPath, 'utf8');
  for (const path of [repoRoot, work]) {
    if (text.includes(path)) throw new Error(`${demoComparisonFile} names ${path}; a committed report must hold no local path`);
  }
  console.log(`wrote ${demoComparisonFile} (${(text.length / 1024).toFixed(0)} KiB) in ${((performance.now() - started) / 1000).toFixed(0)} s`);
} finally {
  await rm(work, { recursive: true, force: true });
}
