import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseEncodeSettings } from '../effects/encodeSettings';
import type { EncodeSummary, LoadSummary } from '../../engines/data';
import { initialWorkbenchState } from '../store/state';
import { createBundleSummaryFixture, createCohortSummaryFixture } from '../store/testFixtures';
import { SESSION_BUNDLE_MAX_BYTES, describeSessionData, pickStoredSets, encodeFormFromSettings, toStoredBackbones } from './sessionRecord';
import { codecSha } from './testSession';

describe('encodeFormFromSettings', () => {
  it('gives a form that parses back to the same settings (so a replayed encode hashes the same)', () => {
    const settings = fc.record({
      componentRule: fc.constantFrom('disease-capsule' as const, 'variance-target' as const),
      varianceTarget: fc.integer({ min: 1, max: 1000 }).map((n) => n / 1000),
      geneSlots: fc.option(fc.integer({ min: 1, max: 20000 })),
      holdoutPercent: fc.integer({ min: 0, max: 9999 }).map((n) => n / 100),
      splitSeed: fc.nat(),
      nearestGene: fc.boolean(),
    });
    fc.assert(fc.property(settings, ({ holdoutPercent, ...rest }) => {
      const parsed = parseEncodeSettings({ ...encodeFormFromSettings({ ...rest, holdoutFraction: 0 }), holdoutPercent: String(holdoutPercent) });
      expect(parseEncodeSettings(encodeFormFromSettings(parsed))).toEqual(parsed);
    }));
  });

  it('prints a holdout of 7 % as "7", not as 7.000000000000001', () => {
    expect(encodeFormFromSettings({ ...parseEncodeSettings(initialWorkbenchState.encodeForm), holdoutFraction: 0.07 }).holdoutPercent).toBe('7');
  });
});

describe('describeSessionData', () => {
  const cohort = createCohortSummaryFixture(3);
  const encoding = { ...({ source: 'genotypes', cohortId: 3, codecSha256: codecSha } as EncodeSummary),
    settings: parseEncodeSettings({ ...initialWorkbenchState.encodeForm, splitSeed: '1', geneSlots: '128' }) };
  const isDemo = (c: LoadSummary) => c.cohortId === 3;

  it('marks the demo cohort with the form its encoding was made with, not the form as edited since', () => {
    const state = { cohort, encoding, encodeForm: { ...initialWorkbenchState.encodeForm, splitSeed: '99' } };
    const data = describeSessionData(state, isDemo);
    expect(data).toMatchObject({ origin: 'demo', encoded: true, codecSha256: codecSha, encodeForm: { splitSeed: '1', geneSlots: '128' } });
    expect(data?.origin === 'demo' && parseEncodeSettings(data.encodeForm)).toEqual(encoding.settings);
    expect(describeSessionData({ ...state, encoding: null }, isDemo)).toMatchObject({ origin: 'demo', encoded: false, codecSha256: null });
  });

  it('keeps any other encoding as a bundle, and nothing for an unencoded cohort of the user\'s', () => {
    const bundle = createBundleSummaryFixture(4);
    const form = initialWorkbenchState.encodeForm;
    expect(describeSessionData({ cohort: bundle, encoding: bundle.encoding, encodeForm: form }, isDemo))
      .toEqual({ origin: 'bundle', codecSha256: 'cd'.repeat(32) });
    expect(describeSessionData({ cohort: createCohortSummaryFixture(5), encoding: null, encodeForm: form }, isDemo)).toBeNull();
    expect(describeSessionData({ cohort: null, encoding: null, encodeForm: form }, isDemo)).toBeNull();
  });

  it('names a bundle too large to keep, with its size and the limit, instead of keeping it', () => {
    const bundle = createBundleSummaryFixture(4);
    const form = initialWorkbenchState.encodeForm;
    const at = (tensorBytes: number) => describeSessionData({ cohort: bundle, encoding: { ...bundle.encoding, tensorBytes }, encodeForm: form }, isDemo);
    expect(at(SESSION_BUNDLE_MAX_BYTES)).toEqual({ origin: 'bundle', codecSha256: 'cd'.repeat(32) });
    expect(at(10_405 * 18_432 * 8 * 4)).toEqual({
      origin: 'bundle', codecSha256: 'cd'.repeat(32),
      notStored: 'its tensor (5,853 MiB) is larger than the 256 MiB a session keeps in this browser',
    });
  });
});

describe('toStoredBackbones', () => {
  it('tells built-in backbones from the user\'s files by id', () => {
    const refs = [{ id: 'builtin:unet-cnn', fileName: 'a.onnx', sha256: 'a' }, { id: 'file:121212121212', fileName: 'b.onnx', sha256: 'b' }];
    expect(toStoredBackbones(refs as never).map((b) => b.source)).toEqual(['builtin', 'file']);
  });
});

describe('pickStoredSets', () => {
  it('keeps sets in order while they fit together, and names the rest', () => {
    const set = (backboneId: string, bytes: number) => ({ backboneId, samples: new Float32Array(bytes / 4) });
    const { kept, left } = pickStoredSets([set('a', 60), set('b', 48), set('c', 40)], 100);
    expect(kept.map((s) => s.backboneId)).toEqual(['a', 'c']);
    expect(left).toEqual(['b']);
    expect(pickStoredSets([set('a', 104)], 100)).toEqual({ kept: [], left: ['a'] });
  });
});
