// The choices an evaluation run makes before any number is computed, shared by `gdw evaluate`
// and the app: how many samples per set, which class labels a conditional backbone is given,
// whether a backbone was trained on the bundle's encoding, and the backbone file's identity.
import type { BackboneSpec } from '../backbone/spec';
import { BackboneContractError, InvalidRequestError } from '../errors';
import { codecCheckStatuses, type BackboneReport, type BackboneSpecSummary } from './types';

/** Samples per set: the request, else the holdout size capped at the train size. */
export function resolveSampleCount(requested: number | null, trainCount: number, holdoutCount: number): { count: number; rule: string } {
  if (requested !== null) {
    if (!(Number.isInteger(requested) && requested >= 2)) throw new InvalidRequestError(`n = ${requested}; expected an integer ≥ 2`);
    return { count: requested, rule: 'given (--n)' };
  }
  const count = Math.min(holdoutCount, trainCount);
  if (count < 2) {
    throw new InvalidRequestError(`the bundle has ${trainCount} training and ${holdoutCount} holdout samples; the metrics need at least 2 of each`);
  }
  return { count, rule: holdoutCount <= trainCount ? 'the holdout size (default)' : 'the training-set size (default, smaller than the holdout)' };
}

/** Samples per class among `labels` (−1 and labels ≥ classes are not counted). */
export function countClasses(labels: ArrayLike<number>, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (let i = 0; i < labels.length; i++) if (labels[i] >= 0 && labels[i] < classes) counts[labels[i]]++;
  return counts;
}

/** Classes in turn, 0, 1, …, K−1, 0, 1, …: the balanced labels of `count` samples. */
export function classLabelsInTurn(count: number, classes: number): Int32Array {
  return Int32Array.from({ length: count }, (_, i) => i % classes);
}

/**
 * `count` labels in the proportions of `perClass` (largest remainder; ties to the smaller class),
 * grouped by class: class 0 first. Equal to the reference's labels when count = its size.
 */
export function classLabelsInBalance(perClass: readonly number[], count: number): Int32Array {
  const total = perClass.reduce((a, b) => a + b, 0);
  if (total === 0) throw new InvalidRequestError('no labelled samples to take a class balance from');
  const exact = perClass.map((n) => (n * count) / total);
  const quotas = exact.map(Math.floor);
  const order = exact.map((x, c) => ({ c, remainder: x - Math.floor(x) })).sort((a, b) => b.remainder - a.remainder || a.c - b.c);
  for (let i = 0, left = count - quotas.reduce((a, b) => a + b, 0); i < left; i++) quotas[order[i].c]++;
  const labels = new Int32Array(count);
  let at = 0;
  quotas.forEach((n, c) => { labels.fill(c, at, at + n); at += n; });
  return labels;
}

/** Matches the backbone's gdw.codec_sha256 to the bundle's: absent is a warning, different an error. */
export function checkCodec(spec: BackboneSpec, bundleSha256: string): BackboneReport['codecCheck'] {
  const backbone = spec.codecSha256;
  if (backbone === null) return { status: codecCheckStatuses.absent, backbone, bundle: bundleSha256 };
  if (backbone.toLowerCase() !== bundleSha256.toLowerCase()) {
    throw new BackboneContractError(
      `${spec.fileName} was trained on codec ${backbone} (gdw.codec_sha256), but the bundle's codec is ${bundleSha256}: `
      + 'evaluate it on the bundle it was trained on', spec.fileName);
  }
  return { status: codecCheckStatuses.match, backbone, bundle: bundleSha256 };
}

/** Throws unless the backbone's gene tensor is the bundle's [G, C]. */
export function checkShape(spec: BackboneSpec, genes: number, channels: number): void {
  if ((spec.genes !== null && spec.genes !== genes) || (spec.channels !== null && spec.channels !== channels)) {
    throw new BackboneContractError(
      `${spec.fileName} takes [B, ${spec.genes ?? '?'}, ${spec.channels ?? '?'}]; the bundle's tensor is [N, ${genes}, ${channels}]`, spec.fileName);
  }
}

export function summarizeSpec(spec: BackboneSpec): BackboneSpecSummary {
  const { kind, family, layout, genes, channels, realGenes, numClasses, schedule, prediction, codecSha256, missing } = spec;
  return {
    kind, family, layout, genes, channels, realGenes, numClasses, conditional: spec.labelInput !== null,
    schedule: { ...schedule }, prediction, codecSha256, missing: [...missing],
  };
}

/** Lower-case hex SHA-256 of a file (Web Crypto: page, worker and Node). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const copy = new Uint8Array(bytes);
  const digest = await crypto.subtle.digest('SHA-256', copy.buffer);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
