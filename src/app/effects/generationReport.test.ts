import { describe, expect, it } from 'vitest';
import { readBackboneSpec } from '../../core/backbone/readBackbone';
import { createGaussianOracle } from '../../core/diffusion/gaussianOracle';
import { sample } from '../../core/diffusion/sampler';
import { createSchedule } from '../../core/diffusion/schedule';
import { buildGaussianDemo } from '../../core/sim/gaussianBackboneDemo';
import type { SampleResult } from '../../engines/inference';
import { defaultSettings } from '../store';
import { createGenerationReport } from './generationReport';
import { parseSampleRequest } from './sampleRequest';

const { onnx, target } = buildGaussianDemo();
const spec = readBackboneSpec(onnx, 'gaussian-demo.onnx');
const schedule = createSchedule(spec.schedule);
const oracle = createGaussianOracle(schedule, { mean: Float32Array.from(target.mean), variance: Float32Array.from(target.variance) });

async function run(settings: Partial<typeof defaultSettings>): Promise<SampleResult> {
  const request = parseSampleRequest({ ...defaultSettings, ...settings }, spec);
  const samples = await sample(oracle, schedule, request);
  return { samples, count: request.count, genes: 16, channels: 8, elapsedMs: 1, executionProvider: 'wasm', request };
}

describe('createGenerationReport', () => {
  it('passes DDIM with 20 steps against the sampler expectation, not against the raw target', async () => {
    const report = createGenerationReport(await run({ count: '400', steps: '20', batchSize: '400' }), spec, target);
    expect(report.vsSampler.consistent).toBe(true);
    expect(report.vsSampler.comparison.summary.slotCount).toBe(112);
    expect(report.vsSampler.comparison.summary.maxAbsPadded).toBe(0);
    // 20 DDIM steps keep about 81 % of σ² on the demo target (exact: 0.812).
    expect(report.vsTarget.comparison.summary.meanVarianceRatio).toBeGreaterThan(0.75);
    expect(report.vsTarget.comparison.summary.meanVarianceRatio).toBeLessThan(0.87);
    expect(report.vsTarget.consistent).toBe(false);
  });

  it('fails a sample set whose spread is 20 % too wide', async () => {
    const result = await run({ count: '400', steps: '20', batchSize: '400' });
    const means = new Float64Array(128);
    for (let i = 0; i < 400; i++) for (let d = 0; d < 128; d++) means[d] += result.samples[i * 128 + d] / 400;
    const widened = result.samples.map((x, i) => means[i % 128] + 1.2 * (x - means[i % 128]));
    expect(createGenerationReport({ ...result, samples: widened }, spec, target).vsSampler.consistent).toBe(false);
  });
});
