// Shared shapes of the diffusion core: gene tensors, the denoiser a sampler drives, requests.

/** A batch of gene tensors, row-major [batch, genes, channels] (channels = PCA components). */
export interface TensorShape {
  batch: number;
  genes: number;
  channels: number;
}

/** What the backbone predicts (DESIGN.md `gdw.prediction`). */
export const predictionKinds = {
  /** The noise ε that was added (Ho et al. 2020). */
  eps: 'eps',
  /** The clean sample x₀. */
  x0: 'x0',
  /** v = √ᾱ·ε − √(1−ᾱ)·x₀ (Salimans & Ho 2022). */
  v: 'v',
} as const;
export type PredictionKind = (typeof predictionKinds)[keyof typeof predictionKinds];

/** How padded slots are held while sampling (the backbone's `gdw.padding`); only matters when the mask has padded slots. */
export const paddingModes = {
  /**
   * Padded slots of x_t are exactly 0 at every step: the model was trained with no noise there
   * (this repository's models/train.py multiplies the noise by the mask).
   */
  zeroX: 'zero-x',
  /**
   * Padded slots of x_t carry noise, and the x̂₀ estimate is set to 0 there (the paper's code:
   * it noises every slot in training and zeroes x̂₀ with its zero_mask); the output's padded slots are 0.
   */
  zeroX0: 'zero-x0',
} as const;
export type PaddingMode = (typeof paddingModes)[keyof typeof paddingModes];

/**
 * The one thing a sampler needs from a backbone: given x_t [B, G, C] (row-major, G×C per
 * sample), the integer timesteps t [B] and optional class labels y [B], return the model's
 * raw prediction shaped like x (ε, x₀ or v as `prediction` says).
 */
export interface Denoiser {
  readonly prediction: PredictionKind;
  predict(x: Float32Array, shape: TensorShape, t: Int32Array, y: Int32Array | null): Promise<Float32Array>;
}

export const samplerKinds = {
  /** Ancestral sampling with the posterior variance β̃ (Ho et al. 2020, Algorithm 2). */
  ddpm: 'ddpm',
  /** DDIM (Song et al. 2021) on a sub-sequence of timesteps; η = 0 is deterministic. */
  ddim: 'ddim',
} as const;
export type SamplerKind = (typeof samplerKinds)[keyof typeof samplerKinds];
