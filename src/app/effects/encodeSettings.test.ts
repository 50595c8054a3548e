import { describe, expect, it } from 'vitest';
import { defaultEncodeForm } from '../store';
import { getEncodeFieldErrors, parseEncodeSettings } from './encodeSettings';

describe('parseEncodeSettings', () => {
  it('reads the defaults as the paper: DiseaseCapsule rule, G by default, balanced 10 % holdout', () => {
    expect(parseEncodeSettings(defaultEncodeForm)).toEqual({
      componentRule: 'disease-capsule', varianceTarget: 0.99, geneSlots: null, holdoutFraction: 0.1, splitSeed: 42, nearestGene: false,
    });
  });

  it('reads an explicit G, a variance target and nearest-gene assignment', () => {
    const settings = parseEncodeSettings({ ...defaultEncodeForm, componentRule: 'variance-target', varianceTarget: '0.75', geneSlots: ' 18432 ', nearestGene: true });
    expect(settings).toMatchObject({ componentRule: 'variance-target', varianceTarget: 0.75, geneSlots: 18432, nearestGene: true });
  });

  it.each([
    [{ geneSlots: '12.5' }, /Gene slots G = '12.5'; expected a whole number/],
    [{ holdoutPercent: '100' }, /Holdout % = '100'; expected a percentage from 0 to below 100/],
    [{ splitSeed: '-3' }, /Split seed = '-3'/],
    [{ componentRule: 'variance-target', varianceTarget: '0' }, /Variance target = '0'/],
  ] as const)('rejects %o with a typed error', (patch, message) => {
    expect(() => parseEncodeSettings({ ...defaultEncodeForm, ...patch })).toThrow(message);
    expect(() => parseEncodeSettings({ ...defaultEncodeForm, ...patch })).toThrow(expect.objectContaining({ code: 'invalid-request' }));
  });

  it('ignores the variance target under the DiseaseCapsule rule', () => {
    expect(parseEncodeSettings({ ...defaultEncodeForm, varianceTarget: 'x' }).varianceTarget).toBe(0.99);
  });
});

describe('getEncodeFieldErrors', () => {
  it('is empty for the defaults', () => {
    expect(getEncodeFieldErrors(defaultEncodeForm)).toEqual({});
  });

  it('names each wrong field as the form labels it, all at once', () => {
    const errors = getEncodeFieldErrors({ ...defaultEncodeForm, geneSlots: 'abc', holdoutPercent: '-5', splitSeed: '2.5' });
    expect(errors).toEqual({
      geneSlots: "Gene slots G = 'abc'; expected a whole number ≥ 1, or empty for the next multiple of 512",
      holdoutPercent: "Holdout % = '-5'; expected a percentage from 0 to below 100",
      splitSeed: "Split seed = '2.5'; expected a whole number ≥ 0",
    });
  });

  it('checks the variance target only under its rule', () => {
    expect(getEncodeFieldErrors({ ...defaultEncodeForm, varianceTarget: '0' })).toEqual({});
    expect(getEncodeFieldErrors({ ...defaultEncodeForm, componentRule: 'variance-target', varianceTarget: '0' }).varianceTarget)
      .toMatch(/^Variance target = '0'/);
  });
});
