import { describe, expect, it } from 'vitest';
import { readBackboneSpec } from '../../core/backbone/readBackbone';
import { buildGaussianBackbone } from '../../core/sim/gaussianBackbone';
import { buildGaussianDemo } from '../../core/sim/gaussianBackboneDemo';
import { defaultSettings } from '../store';
import type { BackboneSpec } from '../../core/backbone/spec';
import { classLabelsFor, getGenerateBlocker, getGenerateFieldErrors, parseSampleRequest } from './sampleRequest';

const { onnx } = buildGaussianDemo();
const spec = readBackboneSpec(onnx, 'gaussian-demo.onnx');

describe('parseSampleRequest', () => {
  it('builds a DDIM request with the padding mask of the backbone', () => {
    const request = parseSampleRequest({ ...defaultSettings, count: '300', steps: '20', eta: '0.5', seed: '3', batchSize: '100' }, spec);
    expect(request).toMatchObject({ count: 300, genes: 16, channels: 8, sampler: 'ddim', steps: 20, eta: 0.5, seed: 3, batchSize: 100 });
    const mask = request.mask!;
    expect(mask).toHaveLength(128);
    expect(mask.slice(0, 112).every((m) => m === 1)).toBe(true);
    expect(mask.slice(112).every((m) => m === 0)).toBe(true);
  });

  it('zeroes the padded components of real genes when the backbone has gdw.components', () => {
    // The demo's 14 real genes, each with 8 − (g mod 3) real components (as if answered or from metadata).
    const components = Array.from({ length: 14 }, (_, g) => 8 - (g % 3));
    const withComponents = readBackboneSpec(onnx, 'gaussian-demo.onnx', { componentsPerGene: components });
    const mask = parseSampleRequest({ ...defaultSettings }, withComponents).mask!;
    expect(mask).toHaveLength(128);
    for (let g = 0; g < 16; g++) {
      const k = g < 14 ? components[g] : 0;
      expect(Array.from(mask.slice(g * 8, g * 8 + 8))).toEqual(Array.from({ length: 8 }, (_, c) => (c < k ? 1 : 0)));
    }
  });

  it('gives a backbone with a class label balanced classes in turn, and the Gaussian demo none', () => {
    expect(parseSampleRequest({ ...defaultSettings, count: '7' }, spec).classLabels).toBeNull();
    const onnxWithLabel = buildGaussianBackbone({
      schedule: { kind: 'linear', timesteps: 1000, betaStart: 1e-4, betaEnd: 0.02 }, mean: new Float32Array(32),
      variance: new Float32Array(32).fill(1), genes: 4, channels: 8, withLabelInput: true, numClasses: 3,
    });
    const conditional = readBackboneSpec(onnxWithLabel, 'conditional.onnx');
    const labels = parseSampleRequest({ ...defaultSettings, count: '7' }, conditional).classLabels;
    expect(Array.from(labels!)).toEqual([0, 1, 2, 0, 1, 2, 0]);
  });

  it('leaves steps and η out of a DDPM request', () => {
    const request = parseSampleRequest({ ...defaultSettings, sampler: 'ddpm', steps: 'ignored', eta: '' }, spec);
    expect(request.sampler).toBe('ddpm');
    expect('steps' in request).toBe(false);
    expect('eta' in request).toBe(false);
  });

  it.each([
    [{ count: '' }, /Samples = ''; expected a whole number ≥ 1/],
    [{ count: 'abc' }, /Samples = 'abc'; expected a whole number ≥ 1/],
    [{ count: '2.5' }, /Samples = '2.5'/],
    [{ count: '0' }, /Samples = '0'; expected a whole number ≥ 1/],
    [{ count: '-5' }, /Samples = '-5'/],
    [{ seed: '-1' }, /Seed = '-1'; expected a whole number ≥ 0/],
    [{ batchSize: '0' }, /Batch size = '0'/],
    [{ steps: '1001' }, /Steps = '1001'; expected a whole number from 1 to 1,000/],
    [{ eta: '1.5' }, /η = '1.5'; expected a number from 0 to 1/],
    [{ eta: 'x' }, /η = 'x'; expected a number/],
  ])('rejects %o with a typed error naming the field', (patch, message) => {
    expect(() => parseSampleRequest({ ...defaultSettings, ...patch }, spec)).toThrow(message);
    try {
      parseSampleRequest({ ...defaultSettings, ...patch }, spec);
    } catch (err) {
      expect((err as { code: string }).code).toBe('invalid-request');
    }
  });
});

describe('getGenerateFieldErrors', () => {
  it('is empty for the default settings', () => {
    expect(getGenerateFieldErrors(defaultSettings, spec, null)).toEqual({});
  });

  it.each(['abc', '0', '-5', '2.5', ''])('refuses %j samples at the Samples field, naming it', (count) => {
    const errors = getGenerateFieldErrors({ ...defaultSettings, count }, spec, null);
    expect(Object.keys(errors)).toEqual(['count']);
    expect(errors.count).toBe(`Samples = '${count}'; expected a whole number ≥ 1`);
  });

  it('gives every wrong field its own message at once', () => {
    const errors = getGenerateFieldErrors({ ...defaultSettings, count: 'x', steps: '0', eta: '-1', seed: '1.5', batchSize: 'big' }, spec, null);
    expect(errors).toEqual({
      count: "Samples = 'x'; expected a whole number ≥ 1",
      steps: "Steps = '0'; expected a whole number from 1 to 1,000",
      eta: "η = '-1'; expected a number from 0 to 1",
      seed: "Seed = '1.5'; expected a whole number ≥ 0",
      batchSize: "Batch size = 'big'; expected a whole number ≥ 1",
    });
  });

  it('leaves out Steps and η where they are unused: DDPM, and a GAN generator', () => {
    expect(getGenerateFieldErrors({ ...defaultSettings, sampler: 'ddpm', steps: 'x', eta: 'y' }, spec, null)).toEqual({});
    const gan = { ...spec, kind: 'gan-generator' } as BackboneSpec;
    expect(getGenerateFieldErrors({ ...defaultSettings, steps: 'x', eta: 'y' }, gan, null)).toEqual({});
  });

  it('checks the class balance of a conditional backbone on its own, even while Samples is wrong', () => {
    const conditional = { ...spec, labelInput: { name: 'y' }, numClasses: 2 } as unknown as BackboneSpec;
    const errors = getGenerateFieldErrors({ ...defaultSettings, count: 'x', classBalance: '1.5' }, conditional, null);
    expect(errors.classBalance).toMatch(/^Class balance = '1.5'/);
    expect(errors.count).toMatch(/^Samples = 'x'/);
  });
});

describe('getGenerateBlocker', () => {
  it('names the settings a backbone leaves open', () => {
    expect(getGenerateBlocker(spec)).toBeNull();
    expect(getGenerateBlocker({ ...spec, missing: ['layout', 'timesteps'] } as BackboneSpec)).toMatch(/leaves layout, timesteps unknown/);
  });
});

describe('classLabelsFor', () => {
  const conditional = { ...spec, labelInput: { name: 'y' }, numClasses: 2 } as unknown as BackboneSpec;
  const count = (labels: Int32Array | null, c: number) => Array.from(labels ?? []).filter((l) => l === c).length;

  it('gives no labels to an unconditional backbone', () => {
    expect(classLabelsFor(10, spec, 'balanced', null)).toBeNull();
  });

  it('balanced: classes in turn', () => {
    expect(Array.from(classLabelsFor(5, conditional, 'balanced', null)!)).toEqual([0, 1, 0, 1, 0]);
  });

  it('holdout: the holdout shares by largest remainder', () => {
    const labels = classLabelsFor(10, conditional, 'holdout', [30, 70]);
    expect([count(labels, 0), count(labels, 1)]).toEqual([3, 7]);
    expect(() => classLabelsFor(10, conditional, 'holdout', null)).toThrow(/no encoded cohort/);
  });

  it('a share of class 1, checked', () => {
    const labels = classLabelsFor(8, conditional, '0.25', null);
    expect([count(labels, 0), count(labels, 1)]).toEqual([6, 2]);
    expect(() => classLabelsFor(8, conditional, '1.5', null)).toThrow(/between 0 and 1/);
    expect(() => classLabelsFor(8, { ...conditional, numClasses: 3 } as BackboneSpec, '0.5', null)).toThrow(/two-class/);
  });
});
