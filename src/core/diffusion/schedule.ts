// Noise schedules. Linear β (Ho et al. 2020: 1e-4 … 0.02, the paper's text, T = 1000) and
// cosine ᾱ (Nichol & Dhariwal 2021: ᾱ(t) = f(t)/f(0), f(t) = cos²(((t/T + s)/(1 + s))·π/2),
// β clipped at 0.999; the paper's published code, T = 500). Index t runs 0 … T−1.

export const scheduleKinds = {
  /** β linear from betaStart to betaEnd. */
  linear: 'linear',
  /** ᾱ from the squared-cosine curve with offset s. */
  cosine: 'cosine',
} as const;
export type ScheduleKind = (typeof scheduleKinds)[keyof typeof scheduleKinds];

export interface ScheduleSpec {
  kind: ScheduleKind;
  timesteps: number;
  /** Linear only; default 1e-4. */
  betaStart?: number;
  /** Linear only; default 0.02. */
  betaEnd?: number;
  /** Cosine only; default 0.008. */
  cosineOffset?: number;
}

export interface NoiseSchedule {
  spec: Required<ScheduleSpec>;
  timesteps: number;
  betas: Float64Array;
  alphas: Float64Array;
  /** ᾱ_t = ∏_{s ≤ t} α_s. */
  alphasCumprod: Float64Array;
  /** ᾱ_{t−1}, with ᾱ_{−1} = 1. */
  alphasCumprodPrev: Float64Array;
  /** β̃_t = (1 − ᾱ_{t−1}) / (1 − ᾱ_t) · β_t (Ho et al. eq. 7). */
  posteriorVariance: Float64Array;
}

export const defaultScheduleSpec = {
  betaStart: 1e-4,
  betaEnd: 0.02,
  cosineOffset: 0.008,
} as const;

const MAX_BETA = 0.999;

function linearBetas(T: number, start: number, end: number): Float64Array {
  const betas = new Float64Array(T);
  for (let t = 0; t < T; t++) betas[t] = T === 1 ? start : start + ((end - start) * t) / (T - 1);
  return betas;
}

function cosineBetas(T: number, s: number): Float64Array {
  const f = (t: number) => Math.cos((((t / T) + s) / (1 + s)) * (Math.PI / 2)) ** 2;
  const betas = new Float64Array(T);
  for (let t = 0; t < T; t++) betas[t] = Math.min(1 - f(t + 1) / f(t), MAX_BETA);
  return betas;
}

export function createSchedule(spec: ScheduleSpec): NoiseSchedule {
  const full: Required<ScheduleSpec> = { ...defaultScheduleSpec, ...spec } as Required<ScheduleSpec>;
  const T = full.timesteps;
  if (!Number.isInteger(T) || T < 1) throw new RangeError(`timesteps must be a positive integer, got ${T}`);
  const betas = full.kind === 'linear'
    ? linearBetas(T, full.betaStart, full.betaEnd)
    : cosineBetas(T, full.cosineOffset);
  for (let t = 0; t < T; t++) {
    if (!(betas[t] > 0 && betas[t] < 1)) throw new RangeError(`β_${t} = ${betas[t]} is outside (0, 1)`);
  }
  const alphas = betas.map((b) => 1 - b);
  const alphasCumprod = new Float64Array(T);
  const alphasCumprodPrev = new Float64Array(T);
  const posteriorVariance = new Float64Array(T);
  let product = 1;
  for (let t = 0; t < T; t++) {
    alphasCumprodPrev[t] = product;
    product *= alphas[t];
    alphasCumprod[t] = product;
    posteriorVariance[t] = ((1 - alphasCumprodPrev[t]) / (1 - alphasCumprod[t])) * betas[t];
  }
  return { spec: full, timesteps: T, betas, alphas, alphasCumprod, alphasCumprodPrev, posteriorVariance };
}
