// What one run produced, for any backbone: how many samples of which shape and classes, how long
// it took, and two sanity numbers (the rms over real slots, the count of non-finite values) that
// show a diverged sampler at a glance. Comparing the samples with real data is the Compare panel's job.
import type { BackboneSpec } from '../../core/backbone/spec';
import type { SampleResult } from '../../engines/inference';
import type { BackboneId, GenerationSummary } from '../store';

function classCounts(labels: Int32Array | null | undefined): number[] | null {
  if (!labels) return null;
  const counts: number[] = [];
  for (const label of labels) counts[label] = (counts[label] ?? 0) + 1;
  return Array.from(counts, (n) => n ?? 0);
}

export function summarizeGeneration(result: SampleResult, backboneId: BackboneId, spec: BackboneSpec): GenerationSummary {
  const { samples, count, genes, channels, request } = result;
  const dims = genes * channels;
  const mask = request.mask ?? null;
  let sumSquares = 0;
  let realValues = 0;
  let nonFiniteCount = 0;
  for (let i = 0; i < samples.length; i++) {
    const x = samples[i];
    if (!Number.isFinite(x)) {
      nonFiniteCount++;
    } else if (mask === null || mask[i % dims] === 1) {
      sumSquares += x * x;
      realValues++;
    }
  }
  return {
    backboneId, fileName: spec.fileName, backboneKind: spec.kind, count, genes, channels, classCounts: classCounts(request.classLabels),
    realSlotRms: realValues > 0 ? Math.sqrt(sumSquares / realValues) : NaN, nonFiniteCount,
    request, elapsedMs: result.elapsedMs, executionProvider: result.executionProvider,
  };
}
