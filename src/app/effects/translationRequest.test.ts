// The Translate card refuses at the field, before anything starts: an unconditional backbone, one
// class, a depth outside 1 … T, more steps than t*; and a valid form becomes the pipeline's plan.
import { describe, expect, it } from 'vitest';
import { defaultTranslationForm, type TranslationForm } from '../store';
import { getDataBlocker, getTranslationFieldErrors, parseTranslationForm } from './translationRequest';

const conditional = { fileName: 'unet-mlp.onnx', timesteps: 1000, numClasses: 2 };
const form = (change: Partial<TranslationForm> = {}): TranslationForm => ({ ...defaultTranslationForm, backboneId: 'builtin:unet-mlp', ...change });

describe('Translate form', () => {
  it('turns the defaults into a plan: t* = T, holdout, an MLP for the flip rate', () => {
    const plan = parseTranslationForm(form(), conditional);
    expect(plan.settings).toEqual({ sourceClass: 0, targetClass: 1, depth: 1000, steps: 50, fixedPointIterations: 1, batchSize: 16, cycle: true });
    expect(plan).toMatchObject({ samples: 'holdout', maxSamples: 50, seed: 1, classifier: { spec: { kind: 'mlp' }, epochs: 30 } });
    expect(parseTranslationForm(form({ classifierEpochs: '3' }), conditional).classifier?.epochs).toBe(3);
    expect(getTranslationFieldErrors(form({ classifierEpochs: '0' }), conditional).classifierEpochs).toMatch(/Classifier epochs = '0'/);
    expect(getTranslationFieldErrors(form({ classifierEpochs: '0', flipRate: false }), conditional)).toEqual({});
    expect(parseTranslationForm(form({ flipRate: false, cycle: false }), conditional)).toMatchObject({ classifier: null, settings: { cycle: false } });
  });

  it('takes the UMAP selection\'s real samples, wherever they are in the split, and refuses a selection without any at the samples field', () => {
    const selection = { realSampleIds: ['s1', 's7'], points: 5 };
    expect(parseTranslationForm(form({ samples: 'selection' }), conditional, selection)).toMatchObject({ samples: 'all', sampleIds: ['s1', 's7'] });
    expect(parseTranslationForm(form(), conditional, selection)).toMatchObject({ samples: 'holdout', sampleIds: null });
    expect(getTranslationFieldErrors(form({ samples: 'selection' }), conditional, null).samples)
      .toBe('Samples: nothing is selected on the UMAP; lasso or box-select real-train or real-holdout points in the Compare panel\'s UMAP (synthetic samples are not translated)');
    expect(() => parseTranslationForm(form({ samples: 'selection' }), conditional, { realSampleIds: [], points: 4 }))
      .toThrow(/Samples: the UMAP selection holds 4 points, none of them real/);
  });

  it('refuses an unconditional backbone at the backbone field, with the core\'s reason', () => {
    const errors = getTranslationFieldErrors(form(), { fileName: 'gaussian-demo.onnx', timesteps: 1000, numClasses: null });
    expect(errors.backboneId).toMatch(/gaussian-demo\.onnx takes no class label; class translation needs a class-conditional backbone/);
    expect(() => parseTranslationForm(form(), { fileName: 'g.onnx', timesteps: 1000, numClasses: null })).toThrow(/takes no class label/);
    expect(getTranslationFieldErrors(form(), null).backboneId).toMatch(/choose a loaded backbone/);
  });

  it('refuses a depth outside 1 … T and more steps than t*, at their fields', () => {
    expect(getTranslationFieldErrors(form({ depth: '0' }), conditional).depth).toMatch(/inversion depth t\* = 0; expected an integer from 1 to T = 1000/);
    expect(getTranslationFieldErrors(form({ depth: '1001' }), conditional).depth).toMatch(/t\* = 1001; expected an integer from 1 to T = 1000/);
    expect(getTranslationFieldErrors(form({ depth: 'deep' }), conditional).depth).toMatch(/Inversion depth t\* = 'deep'; expected a whole number from 1 to T, or T/);
    expect(getTranslationFieldErrors(form({ depth: '20', steps: '50' }), conditional).steps).toMatch(/DDIM steps = 50; expected an integer from 1 to the depth t\* = 20/);
    expect(getTranslationFieldErrors(form({ depth: 't' }), conditional)).toEqual({});
  });

  it('refuses source = target and a class the backbone lacks', () => {
    expect(getTranslationFieldErrors(form({ targetClass: '0' }), conditional).targetClass).toMatch(/source and target are both class 0/);
    expect(getTranslationFieldErrors(form({ sourceClass: '2' }), conditional).sourceClass).toMatch(/source class 2; expected a class of unet-mlp\.onnx: 0 … 1/);
    expect(getTranslationFieldErrors(form({ maxSamples: '0', seed: '-1' }), conditional)).toMatchObject({ maxSamples: expect.stringMatching(/Samples at most/), seed: expect.stringMatching(/Seed/) });
  });

  it('blocks the card on data with one class only or nothing encoded', () => {
    expect(getDataBlocker(null)).toMatch(/Nothing is encoded/);
    expect(getDataBlocker({ classNames: ['control'], holdoutPerClass: [100] })).toMatch(/one class only/);
    expect(getDataBlocker({ classNames: ['control', 'case'], holdoutPerClass: [50, 50] })).toBeNull();
  });
});
