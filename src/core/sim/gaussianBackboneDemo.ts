// The demo backbone shipped in public/demo: a Gaussian oracle over 16 gene slots × 8 components
// whose last 2 slots are padding, so the app can sample from a model with a known target and
// plot the target moments next to the samples. scripts/makeDemoBackbone.ts writes the files.

import { createRng } from '../rng';
import type { BackboneSchedule } from '../backbone/spec';
import { buildGaussianBackbone } from './gaussianBackbone';

/** The target the demo backbone denoises towards, as written to gaussian-demo.json. */
export interface GaussianDemoTarget {
  genes: number;
  channels: number;
  /** Real genes; the trailing genes − realGenes slots are padding (mean 0, variance 1, clamped by the sampler). */
  realGenes: number;
  /** [genes × channels] row-major. */
  mean: number[];
  variance: number[];
  schedule: BackboneSchedule;
}

export const gaussianDemoSeed = 20240607;

const DEMO_GENES = 16;
const DEMO_CHANNELS = 8;
const DEMO_PADDED_GENES = 2;

/** Rounded to 4 decimals so the JSON reads cleanly; the model uses the float32 of the same value. */
const round4 = (v: number): number => Math.round(v * 1e4) / 1e4;

export function createGaussianDemoTarget(seed = gaussianDemoSeed): GaussianDemoTarget {
  const rng = createRng(seed);
  const realGenes = DEMO_GENES - DEMO_PADDED_GENES;
  const mean: number[] = [];
  const variance: number[] = [];
  for (let g = 0; g < DEMO_GENES; g++) {
    for (let c = 0; c < DEMO_CHANNELS; c++) {
      const padded = g >= realGenes;
      // Draw for padded slots too, so the real slots do not change if the padding does.
      const m = -1.5 + 3 * rng.nextUnit();
      const v = 0.1 + 1.9 * rng.nextUnit();
      mean.push(padded ? 0 : round4(m));
      variance.push(padded ? 1 : round4(v));
    }
  }
  const schedule: BackboneSchedule = { kind: 'linear', timesteps: 1000, betaStart: 1e-4, betaEnd: 0.02 };
  return { genes: DEMO_GENES, channels: DEMO_CHANNELS, realGenes, mean, variance, schedule };
}

/** JSON with one key per line and each array on one line: short, and diffs stay readable. */
function formatTarget(target: GaussianDemoTarget): string {
  const lines = Object.entries(target).map(([key, value]) => `  ${JSON.stringify(key)}: ${JSON.stringify(value)}`);
  return `{\n${lines.join(',\n')}\n}\n`;
}

/** The demo files' contents: the ONNX bytes and the JSON text (with a trailing newline). */
export function buildGaussianDemo(seed = gaussianDemoSeed): { onnx: Uint8Array; json: string; target: GaussianDemoTarget } {
  const target = createGaussianDemoTarget(seed);
  const onnx = buildGaussianBackbone({
    schedule: target.schedule,
    mean: target.mean,
    variance: target.variance,
    genes: target.genes,
    channels: target.channels,
    realGenes: target.realGenes,
  });
  return { onnx, json: formatTarget(target), target };
}
