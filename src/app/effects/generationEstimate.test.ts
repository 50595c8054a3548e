import { describe, expect, it } from 'vitest';
import { readBackboneSpec } from '../../core/backbone/readBackbone';
import { buildGaussianDemo } from '../../core/sim/gaussianBackboneDemo';
import { defaultSettings, type BackboneId, type GenerationSummary } from '../store';
import { ESTIMATE_WARN_BYTES, callsPerSample, estimateGeneration, measuredSpeedOf } from './generationEstimate';

const spec = readBackboneSpec(buildGaussianDemo().onnx, 'gaussian-demo.onnx') as ReturnType<typeof readBackboneSpec> & { genes: number; channels: number };

/** A finished DDIM run of `count` samples × `steps` steps that took `elapsedMs`. */
function lastRun(count: number, steps: number, elapsedMs: number): GenerationSummary {
  return {
    backboneId: 'builtin:gaussian-demo' as BackboneId, fileName: 'gaussian-demo.onnx', backboneKind: 'diffusion', count, genes: 16, channels: 8,
    classCounts: null, realSlotRms: 1, nonFiniteCount: 0, elapsedMs, executionProvider: 'wasm',
    request: { count, genes: 16, channels: 8, sampler: 'ddim', steps, eta: 0, seed: 1, batchSize: 64 },
  };
}

describe('callsPerSample', () => {
  it('is DDIM\'s steps, all T for DDPM and one pass for a GAN generator', () => {
    expect(callsPerSample({ sampler: 'ddim', steps: 20 }, 'diffusion', 1000)).toBe(20);
    expect(callsPerSample({ sampler: 'ddpm' }, 'diffusion', 1000)).toBe(1000);
    expect(callsPerSample({ sampler: 'ddim', steps: 20 }, 'gan-generator', 1000)).toBe(1);
  });
});

describe('estimateGeneration', () => {
  it('gives the memory of the samples as count × genes × channels × 4 bytes, and no time before a run', () => {
    const estimate = estimateGeneration({ ...defaultSettings, count: '1000', steps: '10', batchSize: '256' }, spec, null);
    expect(estimate.bytes).toBe(1000 * 16 * 8 * 4);
    expect(estimate.calls).toBe(4 * 10);
    expect(estimate.timeMs).toBeNull();
    expect(estimate.callMs).toBeNull();
    expect(estimate.warnings).toEqual([]);
  });

  it('scales the last run\'s speed to the new settings', () => {
    // 512 × 50 sample-calls in 10 s → 2.56 per ms; 1024 × 100 of them: 40 s; a call on 256 samples: 100 ms.
    const speed = measuredSpeedOf(lastRun(512, 50, 10_000), 1000);
    const estimate = estimateGeneration({ ...defaultSettings, count: '1024', steps: '100', batchSize: '256' }, spec, speed);
    expect(estimate.timeMs).toBeCloseTo(40_000, 6);
    expect(estimate.callMs).toBeCloseTo(100, 6);
    expect(estimate.warnings).toEqual([]);
  });

  it('warns past 1 GB, past 10 minutes, and when one call takes over a second', () => {
    const speed = measuredSpeedOf(lastRun(100, 10, 60_000), 1000); // 1/60 sample-calls per ms
    const estimate = estimateGeneration({ ...defaultSettings, count: '2000000', steps: '50', batchSize: '256' }, spec, speed);
    expect(estimate.bytes).toBeGreaterThan(ESTIMATE_WARN_BYTES);
    expect(estimate.warnings).toHaveLength(3);
    expect(estimate.warnings[0]).toMatch(/over 1 GB/);
    expect(estimate.warnings[1]).toMatch(/over 10 minutes/);
    expect(estimate.warnings[2]).toMatch(/Cancel acts after the call under way/);
  });

  it('has no speed from a run that took no time', () => {
    expect(measuredSpeedOf(lastRun(10, 10, 0), 1000)).toBeNull();
    expect(measuredSpeedOf(null, 1000)).toBeNull();
  });
});
