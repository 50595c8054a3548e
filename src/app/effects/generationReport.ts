// The moment checks of one run of the Gaussian demo backbone: samples against the target
// N(μ, σ²), and against the exact moments this sampler gives with the optimal denoiser.
import type { BackboneSpec } from '../../core/backbone/spec';
import { createSchedule } from '../../core/diffusion/schedule';
import { expectedGaussianSampleMoments, samplerPath } from '../../core/metrics/gaussianSamplerMoments';
import {
  compareMoments, isConsistentWithTarget, statisticalTolerances, type GaussianMoments,
} from '../../core/metrics/moments';
import type { SampleResult } from '../../engines/inference';
import type { GenerationReport, MomentCheck } from '../store';

function checkMoments(result: SampleResult, reference: GaussianMoments): MomentCheck {
  const { samples, count, genes, channels, request } = result;
  const comparison = compareMoments(samples, count, genes * channels, reference, request.mask);
  const tolerances = statisticalTolerances(count, Math.max(1, comparison.summary.slotCount));
  return { comparison, tolerances, consistent: isConsistentWithTarget(comparison.summary, tolerances) };
}

export function createGenerationReport(result: SampleResult, spec: BackboneSpec, target: GaussianMoments): GenerationReport {
  const schedule = createSchedule(spec.schedule);
  const expected = expectedGaussianSampleMoments(schedule.alphasCumprod, samplerPath(schedule.timesteps, result.request), target);
  return {
    request: result.request,
    executionProvider: result.executionProvider,
    elapsedMs: result.elapsedMs,
    vsTarget: checkMoments(result, target),
    vsSampler: checkMoments(result, expected),
  };
}
