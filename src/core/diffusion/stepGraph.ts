// The sampler's reverse step as a small ONNX graph, so the update can run where the backbone runs
// (on the WebGPU EP x_t then stays on the GPU between steps; src/engines/gpuStepLoop.ts). One
// graph serves every step: the step's coefficients come in as a float tensor. It computes what
// the JS loop of denoiseLoop.ts computes per element, with the backbone's raw prediction p turned
// into ε̂ = a·x + b·p (forward.ts, predictionToEps) and folded into the coefficients in float64:
//   real slots:   x_prev = (xCoef + epsCoef·a)·x + epsCoef·b·p + noiseStd·z           (applyReverseStep)
//   padded slots: 'zero-x'  → 0                                                       (applyPaddingMask)
//                 'zero-x0' → (padded.xCoef + padded.epsCoef·a)·x + padded.epsCoef·b·p + noiseStd·z
//                             (applyPaddedStep: x̂₀ held at 0 there)
// Folding cancels the x terms of an x₀- or v-backbone exactly instead of in float32.

import { buildOnnxModel, type NodeDef } from '../backbone/onnxBuilder';
import { InvalidRequestError } from '../errors';
import type { ReverseStep } from './denoiseLoop';
import type { PredictionKind } from './types';

/** Input and output names of the step graph. */
export const stepGraphNames = {
  /** x_t [B, …], the layout the backbone takes. */
  x: 'x',
  /** The backbone's raw output (ε, x₀ or v), shaped like x. */
  prediction: 'prediction',
  /** z shaped like x, or [1, 1, 1] (any value; its coefficients are 0) when the step draws none. */
  noise: 'z',
  /** [G, C] (or [C, G] for a [B, C, G] backbone): 1 real slot, 0 padded; all ones without padding. */
  mask: 'mask',
  /** The STEP_COEFFICIENTS values of stepCoefficientSlots. */
  coefficients: 'coefficients',
  /** x_{t−1}, shaped like x. */
  output: 'x_prev',
} as const;

/** Where each coefficient sits in the `coefficients` input. */
export const stepCoefficientSlots = {
  x: 0,
  prediction: 1,
  noise: 2,
  paddedX: 3,
  paddedPrediction: 4,
  paddedNoise: 5,
  /** 1: padded slots take the padded form ('zero-x0'); 0: they are set to exactly 0. */
  keepPadded: 6,
} as const;
export const STEP_COEFFICIENTS = 7;

/**
 * ε̂ = a·x_t + b·p for a raw prediction p at level ᾱ (forward.ts, predictionToEps):
 * ε: (0, 1); x₀: (1/√(1−ᾱ), −√(ᾱ/(1−ᾱ))); v: (√(1−ᾱ), √ᾱ).
 */
export function epsFromPrediction(kind: PredictionKind, alphaBar: number): [number, number] {
  switch (kind) {
    case 'eps':
      return [0, 1];
    case 'x0':
      return [1 / Math.sqrt(1 - alphaBar), -Math.sqrt(alphaBar / (1 - alphaBar))];
    case 'v':
      return [Math.sqrt(1 - alphaBar), Math.sqrt(alphaBar)];
    default:
      throw new InvalidRequestError(`unknown prediction kind '${String(kind)}'; expected eps, x0 or v`);
  }
}

export interface StepCoefficientOptions {
  /** Padding mode 'zero-x0' with a mask: padded slots carry noise and take the step's padded form. */
  holdX0: boolean;
  /** Whether z is fed this step (the JS loop draws it only when noiseStd > 0). */
  noiseDrawn: boolean;
}

/** The `coefficients` input for one step; alphaBar is ᾱ at step.t, the level the prediction is made at. */
export function stepGraphCoefficients(
  step: ReverseStep, prediction: PredictionKind, alphaBar: number, { holdX0, noiseDrawn }: StepCoefficientOptions,
): Float32Array {
  const [a, b] = epsFromPrediction(prediction, alphaBar);
  const noise = noiseDrawn ? step.noiseStd : 0;
  const out = new Float32Array(STEP_COEFFICIENTS);
  out[stepCoefficientSlots.x] = step.xCoef + step.epsCoef * a;
  out[stepCoefficientSlots.prediction] = step.epsCoef * b;
  out[stepCoefficientSlots.noise] = noise;
  if (holdX0) {
    if (!step.padded) throw new InvalidRequestError(`the reverse step at t = ${step.t} has no form for padded slots held at x̂₀ = 0`);
    out[stepCoefficientSlots.paddedX] = step.padded.xCoef + step.padded.epsCoef * a;
    out[stepCoefficientSlots.paddedPrediction] = step.padded.epsCoef * b;
    out[stepCoefficientSlots.paddedNoise] = noise;
    out[stepCoefficientSlots.keepPadded] = 1;
  }
  return out;
}

/** c_x·x + c_p·p + c_z·z for the three coefficient tensors named, into `out`. */
function affine(prefix: string, [cx, cp, cz]: readonly string[], out: string): NodeDef[] {
  const { x, prediction, noise } = stepGraphNames;
  return [
    { opType: 'Mul', inputs: [x, cx], outputs: [`${prefix}_x`] },
    { opType: 'Mul', inputs: [prediction, cp], outputs: [`${prefix}_p`] },
    { opType: 'Mul', inputs: [noise, cz], outputs: [`${prefix}_z`] },
    { opType: 'Add', inputs: [`${prefix}_x`, `${prefix}_p`], outputs: [`${prefix}_xp`] },
    { opType: 'Add', inputs: [`${prefix}_xp`, `${prefix}_z`], outputs: [out] },
  ];
}

/**
 * ONNX bytes of the step graph (opset 17; Split, Mul, Add, Greater, Where). Where, not a multiply
 * by the mask, selects each slot's value, so a padded slot's inf or NaN never reaches a real one.
 */
export function buildStepGraph(): Uint8Array {
  const { x, prediction, noise, mask, coefficients, output } = stepGraphNames;
  const c = ['c_x', 'c_p', 'c_z', 'c_px', 'c_pp', 'c_pz', 'c_keep'];
  const shaped = ['batch', 'd1', 'd2'];
  return buildOnnxModel({
    graphName: 'gdw_reverse_step',
    docString: 'x_prev = where(mask, c_x·x + c_p·p + c_z·z, where(c_keep, c_px·x + c_pp·p + c_pz·z, 0))',
    inputs: [
      { name: x, elemType: 'float32', dims: shaped },
      { name: prediction, elemType: 'float32', dims: shaped },
      { name: noise, elemType: 'float32', dims: ['noise_batch', 'noise_d1', 'noise_d2'] },
      { name: mask, elemType: 'float32', dims: ['d1', 'd2'] },
      { name: coefficients, elemType: 'float32', dims: [STEP_COEFFICIENTS] },
    ],
    outputs: [{ name: output, elemType: 'float32', dims: shaped }],
    initializers: [
      { name: 'half', elemType: 'float32', dims: [1], data: [0.5] },
      { name: 'zero', elemType: 'float32', dims: [1], data: [0] },
    ],
    nodes: [
      // Opset 17 Split without a `split` input cuts [7] into seven [1] tensors.
      { opType: 'Split', inputs: [coefficients], outputs: c, attributes: { axis: { type: 'int', value: 0 } } },
      ...affine('real', c.slice(0, 3), 'real'),
      ...affine('padded', c.slice(3, 6), 'padded'),
      { opType: 'Greater', inputs: ['c_keep', 'half'], outputs: ['keep'] },
      { opType: 'Where', inputs: ['keep', 'padded', 'zero'], outputs: ['padded_out'] },
      { opType: 'Greater', inputs: [mask, 'half'], outputs: ['is_real'] },
      { opType: 'Where', inputs: ['is_real', 'real', 'padded_out'], outputs: [output] },
    ],
  });
}
