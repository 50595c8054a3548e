// What a translation changed (REFERENCE.md "Change map"): per gene, the mean over samples of
// |x_after − x_before| in the latent [G, C] space, where a gene's value for one sample is the mean
// of |Δ| over its real (unpadded) components. The mean, not the L2 norm, so genes of 1, 4 and 8
// components compare on one scale (an L2 norm grows with √components on pure noise). Intervals are
// percentile bootstraps over samples (bootstrap.ts); every gene uses the same seed, hence the same
// resampled rows. Also the distances the reconstruction check and the cycle report.
import { decode, type GeneCodec } from '../encode/codec';
import { InvalidRequestError } from '../errors';
import { bootstrapMean, type BootstrapInterval, type BootstrapOptions } from '../metrics/bootstrap';

export interface GeneShape {
  genes: number;
  channels: number;
}

/** Real components per gene slot (0 for a padded gene). */
export function realComponentsPerGene(mask: Uint8Array, { genes, channels }: GeneShape): Int32Array {
  const out = new Int32Array(genes);
  for (let g = 0; g < genes; g++) for (let c = 0; c < channels; c++) out[g] += mask[g * channels + c] ? 1 : 0;
  return out;
}

function checkPair(before: Float32Array, after: Float32Array, mask: Uint8Array, shape: GeneShape): number {
  const dims = shape.genes * shape.channels;
  if (mask.length !== dims) throw new InvalidRequestError(`the mask has ${mask.length} slots; expected ${shape.genes} × ${shape.channels}`);
  if (before.length !== after.length || before.length % dims !== 0) {
    throw new InvalidRequestError(`${before.length} and ${after.length} values; expected two sets of [N, ${shape.genes}, ${shape.channels}]`);
  }
  return before.length / dims;
}

/** [N × G]: per sample and gene, the mean |Δ| over the gene's real components (0 for a padded gene). */
export function perSampleGeneChange(before: Float32Array, after: Float32Array, mask: Uint8Array, shape: GeneShape): Float64Array {
  const n = checkPair(before, after, mask, shape);
  const { genes, channels } = shape;
  const real = realComponentsPerGene(mask, shape);
  const out = new Float64Array(n * genes);
  for (let i = 0; i < n; i++) {
    for (let g = 0; g < genes; g++) {
      if (real[g] === 0) continue;
      let sum = 0;
      for (let c = 0; c < channels; c++) {
        const d = (i * genes + g) * channels + c;
        if (mask[g * channels + c]) sum += Math.abs(after[d] - before[d]);
      }
      out[i * genes + g] = sum / real[g];
    }
  }
  return out;
}

/** Per sample: the mean |Δ| over real slots, and the Euclidean distance ‖Δ‖ over real slots. */
export function perSampleDistance(before: Float32Array, after: Float32Array, mask: Uint8Array, shape: GeneShape): { meanAbs: Float64Array; l2: Float64Array } {
  const n = checkPair(before, after, mask, shape);
  const dims = mask.length;
  const realSlots = mask.reduce((a, m) => a + (m ? 1 : 0), 0);
  const meanAbs = new Float64Array(n);
  const l2 = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let abs = 0;
    let sq = 0;
    for (let d = 0; d < dims; d++) {
      if (!mask[d]) continue;
      const delta = after[i * dims + d] - before[i * dims + d];
      abs += Math.abs(delta);
      sq += delta * delta;
    }
    meanAbs[i] = abs / Math.max(1, realSlots);
    l2[i] = Math.sqrt(sq);
  }
  return { meanAbs, l2 };
}

/** A distance over samples: its mean with a bootstrap interval, for both per-sample measures. */
export interface DistanceSummary {
  /** Mean over samples of the mean |Δ| over real slots. */
  meanAbs: BootstrapInterval;
  /** Mean over samples of ‖Δ‖ over real slots (seed 003's cycle loss). */
  l2: BootstrapInterval;
}

export function summarizeDistance(before: Float32Array, after: Float32Array, mask: Uint8Array, shape: GeneShape, options?: BootstrapOptions): DistanceSummary {
  const { meanAbs, l2 } = perSampleDistance(before, after, mask, shape);
  return { meanAbs: bootstrapMean(meanAbs, options), l2: bootstrapMean(l2, options) };
}

export interface GeneChange {
  /** Gene slot. */
  gene: number;
  name: string;
  components: number;
  /** 1 = changed most. */
  rank: number;
  change: number;
  /** Bootstrap interval of `change` over samples; null where not asked for (outside the top genes). */
  interval: { lower: number; upper: number } | null;
}

export interface ChangeMap {
  /** Every real gene in slot order. */
  genes: GeneChange[];
  /** Gene slots by change, largest first (ties: lower slot first). */
  ranking: number[];
  samples: number;
  bootstrap: { resamples: number; level: number; seed: number; method: 'percentile' };
}

export interface ChangeMapOptions extends BootstrapOptions {
  /** Gene names by slot (real genes only); default `gene<slot>`. */
  geneNames?: readonly string[];
  /** Bootstrap intervals for the top genes of the ranking only (default all). */
  intervalsForTop?: number;
}

/** The change map of `after` against `before` (same samples, same order). */
export function computeChangeMap(before: Float32Array, after: Float32Array, mask: Uint8Array, shape: GeneShape, options: ChangeMapOptions = {}): ChangeMap {
  const { geneNames = [], intervalsForTop = Infinity, resamples = 1000, level = 0.95, seed = 0 } = options;
  const perSample = perSampleGeneChange(before, after, mask, shape);
  const n = perSample.length / shape.genes;
  if (n === 0) throw new InvalidRequestError('the change map needs at least one translated sample');
  const real = realComponentsPerGene(mask, shape);
  const slots = [...real.keys()].filter((g) => real[g] > 0);
  const change = new Float64Array(shape.genes);
  for (let i = 0; i < n; i++) for (const g of slots) change[g] += perSample[i * shape.genes + g] / n;
  const ranking = [...slots].sort((a, b) => change[b] - change[a] || a - b);
  const rankOf = new Map(ranking.map((g, r) => [g, r + 1]));
  const column = new Float64Array(n);
  const genes = slots.map((g): GeneChange => {
    const rank = rankOf.get(g) as number;
    let interval: GeneChange['interval'] = null;
    if (rank <= intervalsForTop) {
      for (let i = 0; i < n; i++) column[i] = perSample[i * shape.genes + g];
      const b = bootstrapMean(column, { resamples, level, seed });
      interval = { lower: b.lower, upper: b.upper };
    }
    return { gene: g, name: geneNames[g] ?? `gene${g}`, components: real[g], rank, change: change[g], interval };
  });
  return { genes, ranking, samples: n, bootstrap: { resamples, level, seed, method: 'percentile' } };
}

export interface SnpChange {
  /** Row of the codec's variant table. */
  variant: number;
  id: string;
  chrom: string;
  pos: number;
  /** Mean over samples of decoded(after) − decoded(before), in ALT-allele dosage (soft, unrounded). */
  meanDosageChange: number;
}

/**
 * Per SNP, the mean change of the decoded dosage (x̂ = (s·t + m)·Wᵀ + μ, not rounded), largest
 * |change| first. Decoding is linear, so this is the decoded mean latent change.
 */
export function decodedDosageChange(codec: GeneCodec, before: Float32Array, after: Float32Array, samples: number): SnpChange[] {
  const a = decode(codec, before, samples);
  const b = decode(codec, after, samples);
  const variants = codec.variants.pos.length;
  const out: SnpChange[] = [];
  for (let v = 0; v < variants; v++) {
    let sum = 0;
    for (let i = 0; i < samples; i++) sum += b[v * samples + i] - a[v * samples + i];
    out.push({ variant: v, id: codec.variants.id[v], chrom: codec.variants.chrom[v], pos: codec.variants.pos[v], meanDosageChange: sum / samples });
  }
  return out.sort((x, y) => Math.abs(y.meanDosageChange) - Math.abs(x.meanDosageChange) || x.variant - y.variant);
}
