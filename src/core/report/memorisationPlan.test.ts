import { describe, expect, it } from 'vitest';
import { BackboneContractError, InvalidRequestError } from '../errors';
import { checkSameSeedPair, countOverlap, trainingRowsOf, type PairSpec } from './memorisationPlan';

const spec = (over: Partial<PairSpec> = {}): PairSpec => ({
  fileName: 'a.onnx', kind: 'diffusion', family: 'unet-mlp', genes: 16, channels: 8, realGenes: 12, componentsPerGene: null,
  codecSha256: 'ab'.repeat(32), schedule: { kind: 'linear', timesteps: 1000, betaStart: 1e-4, betaEnd: 0.02 },
  labelInput: { name: 'y', encoding: 'index' }, numClasses: 2, nullClass: 2, ...over,
});

describe('checkSameSeedPair', () => {
  it('accepts two backbones of one encoding, schedule and conditioning, noting a family difference', () => {
    expect(checkSameSeedPair(spec(), spec({ fileName: 'b.onnx' }))).toEqual([]);
    expect(checkSameSeedPair(spec(), spec({ family: 'transformer' }))[0]).toMatch(/families differ \(unet-mlp vs transformer\)/);
    // β endpoints mean nothing to a cosine schedule: they may differ.
    const cosine = (betaEnd: number) => spec({ schedule: { kind: 'cosine', timesteps: 500, betaStart: 1e-4, betaEnd } });
    expect(checkSameSeedPair(cosine(0.02), cosine(0.5))).toEqual([]);
  });

  it.each([
    ['gene tensor [G, C]', { genes: 32 }, '[16,8] vs [32,8]'],
    ['encoding (gdw.codec_sha256)', { codecSha256: null }, `"${'ab'.repeat(32)}" vs none`],
    ['components per gene (gdw.components)', { componentsPerGene: [8, 4] }, 'none vs [8,4]'],
    ['conditioning (classes)', { labelInput: null, numClasses: null }, '2 vs none'],
    ['schedule', { schedule: { kind: 'linear', timesteps: 1000, betaStart: 1e-4, betaEnd: 0.03 } }, '0.02] vs ["linear",1000,0.0001,0.03]'],
  ] as const)('refuses a pair that differs in %s, naming both values', (what, over, values) => {
    const call = () => checkSameSeedPair(spec(), spec({ fileName: 'b.onnx', ...over } as Partial<PairSpec>));
    expect(call).toThrow(BackboneContractError);
    expect(call).toThrow(`a.onnx and b.onnx differ in ${what}: `);
    expect(call).toThrow(values);
  });
});

describe('trainingRowsOf', () => {
  const roles = Uint8Array.from([0, 1, 0, 0, 2, 0]);
  const named = (rows: string) => ({ fileName: 'm.onnx', metadata: { 'gdw.train_rows': rows, 'gdw.finetune': '{"method":"lora","rank":4}' } });

  it('reads gdw.train_rows (ascending) and the recipe beside it', () => {
    expect(trainingRowsOf(named('5,0,2'), roles, false)).toMatchObject({ rows: Int32Array.from([0, 2, 5]), source: 'metadata', finetune: { method: 'lora', rank: 4 } });
  });

  it('takes the whole training split only when told to', () => {
    expect(() => trainingRowsOf({ fileName: 'm.onnx', metadata: {} }, roles, false)).toThrow(InvalidRequestError);
    expect(trainingRowsOf({ fileName: 'm.onnx', metadata: {} }, roles, true)).toMatchObject({ rows: Int32Array.from([0, 2, 3, 5]), source: 'assumed-train-split' });
  });

  it('refuses rows that are not numbers, outside the bundle or not training rows', () => {
    expect(() => trainingRowsOf(named('0,x'), roles, false)).toThrow("entry 2 is 'x'; expected a row index 0 … 5 of the bundle");
    expect(() => trainingRowsOf(named('0,6'), roles, false)).toThrow("entry 2 is '6'");
    expect(() => trainingRowsOf(named('0,4'), roles, false)).toThrow('names row 4, which is not a training row of this bundle (role 2)');
    expect(() => trainingRowsOf({ fileName: 'm.onnx', metadata: { 'gdw.train_rows': '0', 'gdw.train_subset': '{' } }, roles, false))
      .toThrow('gdw.train_subset is not JSON');
  });

  it('counts the rows two sets share', () => {
    expect(countOverlap(Int32Array.from([1, 2, 3]), Int32Array.from([3, 4, 1]))).toBe(2);
  });
});
