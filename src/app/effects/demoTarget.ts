// Reads gaussian-demo.json: the target N(μ, σ²) the demo backbone denoises towards.
import { ParseError } from '../../core/errors';
import type { GaussianDemoTarget } from '../../core/sim/gaussianBackboneDemo';

const isPositiveInteger = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0;
const isNumberArray = (v: unknown, length: number): v is number[] =>
  Array.isArray(v) && v.length === length && v.every((x) => typeof x === 'number' && Number.isFinite(x));

export function parseDemoTarget(text: string, file: string): GaussianDemoTarget {
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(text) as Record<string, unknown>;
  } catch (err) {
    throw new ParseError(`${file} is not JSON: ${(err as Error).message}`, { file });
  }
  const { genes, channels, realGenes, mean, variance, schedule } = data;
  if (!isPositiveInteger(genes) || !isPositiveInteger(channels) || typeof realGenes !== 'number') {
    throw new ParseError(`${file}: expected positive integers "genes", "channels" and a number "realGenes"`, { file });
  }
  const dims = genes * channels;
  if (!isNumberArray(mean, dims) || !isNumberArray(variance, dims)) {
    throw new ParseError(`${file}: expected "mean" and "variance" arrays of ${genes} × ${channels} = ${dims} numbers`, { file });
  }
  if (typeof schedule !== 'object' || schedule === null) throw new ParseError(`${file}: expected a "schedule" object`, { file });
  return { genes, channels, realGenes, mean, variance, schedule: schedule as GaussianDemoTarget['schedule'] };
}
