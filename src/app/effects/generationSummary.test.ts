import { describe, expect, it } from 'vitest';
import type { BackboneSpec } from '../../core/backbone/spec';
import type { SampleResult } from '../../engines/inference';
import type { BackboneId } from '../store';
import { summarizeGeneration } from './generationSummary';
import { sampleHealth } from '../../core/diffusion/sampleHealth';

const id = 'builtin:transformer' as BackboneId;
const spec = { fileName: 'transformer.onnx', kind: 'diffusion' } as BackboneSpec;

function result(samples: number[], mask: number[] | null, labels: number[] | null): SampleResult {
  return {
    samples: Float32Array.from(samples), count: samples.length / 4, genes: 2, channels: 2, elapsedMs: 12, executionProvider: 'wasm',
    request: {
      count: samples.length / 4, genes: 2, channels: 2, sampler: 'ddim', steps: 5, seed: 1, batchSize: 8,
      mask: mask && Uint8Array.from(mask), classLabels: labels && Int32Array.from(labels),
    },
  };
}

/** As the backbone worker does: the health of the set, then the summary. */
const summarize = (run: SampleResult) => summarizeGeneration(run, id, spec, sampleHealth(run.samples, run.count, run.genes * run.channels, run.request.mask ?? null));

describe('summarizeGeneration', () => {
  it('counts classes and takes the rms over real slots only (within 1e-6)', () => {
    // Two samples of [2 genes × 2 components]; the last slot is padding (its 9 is not counted).
    const summary = summarize(result([1, 2, 2, 9, 0, 1, 1, 9], [1, 1, 1, 0], [0, 1]));
    expect(summary).toMatchObject({
      backboneId: id, fileName: 'transformer.onnx', backboneKind: 'diffusion', count: 2, genes: 2, channels: 2, classCounts: [1, 1],
    });
    expect(summary.realSlotRms).toBeCloseTo(Math.sqrt((1 + 4 + 4 + 0 + 1 + 1) / 6), 6);
    expect(summary.nonFiniteCount).toBe(0);
  });

  it('counts non-finite values and gives no class counts to an unconditional run', () => {
    const summary = summarize(result([NaN, 1, Infinity, 1], null, null));
    expect(summary.nonFiniteCount).toBe(2);
    expect(summary.realSlotRms).toBeCloseTo(1, 6);
    expect(summary.classCounts).toBeNull();
  });
});
