// The demo comparison the app shows on first open, precomputed from what the repository ships:
// `gdw encode` of the demo cohort as the demo backbones were trained, then `gdw evaluate` of
// every built-in demo backbone on it (the evaluation pipeline the Compare panel runs). The
// script (precomputeDemoComparison.ts) and the staleness test (demoComparison.test.ts) share
// these arguments, so the test checks the report against exactly what the script would do.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listDemoBackbones, type DemoBackboneEntry } from './demoBackbones.ts';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** Where the report is committed (under public/, so the app fetches it from its own origin). */
export const demoComparisonFile = 'public/demo/demo-comparison.json';

/** The command that rewrites it, for messages. */
export const regenerateCommand = 'npm run precompute:demo';

/** The folder of the built-in demo backbones (published by scripts/demoBackbones.ts). */
export const demoBackboneDir = 'models/demo';

/**
 * Every setting that changes a number, chosen to finish in 2½ to 4 minutes on 2 shared cores: the
 * Compare panel's defaults (seed 0, k 10, 1,000 bootstrap resamples, UMAP ≤ 300 points per set,
 * 20 noise levels, MLP TSTR, 30 epochs, training sets matched to the real split) and the
 * Generate panel's sampler (DDIM, 50 steps, η = 0); n per set is the holdout size (100).
 */
export const demoComparisonSettings = {
  seed: 0, sampler: 'ddim', steps: 50, eta: 0, k: 10, bootstrap: 1000, umapPoints: 300, levels: 20,
  tstr: 'mlp', tstrEpochs: 30, tstrSet: 'matched', threads: 1,
} as const;

/** The id the app gives a built-in backbone ('builtin:<family>'), so the report names it as the app does. */
export const demoBackboneId = (entry: DemoBackboneEntry): string => `builtin:${entry.family}`;

export const listShippedDemoBackbones = (): DemoBackboneEntry[] => listDemoBackbones(join(repoRoot, demoBackboneDir));

/** `gdw encode` of the shipped demo cohort, as models/demo/README.md encodes it for training. */
export function demoEncodeArgs(bundleDir: string): string[] {
  const cohort = join(repoRoot, 'public/demo/cohort');
  return [
    'encode', '--vcf', join(cohort, 'cohort.vcf.gz'), '--genes', join(cohort, 'genes.bed'),
    '--pheno', join(cohort, 'phenotype.tsv'), '--seed', '1', '--pad', '128', '--out', bundleDir,
  ];
}

/** `gdw evaluate` of every shipped demo backbone on that bundle. */
export function demoEvaluateArgs(bundleDir: string, outPath: string): string[] {
  const s = demoComparisonSettings;
  const backbones = listShippedDemoBackbones().flatMap((entry) => [
    '--backbone', `${demoBackboneId(entry)}=${join(repoRoot, demoBackboneDir, entry.file)}`,
  ]);
  return [
    'evaluate', '--bundle', bundleDir, ...backbones,
    '--seed', String(s.seed), '--sampler', s.sampler, '--steps', String(s.steps), '--eta', String(s.eta),
    '--k', String(s.k), '--bootstrap', String(s.bootstrap), '--umap-points', String(s.umapPoints),
    '--levels', String(s.levels), '--tstr', s.tstr, '--tstr-epochs', String(s.tstrEpochs), '--tstr-set', s.tstrSet,
    '--threads', String(s.threads), '--out', outPath,
  ];
}
