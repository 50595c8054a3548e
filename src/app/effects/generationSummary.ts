// What one run produced, for any backbone: how many samples of which shape and classes, how long
// it took, and two sanity numbers (the rms over real slots, the count of non-finite values) that
// show a diverged sampler at a glance. Comparing the samples with real data is the Compare panel's job.
import type { BackboneSpec } from '../../core/backbone/spec';
import type { SampleHealth } from '../../core/diffusion/sampleHealth';
import type { SampleResult } from '../../engines/inference';
import type { BackboneId, GenerationSummary } from '../store';

function classCounts(labels: Int32Array | null | undefined): number[] | null {
  if (!labels) return null;
  const counts: number[] = [];
  for (const label of labels) counts[label] = (counts[label] ?? 0) + 1;
  return Array.from(counts, (n) => n ?? 0);
}

/** The run's summary; `health` is computed where the set lies (the backbone worker: core/diffusion/sampleHealth.ts). */
export function summarizeGeneration(
  result: Omit<SampleResult, 'samples'>, backboneId: BackboneId, spec: BackboneSpec, health: SampleHealth,
): GenerationSummary {
  const { count, genes, channels, request } = result;
  const { realSlotRms, nonFiniteCount } = health;
  return {
    backboneId, fileName: spec.fileName, backboneKind: spec.kind, count, genes, channels, classCounts: classCounts(request.classLabels),
    realSlotRms, nonFiniteCount, request, elapsedMs: result.elapsedMs, executionProvider: result.executionProvider,
  };
}
