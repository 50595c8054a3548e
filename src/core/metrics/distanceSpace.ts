// The space a metric measures distances in: the sets with padding dropped (exact), or their seeded
// random projection (approximate, with its measured distortion). Metrics run their engine passes
// through here so that every result records the same settings and reports one progress stream.
import {
  findNearest, findNearestWithin, type DistanceProgress, type NearestNeighbours, type NearestOptions,
} from './distance';
import { projectSets, type ProjectionProgress, type ProjectionSummary, type RandomProjectionOptions } from './projection';
import type { SampleRows } from './sampleRows';

export type MetricProgress =
  | ProjectionProgress
  | { status: 'distance-pass'; pass: number; passes: number; detail: DistanceProgress };

export interface DistanceSpaceOptions {
  /** [dims], 1 = real slot, 0 = padding. */
  mask?: Uint8Array | null;
  /** Seeded random projection for very large sets; results become approximate. Default: none (exact). */
  projection?: RandomProjectionOptions | null;
  rowTile?: number;
  columnTile?: number;
  candidateMargin?: number;
  signal?: AbortSignal;
  onProgress?: (progress: MetricProgress) => void;
}

/** Shown next to every number computed on distances. */
export interface DistanceSpaceSettings {
  /** d = arccos(cos)/π, paper eq. 10. */
  metric: 'angular-cosine';
  kind: 'exact' | 'approximate';
  dims: number;
  maskUsed: boolean;
  /** Self-matches are excluded by index, never by a distance threshold. */
  selfExclusion: 'by-index';
  /** Candidates from float32 tile products (tfjs or ONNX Runtime, core/metrics/tileGemm.ts), kept distances re-measured in float64. */
  precision: 'float64-refined';
  projection: ProjectionSummary | null;
}

export interface DistancePasses {
  readonly sets: SampleRows[];
  readonly settings: DistanceSpaceSettings;
  nearest(query: SampleRows, reference: SampleRows, k: number): Promise<NearestNeighbours>;
  within(set: SampleRows, k: number): Promise<NearestNeighbours>;
}

/** Share of a metric's work done, 0 … 1, for one progress bar; never decreases over a run. */
export function metricProgressFraction(progress: MetricProgress): number {
  if (progress.status === 'projecting') return 0;
  const { detail } = progress;
  const within = detail.status === 'distance-tiles' ? detail.tilesDone / Math.max(1, detail.tilesTotal) : 1;
  return (progress.pass - 1 + within) / progress.passes;
}

/**
 * Prepares the sets (projected when asked) and returns a runner for `passes` engine calls; the
 * runner numbers the passes for progress. Use `sets` from the result, not the inputs.
 */
export async function createDistancePasses(
  sets: readonly SampleRows[], options: DistanceSpaceOptions, passes: number,
): Promise<DistancePasses> {
  const projected = options.projection
    ? await projectSets(sets, options.mask, options.projection, options.signal, options.onProgress)
    : null;
  const mask = projected ? null : options.mask ?? null;
  const settings: DistanceSpaceSettings = {
    metric: 'angular-cosine',
    kind: projected ? 'approximate' : 'exact',
    dims: sets[0]?.dims ?? 0,
    maskUsed: Boolean(options.mask),
    selfExclusion: 'by-index',
    precision: 'float64-refined',
    projection: projected?.summary ?? null,
  };
  let pass = 0;
  const runOptions = (k: number): NearestOptions => {
    const current = ++pass;
    return {
      k, mask, rowTile: options.rowTile, columnTile: options.columnTile, candidateMargin: options.candidateMargin,
      signal: options.signal,
      onProgress: (detail) => options.onProgress?.({ status: 'distance-pass', pass: current, passes, detail }),
    };
  };
  return {
    sets: projected ? projected.sets : [...sets],
    settings,
    nearest: (query, reference, k) => findNearest(query, reference, runOptions(k)),
    within: (set, k) => findNearestWithin(set, runOptions(k)),
  };
}
