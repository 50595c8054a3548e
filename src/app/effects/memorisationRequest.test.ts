import { describe, expect, it } from 'vitest';
import { defaultMemorisationForm, type MemorisationForm } from '../store';
import { getMemorisationFieldErrors, parseMemorisationForm } from './memorisationRequest';

const form = (change: Partial<MemorisationForm> = {}): MemorisationForm => ({ ...defaultMemorisationForm, backboneA: 'file:a', backboneB: 'file:b', ...change });

describe('Memorisation form', () => {
  it('turns the defaults into gdw memorisation\'s plan: 200 pairs, DDIM-50 η = 0, seed 1, threshold 0.9, 100 bins, the models\' own rows', () => {
    expect(parseMemorisationForm(form())).toEqual({
      generation: { count: 200, sampler: 'ddim', steps: 50, eta: 0, seed: 1, batchSize: 64 },
      threshold: 0.9, bins: { lower: -1, upper: 1, bins: 100 }, assumeTrainSplit: false,
    });
  });

  it('refuses at the field: no backbone, the same one twice, fewer than two pairs, a threshold outside [−1, 1]', () => {
    expect(getMemorisationFieldErrors(form({ backboneA: '' })).backboneA).toBe('Backbone A: choose a loaded backbone');
    expect(getMemorisationFieldErrors(form({ backboneB: 'file:a' })).backboneB).toMatch(/choose another backbone than A/);
    expect(getMemorisationFieldErrors(form({ count: '1' })).count).toBe("Same-seed pairs = '1'; expected a whole number from 2 to 100,000");
    expect(getMemorisationFieldErrors(form({ threshold: '1.5' })).threshold).toBe("Near 1 from = '1.5'; expected a number from -1 to 1");
    expect(getMemorisationFieldErrors(form())).toEqual({});
    expect(() => parseMemorisationForm(form({ steps: '0' }))).toThrow(/DDIM steps = '0'/);
  });
});
