// The Design card refuses at the field, before anything starts: no method, a method the chosen
// backbone cannot run (joint without a GAN generator, guidance without a denoiser), a step size or
// σ₀ of 0, guidance steps beyond T, a class the backbone does not take; a valid form becomes the
// pipeline's settings with the core's defaults for what the card does not ask.
import { describe, expect, it } from 'vitest';
import type { BackboneSpec } from '../../core/backbone/spec';
import { defaultDesignSettings } from '../../engines/designPipeline';
import { defaultDesignForm, type DesignForm } from '../store';
import { getDesignFieldErrors, parseDesignForm } from './designRequest';

const diffusion = {
  fileName: 'unet-mlp.onnx', kind: 'diffusion', schedule: { timesteps: 1000 }, labelInput: { name: 'y' }, numClasses: 2,
} as unknown as BackboneSpec;
const gan = { fileName: 'gan.onnx', kind: 'gan-generator', latentInput: { name: 'z', latentDim: 16 }, labelInput: null, numClasses: null } as unknown as BackboneSpec;
const form = (change: Partial<DesignForm> = {}): DesignForm => ({ ...defaultDesignForm, ...change });

describe('Design form', () => {
  it('turns the defaults (activation only, no backbone) into the core\'s default settings', () => {
    const settings = parseDesignForm(form(), null);
    expect(settings).toEqual({ ...defaultDesignSettings({ targetClass: 1, methods: ['activation'] }), topGenes: 10 });
  });

  it('carries every field it shows into the settings', () => {
    const settings = parseDesignForm(form({
      joint: true, guidance: false, designs: '8', iterations: '5', stepSize: '0.1', realismWeight: '0', generations: '3', population: '8', sigma: '0.25',
      seed: '7', epochs: '3', start: 'noise', targetClass: '0',
    }), gan);
    expect(settings).toMatchObject({
      methods: ['activation', 'joint'], targetClass: 0, designs: 8, seed: 7, start: 'noise',
      activation: { iterations: 5, stepSize: 0.1, realismWeight: 0 }, latent: { iterations: 3, populationSize: 8, initialSigma: 0.25 },
      predictor: { epochs: 3 }, oracleClassifier: { epochs: 3 },
    });
    expect(parseDesignForm(form({ activation: false, guidance: true, guidanceScale: '0', guidanceSteps: '5' }), diffusion).guidance).toEqual({ scale: 0, steps: 5, eta: 0 });
  });

  it('refuses each bad field by name, with the range it accepts', () => {
    expect(getDesignFieldErrors(form({ activation: false }), null).methods).toMatch(/choose one or more methods/);
    expect(getDesignFieldErrors(form({ joint: true }), null).methods).toBe('the joint method needs a loaded GAN generator: choose one as the backbone');
    expect(getDesignFieldErrors(form({ joint: true }), diffusion).methods).toMatch(/unet-mlp.onnx has no latent input z/);
    expect(getDesignFieldErrors(form({ guidance: true }), gan).methods).toMatch(/gan.onnx is a GAN generator: classifier guidance needs a diffusion backbone/);
    expect(getDesignFieldErrors(form({ stepSize: '0' }), null).stepSize).toBe("Step size η = '0'; expected a number in (0, 10]");
    expect(getDesignFieldErrors(form({ stepSize: '11' }), null).stepSize).toBe("Step size η = '11'; expected a number from 0 to 10");
    expect(getDesignFieldErrors(form({ joint: true, sigma: '0' }), gan).sigma).toMatch(/ES σ₀ = '0'/);
    expect(getDesignFieldErrors(form({ guidance: true, guidanceSteps: '1001' }), diffusion).guidanceSteps).toMatch(/Guidance DDIM steps = '1001'; expected a whole number from 1 to 1,000/);
    expect(getDesignFieldErrors(form({ guidance: true, targetClass: '2' }), diffusion).targetClass).toMatch(/takes classes 0 … 1/);
    expect(getDesignFieldErrors(form({ designs: '0' }), null).designs).toMatch(/Designs per method = '0'/);
    // A method's fields are checked only while it is ticked.
    expect(getDesignFieldErrors(form({ sigma: '0', guidanceSteps: 'x' }), null)).toEqual({});
    expect(() => parseDesignForm(form({ epochs: '0' }), null)).toThrow(/Classifier epochs = '0'/);
  });
});
