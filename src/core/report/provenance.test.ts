import { describe, expect, it } from 'vitest';
import { generationText, samplerSummary, samplerText } from './provenance';
import type { EvaluationReport, GenerationSection } from './types';

const ddim: GenerationSection = {
  count: 512, classCounts: [256, 256], sampler: 'ddim', steps: 10, eta: 0, seed: 42, batchSize: 256, executionProvider: 'webgpu', elapsedMs: 1,
};
const gan: GenerationSection = { ...ddim, sampler: 'gan', steps: 1, eta: null, seed: 7, classCounts: null, executionProvider: 'wasm' };
const reportOf = (...generations: GenerationSection[]) =>
  ({ backbones: generations.map((generation, i) => ({ id: `b${i}`, generation })) }) as unknown as EvaluationReport;

describe('provenance: each set as it was generated', () => {
  it('says a GAN made each sample in one pass, and a diffusion set its sampler, steps and η', () => {
    expect(samplerText(gan)).toBe('GAN, one forward pass per sample');
    expect(samplerText(ddim)).toBe('ddim, 10 steps, η = 0');
    expect(samplerText({ ...ddim, sampler: 'ddpm', steps: 1000, eta: null })).toBe('ddpm, 1000 steps');
    expect(generationText(ddim)).toBe('512 samples (256 + 256), ddim, 10 steps, η = 0, seed 42, batch 256, webgpu');
    expect(generationText(gan)).toBe('512 samples, GAN, one forward pass per sample, seed 7, batch 256, wasm');
    expect(generationText({ ...gan, setVersion: 3 })).toBe('set v3: 512 samples, GAN, one forward pass per sample, seed 7, batch 256, wasm');
  });

  it('gives the settings one sampler line only when every set was generated the same way', () => {
    expect(samplerSummary(reportOf(ddim, { ...ddim, executionProvider: 'wasm' }))).toBe('ddim, 10 steps, η = 0, seed 42, batch 256');
    expect(samplerSummary(reportOf(ddim, gan))).toMatch(/^differs per backbone/);
    expect(samplerSummary(reportOf(ddim, { ...ddim, seed: 0 }))).toMatch(/^differs per backbone/);
  });
});
