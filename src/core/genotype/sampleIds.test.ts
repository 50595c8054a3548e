import { describe, expect, it } from 'vitest';
import { ParseError } from '../errors';
import { AmbiguousSampleIdError, matchSampleIds } from './sampleIds';

const labels = (ids: string[], familyIds?: string[]) => ({ file: 'p.tsv', ids, ...(familyIds ? { familyIds } : {}) });

describe('matchSampleIds', () => {
  it('matches identical ids exactly', () => {
    const match = matchSampleIds({ ids: ['a', 'b', 'c'] }, labels(['c', 'a', 'x']));
    expect(Array.from(match.rowOfSample)).toEqual([1, -1, 0]);
    expect(match.counts).toEqual({ exact: 2, fidIid: 0, doubleId: 0 });
  });

  it('matches the FID_IID ids of `plink --recode vcf` to a label file keyed by IID', () => {
    const match = matchSampleIds({ ids: ['fam1_per0', 'fam2_per1'] }, labels(['per1', 'per0']));
    expect(Array.from(match.rowOfSample)).toEqual([1, 0]);
    expect(match.counts).toEqual({ exact: 0, fidIid: 2, doubleId: 0 });
  });

  it('uses the label file FID column when it has one, so repeated IIDs still match', () => {
    const match = matchSampleIds({ ids: ['f1_1', 'f2_1'] }, labels(['1', '1'], ['f2', 'f1']));
    expect(Array.from(match.rowOfSample)).toEqual([1, 0]);
    expect(match.counts.fidIid).toBe(2);
  });

  it('matches PLINK samples (FID, IID) to a label file keyed by FID_IID', () => {
    const match = matchSampleIds({ ids: ['1', '2'], familyIds: ['f1', 'f2'] }, labels(['f2_2', 'f1_1']));
    expect(Array.from(match.rowOfSample)).toEqual([1, 0]);
    expect(match.counts.fidIid).toBe(2);
  });

  it('matches the --double-id form IID_IID to IID, in both directions', () => {
    const fromVcf = matchSampleIds({ ids: ['per0_per0', 'per1_per1'] }, labels(['per0', 'per1']));
    expect(Array.from(fromVcf.rowOfSample)).toEqual([0, 1]);
    expect(fromVcf.counts).toEqual({ exact: 0, fidIid: 0, doubleId: 2 });
    const fromFam = matchSampleIds({ ids: ['per0'], familyIds: ['per0'] }, labels(['per0_per0']));
    expect(Array.from(fromFam.rowOfSample)).toEqual([0]);
    expect(fromFam.counts.doubleId).toBe(1);
    const toOriginal = matchSampleIds({ ids: ['per0', 'per1'] }, labels(['per1_per1', 'per0_per0']));
    expect(Array.from(toOriginal.rowOfSample)).toEqual([1, 0]);
  });

  it('prefers an exact match over a FID_IID one for the same sample', () => {
    const match = matchSampleIds({ ids: ['a_b'] }, labels(['b', 'a_b']));
    expect(Array.from(match.rowOfSample)).toEqual([1]);
    expect(match.counts).toEqual({ exact: 1, fidIid: 0, doubleId: 0 });
  });

  it('refuses two samples that map to one label id with a typed error naming both', () => {
    const run = () => matchSampleIds({ ids: ['f1_7', 'f2_7'] }, labels(['7']));
    expect(run).toThrow(AmbiguousSampleIdError);
    expect(run).toThrow(ParseError);
    expect(run).toThrow(/'7' in p\.tsv matches 2 genotype samples \('f1_7' and 'f2_7'\)/);
    try {
      run();
    } catch (err) {
      expect(err).toMatchObject({ name: 'AmbiguousSampleIdError', code: 'parse', location: { file: 'p.tsv' } });
    }
  });

  it('refuses one sample that two label ids map to', () => {
    // 'x_a_b' is FID 'x' + IID 'a_b', or FID 'x_a' + IID 'b'.
    expect(() => matchSampleIds({ ids: ['x_a_b'] }, labels(['a_b', 'b']))).toThrow(/sample 'x_a_b' matches 2 ids in p\.tsv \('a_b' and 'b'\)/);
  });
});
