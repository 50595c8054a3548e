// The committed demo comparison (public/demo/demo-comparison.json) is what the precompute script
// would write today: a report this workbench reads, computed on the encoding the shipped demo
// cohort gives (its codec SHA-256 recomputed here by `gdw encode`), of exactly the shipped demo
// backbones (each file's SHA-256 recomputed), with the script's settings. Otherwise it is stale.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, type CliIo } from '../src/cli/main';
import { sha256Hex } from '../src/core/report/plan';
import { readReport } from '../src/core/report/readReport';
import type { EvaluationReport } from '../src/core/report/types';
import {
  demoBackboneDir, demoBackboneId, demoComparisonFile, demoComparisonSettings, demoEncodeArgs, listShippedDemoBackbones,
  regenerateCommand, repoRoot,
} from './demoComparison.ts';

const stale = (what: string) => `${demoComparisonFile} is stale: ${what}. Regenerate it with \`${regenerateCommand}\` and commit it`;
const quietIo: CliIo = { stdout: () => undefined, stderr: () => undefined };

describe(demoComparisonFile, () => {
  let report: EvaluationReport;
  let work: string;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'gdw-demo-comparison-test-'));
    report = readReport(await readFile(join(repoRoot, demoComparisonFile), 'utf8'), demoComparisonFile);
  });

  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('was computed on the encoding of the shipped demo cohort', async () => {
    const bundleDir = join(work, 'bundle');
    expect(await main(demoEncodeArgs(bundleDir), quietIo)).toBe(0);
    const layout = JSON.parse(await readFile(join(bundleDir, 'layout.json'), 'utf8')) as { codecSha256: string };
    expect(report.bundle.codecSha256, stale('the demo cohort now encodes to another codec')).toBe(layout.codecSha256);
  });

  it('evaluates exactly the shipped demo backbones, byte for byte', async () => {
    const shipped = listShippedDemoBackbones();
    expect(shipped.length).toBeGreaterThan(0);
    expect(report.backbones.map((b) => b.id), stale(`the demo backbones in ${demoBackboneDir} changed`))
      .toEqual(shipped.map(demoBackboneId));
    for (const entry of shipped) {
      const bytes = await readFile(join(repoRoot, demoBackboneDir, entry.file));
      const recorded = report.backbones.find((b) => b.id === demoBackboneId(entry))!.file;
      expect(recorded.name).toBe(entry.file);
      expect(recorded.sha256, stale(`${demoBackboneDir}/${entry.file} changed`)).toBe(await sha256Hex(bytes));
    }
  });

  it('records the settings the precompute script passes', () => {
    const s = demoComparisonSettings;
    const { settings, tstr } = report;
    const recorded = {
      seed: settings.seed, sampler: settings.sampler.kind, steps: settings.sampler.steps, eta: settings.sampler.eta,
      k: settings.metrics.k, bootstrap: settings.metrics.bootstrap.resamples, umapPoints: settings.umap?.maxPerSet,
      levels: settings.reconstruction.levels,
      tstr: tstr.status === 'done' ? tstr.runs.map((r) => r.classifier).join(',') : 'none',
      tstrEpochs: tstr.status === 'done' ? tstr.runs[0].report.settings.train.epochs : null,
      tstrSet: tstr.status === 'done' ? tstr.synthetic.trainingSet : null,
    };
    // Threads change the speed, never the numbers: the report does not record them.
    const expected = Object.fromEntries(Object.entries(s).filter(([key]) => key !== 'threads'));
    expect(recorded, stale('the settings in scripts/demoComparison.ts changed')).toEqual(expected);
    expect(report.generator).toBe('gdw evaluate');
  });
});
