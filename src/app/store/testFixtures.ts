// Small fixtures for the store's transition tests (Node, no browser).
import type { BackboneSpec } from '../../core/backbone/spec';
import type { LoadReport } from '../../core/genotype/loadReport';
import type { BundleSummary, CohortSummary, EncodeSummary } from '../../engines/data';
import type { LoadedBackbone } from '../../engines/inference';
import type { SampleProgress } from '../../engines/progress';

export function createLoadedBackboneFixture(): LoadedBackbone {
  const spec = { fileName: 'demo.onnx', genes: 4, channels: 2, realGenes: 3 } as BackboneSpec;
  return { spec, sha256: 'ef'.repeat(32), executionProvider: 'webgpu', gpu: { adapterName: 'test adapter', hasShaderF16: false }, fallbackReason: null, loadMs: 12 };
}

export function createProgressFixture(stepsDone: number, stepsTotal = 20): SampleProgress {
  return {
    status: 'progress', backbone: 'demo.onnx', stepsDone, stepsTotal, samplesDone: 0, samplesTotal: 8,
    elapsedMs: stepsDone * 10, etaMs: (stepsTotal - stepsDone) * 10,
  };
}

export function createCohortSummaryFixture(cohortId: number): CohortSummary {
  return {
    source: 'genotypes', cohortId, files: [{ name: 'cohort.vcf.gz', sizeBytes: 10, role: 'vcf', reason: 'VCF header' }], format: 'vcf',
    genotypeFile: 'cohort.vcf.gz', report: { samples: 500, variants: 2082 } as LoadReport, classNames: ['control', 'case'],
    hasGeneMap: true, defaultGeneSlots: 512, loadMs: 5,
  };
}

export function createEncodeSummaryFixture(cohortId: number): EncodeSummary {
  return { source: 'genotypes', cohortId, geneSlots: 512, codecSha256: 'ab'.repeat(32) } as EncodeSummary;
}

/** A bundle zip loaded back: its encoding arrives with it. */
export function createBundleSummaryFixture(cohortId: number): BundleSummary {
  const bundleFile = 'cohort-G512-bundle.zip';
  return {
    source: 'bundle', cohortId, files: [{ name: bundleFile, sizeBytes: 10, role: 'bundle', reason: 'zip magic bytes 50 4b 03 04' }],
    bundleFile, samples: 500, classNames: ['control', 'case'], classCounts: [250, 250], unlabelledCount: 0, loadMs: 3,
    encoding: { source: 'bundle', cohortId, bundleFile, geneSlots: 512, codecSha256: 'cd'.repeat(32) } as BundleSummary['encoding'],
  };
}
