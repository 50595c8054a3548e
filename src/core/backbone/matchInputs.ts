// Assigns the roles of the backbone contract (x, t, y for a denoiser; z, y for a GAN
// generator) to a model's declared inputs. Names decide first; exports from the paper's own
// code use other names ('input', 'timesteps', 'onnx::Gemm_1'), so rank and type decide next.

import type { TensorInfo } from './spec';

export interface DiffusionRoles {
  x: TensorInfo;
  t: TensorInfo | null;
  y: TensorInfo | null;
  unmatched: TensorInfo[];
}

export interface GeneratorRoles {
  z: TensorInfo;
  y: TensorInfo | null;
  unmatched: TensorInfo[];
}

type Role = 'x' | 't' | 'y' | 'z';

/** Names (lower-cased) that claim a role when the type fits. */
const roleNames: Record<Role, readonly string[]> = {
  x: ['x', 'x_t', 'xt', 'x_noisy', 'noisy', 'sample', 'input', 'inputs'],
  t: ['t', 'timestep', 'timesteps', 'time', 'ts', 'step'],
  y: ['y', 'label', 'labels', 'class', 'class_labels', 'classes', 'c', 'cond'],
  z: ['z', 'latent', 'noise'],
};

const rank = (info: TensorInfo): number | null => (info.dims === null ? null : info.dims.length);
const isFloat = (info: TensorInfo): boolean => info.elemType === 'float32' || info.elemType === 'float16';
const isInt = (info: TensorInfo): boolean => info.elemType === 'int64' || info.elemType === 'int32';

/** Whether an input can play a role; an input with no declared shape fits any rank. */
const fits: Record<Role, (info: TensorInfo) => boolean> = {
  x: (i) => isFloat(i) && (rank(i) ?? 3) === 3,
  t: (i) => (isInt(i) || i.elemType === 'float32') && (rank(i) ?? 1) === 1,
  y: (i) => (isInt(i) && (rank(i) ?? 1) === 1) || (i.elemType === 'float32' && (rank(i) ?? 2) === 2),
  z: (i) => isFloat(i) && (rank(i) ?? 2) === 2,
};

const isNamed = (role: Role, info: TensorInfo): boolean => roleNames[role].includes(info.name.toLowerCase());
const roles: readonly Role[] = ['x', 't', 'y', 'z'];

/**
 * The fallback by rank and type: an unshaped input claims nothing, and an input whose name
 * claims another role (a 'y' declared before an oddly named t) is left for that role.
 */
function fitsByShape(role: Role, info: TensorInfo): boolean {
  if (info.dims === null || !fits[role](info)) return false;
  return !roles.some((other) => other !== role && isNamed(other, info) && fits[other](info));
}

function claim(role: Role, pool: TensorInfo[]): TensorInfo | null {
  const byName = pool.find((i) => isNamed(role, i) && fits[role](i));
  const found = byName ?? pool.find((i) => fitsByShape(role, i)) ?? null;
  if (found) pool.splice(pool.indexOf(found), 1);
  return found;
}

/** The gene tensor input, if any input can be it (named x, or the first rank-3 float). */
export function findGeneInput(inputs: readonly TensorInfo[]): TensorInfo | null {
  return claim('x', [...inputs]);
}

/**
 * Whether a model without gdw.family looks like a GAN generator: no gene tensor and no input
 * named as a timestep, a rank-2 float z, and a first output of declared rank 3. (A denoiser
 * with a flattened x [B, G·C] also has a rank-2 float input, but its output is rank 2.)
 */
export function looksLikeGenerator(inputs: readonly TensorInfo[], firstOutput: TensorInfo): boolean {
  if (findGeneInput(inputs) !== null || inputs.some((i) => isNamed('t', i))) return false;
  return claim('z', [...inputs]) !== null && firstOutput.dims?.length === 3;
}

export function matchDiffusionInputs(inputs: readonly TensorInfo[]): DiffusionRoles | null {
  const pool = [...inputs];
  const x = claim('x', pool);
  if (!x) return null;
  // t before y: a lone rank-1 int input is the timestep, which every denoiser has.
  const t = claim('t', pool);
  const y = claim('y', pool);
  return { x, t, y, unmatched: pool };
}

export function matchGeneratorInputs(inputs: readonly TensorInfo[]): GeneratorRoles | null {
  const pool = [...inputs];
  const z = claim('z', pool);
  if (!z) return null;
  const y = claim('y', pool);
  return { z, y, unmatched: pool };
}
