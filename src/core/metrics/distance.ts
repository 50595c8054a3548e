// The distance engine: angular cosine distance d(x, y) = arccos(x·y / (|x||y|)) / π (paper
// eq. 10) between two sample sets, padded slots dropped first (REFERENCE.md: same value).
// Rows are normalised (float64 norms, padding dropped, while packing each tile) and multiplied
// tile by tile by an injected TileGemm (tileGemm.ts: tfjs by default, ONNX Runtime from
// src/engines/ortGemm.ts), so the full nA × nB matrix never exists: each tile's top candidates
// per row stream into bounded per-row lists.
// float32 cosines cannot resolve small angles (error up to ~1e-4 in d near 0), so the kept
// candidates — k plus a margin — are re-measured in float64 (angular.ts) and re-ranked.
import { createCancellationPoint, InvalidRequestError } from '../errors';
import { angularDistance64 } from './angular';
import { createCandidateLists, mergeTileTop, type CandidateLists } from './candidates';
import { isInMemory, readRowRange } from '../store/rowData';
import { checkSampleRows, getRealSlots, getRowNorms, packUnitRows, type SampleRows } from './sampleRows';
import { resolveTileGemm, type ReferenceTile, type TileGemm } from './tileGemm';

export type DistanceProgress =
  | { status: 'distance-tiles'; tilesDone: number; tilesTotal: number }
  | { status: 'refining'; rowsDone: number; rowsTotal: number };

export interface DistanceRunOptions {
  /** [dims], 1 = real slot, 0 = padding (dropped before any product). */
  mask?: Uint8Array | null;
  /** Query rows per tile (re-packed for every reference tile); default: as many as fit 32 MiB of float32, at most 1024. */
  rowTile?: number;
  /** Reference rows per tile (packed once, resident while the query tiles pass); default: as many
   * as fit 256 MiB of float32, at most 4096. The query set is re-read once per reference tile. */
  columnTile?: number;
  /** The tile products; default: the one set by setDefaultTileGemm, else tfjs on its selected backend. */
  gemm?: TileGemm | null;
  signal?: AbortSignal;
  onProgress?: (progress: DistanceProgress) => void;
}

export interface NearestOptions extends DistanceRunOptions {
  /** Neighbours kept per query row. */
  k: number;
  /** Extra float32 candidates per row re-measured in float64 (default 8): a true neighbour is
   * lost only if more than this many rows tie with the k-th within float32 rounding (~1e-7 in cos). */
  candidateMargin?: number;
}

/** What a distance computation did, for display next to every number built on it. */
export interface DistanceSettings {
  /** d = arccos(cos)/π, paper eq. 10. */
  metric: 'angular-cosine';
  dims: number;
  /** Slots compared after the mask dropped padding. */
  realDims: number;
  maskUsed: boolean;
  rowTile: number;
  columnTile: number;
  /** Where the float32 tile products ran (TileGemm.describe). */
  product: string;
}

export interface NearestSettings extends DistanceSettings {
  k: number;
  /** 'by-index': row i never counts column i as its neighbour (same set); never a distance cut. */
  selfExclusion: 'by-index' | 'none';
  candidateMargin: number;
  /** Candidates chosen from float32 tiles, kept distances measured in float64. */
  precision: 'float64-refined';
}

export interface NearestNeighbours {
  rows: number;
  k: number;
  /** [rows, k] reference row of each neighbour, nearest first; equal distances by smaller index. */
  indices: Int32Array;
  /** [rows, k] float64 angular distance in [0, 1]. */
  distances: Float64Array;
  settings: NearestSettings;
}

export interface DistanceMatrix {
  rows: number;
  columns: number;
  /** [rows, columns] float32 distances: acos of the clamped float32 cosine, over π. */
  values: Float32Array;
  settings: DistanceSettings & { precision: 'float32' };
}

const QUERY_TILE_BYTES = 32 * 1024 * 1024;
/**
 * A reference tile lives twice while it is multiplied (packed here, and copied into ONNX Runtime's
 * WASM heap, which never shrinks): 64 MiB keeps the paper's width (~10,000 real values a row) at
 * ~1,700 columns a tile without slowing the products, where 256 MiB grew the tab's evaluation worker
 * by ~0.3 GB (issue 11).
 */
const REFERENCE_TILE_BYTES = 64 * 1024 * 1024;
/** Yield to the event loop at most this often: often enough for an abort to arrive, rarely
 * enough that browsers' 4 ms timer clamp costs nothing measurable. */
const YIELD_INTERVAL_MS = 25;
const DEFAULT_MARGIN = 8;
const DEFAULT_MAX_MATRIX_ENTRIES = 4_000_000;

interface RunPlan {
  a: SampleRows;
  b: SampleRows;
  slots: Int32Array | null;
  width: number;
  normsA: Float64Array;
  normsB: Float64Array;
  rowTile: number;
  columnTile: number;
  gemm: TileGemm;
}

function checkCount(value: number | undefined, fallback: number, what: string, least = 1): number {
  if (value === undefined) return fallback;
  if (!(Number.isInteger(value) && value >= least)) throw new InvalidRequestError(`${what} = ${value}; expected an integer ≥ ${least}`);
  return value;
}

function planRun(a: SampleRows, b: SampleRows, options: DistanceRunOptions): RunPlan {
  checkSampleRows(a, 'the query set');
  checkSampleRows(b, 'the reference set');
  if (a.dims !== b.dims) throw new InvalidRequestError(`the sets have ${a.dims} and ${b.dims} values per row; they must match`);
  const slots = getRealSlots(options.mask, a.dims);
  const width = slots ? slots.length : a.dims;
  const fitting = (bytes: number): number => Math.max(1, Math.floor(bytes / (4 * width)));
  const normsA = getRowNorms(a, slots);
  return {
    a, b, slots, width, normsA,
    normsB: a === b ? normsA : getRowNorms(b, slots),
    rowTile: checkCount(options.rowTile, Math.min(fitting(QUERY_TILE_BYTES), 1024), 'rowTile'),
    columnTile: checkCount(options.columnTile, Math.min(fitting(REFERENCE_TILE_BYTES), 4096), 'columnTile'),
    gemm: resolveTileGemm(options.gemm),
  };
}

function describePlan(plan: RunPlan): DistanceSettings {
  return {
    metric: 'angular-cosine', dims: plan.a.dims, realDims: plan.width, maskUsed: plan.slots !== null,
    rowTile: plan.rowTile, columnTile: plan.columnTile, product: plan.gemm.describe(),
  };
}

/** Lets a pending abort (a message to this worker or page) arrive, then checks for it. */
const createTileCancellationPoint = (signal: AbortSignal | undefined) => createCancellationPoint(signal, 'distance computation', YIELD_INTERVAL_MS);

interface Tile {
  /** [rows, width] unit query rows. */
  query: Float32Array;
  /** [columns, width] unit reference rows, loaded into the products. */
  reference: ReferenceTile;
  rowStart: number;
  rows: number;
  columnStart: number;
  columns: number;
}

/** Visits every (query tile, reference tile) pair; one reference tile lives at a time. */
async function forEachTile(plan: RunPlan, options: DistanceRunOptions, visit: (tile: Tile) => Promise<void>): Promise<void> {
  const { a, b, slots, width, rowTile, columnTile } = plan;
  const tilesTotal = Math.ceil(a.count / rowTile) * Math.ceil(b.count / columnTile);
  let tilesDone = 0;
  const cancellationPoint = createTileCancellationPoint(options.signal);
  options.onProgress?.({ status: 'distance-tiles', tilesDone, tilesTotal });
  for (let columnStart = 0; columnStart < b.count; columnStart += columnTile) {
    const columns = Math.min(columnTile, b.count - columnStart);
    const reference = await plan.gemm.loadReference(packUnitRows(b, slots, plan.normsB, columnStart, columnStart + columns), columns, width);
    try {
      for (let rowStart = 0; rowStart < a.count; rowStart += rowTile) {
        await cancellationPoint();
        const rows = Math.min(rowTile, a.count - rowStart);
        const query = packUnitRows(a, slots, plan.normsA, rowStart, rowStart + rows);
        await visit({ query, reference, rowStart, rows, columnStart, columns });
        options.onProgress?.({ status: 'distance-tiles', tilesDone: ++tilesDone, tilesTotal });
      }
    } finally {
      reference.dispose();
    }
  }
}

/** Streams each tile's best `capacity` columns per row (one more when the row's own column may be among them). */
async function collectCandidates(plan: RunPlan, options: DistanceRunOptions, lists: CandidateLists, excludeSelf: boolean): Promise<void> {
  await forEachTile(plan, options, async (tile) => {
    const perRow = Math.min(lists.capacity + (excludeSelf ? 1 : 0), tile.columns);
    const top = await tile.reference.top(tile.query, tile.rows, perRow);
    mergeTileTop(lists, tile.rowStart, tile.rows, perRow, top.values, top.indices, tile.columnStart, excludeSelf);
  });
}

/** Re-measures every kept candidate in float64 and keeps the k nearest (ties: smaller index). */
async function refineCandidates(plan: RunPlan, lists: CandidateLists, k: number, options: DistanceRunOptions) {
  const { a, b, slots } = plan;
  const indices = new Int32Array(a.count * k);
  const distances = new Float64Array(a.count * k);
  const order: { distance: number; column: number }[] = [];
  const chunkRows = 256;
  // A row of a set in a store is read into these (a view when the set is in memory).
  const queryRow = isInMemory(a.data) ? undefined : new Float32Array(a.dims);
  const referenceRow = isInMemory(b.data) ? undefined : new Float32Array(b.dims);
  const cancellationPoint = createTileCancellationPoint(options.signal);
  for (let row = 0; row < a.count; row++) {
    if (row % chunkRows === 0 && row > 0) {
      options.onProgress?.({ status: 'refining', rowsDone: row, rowsTotal: a.count });
      await cancellationPoint();
    }
    order.length = 0;
    const x = readRowRange(a.data, a.dims, row, row + 1, queryRow);
    for (let c = 0; c < lists.size[row]; c++) {
      const column = lists.index[row * lists.capacity + c];
      const y = readRowRange(b.data, b.dims, column, column + 1, referenceRow);
      const distance = angularDistance64(x, 0, plan.normsA[row], y, 0, plan.normsB[column], slots, a.dims);
      order.push({ distance, column });
    }
    order.sort((x, y) => x.distance - y.distance || x.column - y.column);
    for (let j = 0; j < k; j++) {
      indices[row * k + j] = order[j].column;
      distances[row * k + j] = order[j].distance;
    }
  }
  options.onProgress?.({ status: 'refining', rowsDone: a.count, rowsTotal: a.count });
  return { indices, distances };
}

async function runNearest(a: SampleRows, b: SampleRows, options: NearestOptions, excludeSelf: boolean): Promise<NearestNeighbours> {
  // 1. Plan: validate, drop padding, row norms, tile sizes.
  const plan = planRun(a, b, options);
  const available = b.count - (excludeSelf ? 1 : 0);
  const { k } = options;
  if (!(Number.isInteger(k) && k >= 1 && k <= available)) {
    throw new InvalidRequestError(`k = ${k} neighbours requested from ${available} candidate rows; expected 1 to ${available}`);
  }
  const candidateMargin = checkCount(options.candidateMargin, DEFAULT_MARGIN, 'candidateMargin', 0);
  // 2. Stream float32 tiles into bounded candidate lists.
  const lists = createCandidateLists(a.count, Math.min(k + candidateMargin, available));
  await collectCandidates(plan, options, lists, excludeSelf);
  // 3. Re-measure candidates in float64 and keep k.
  const { indices, distances } = await refineCandidates(plan, lists, k, options);
  return {
    rows: a.count, k, indices, distances,
    settings: {
      ...describePlan(plan), k, selfExclusion: excludeSelf ? 'by-index' : 'none', candidateMargin, precision: 'float64-refined',
    },
  };
}

/** The k nearest rows of `reference` for every row of `query`. */
export function findNearest(query: SampleRows, reference: SampleRows, options: NearestOptions): Promise<NearestNeighbours> {
  return runNearest(query, reference, options, false);
}

/** The k nearest other rows of the same set: row i never matches itself, by index, so a
 * duplicate of row i stays a neighbour at distance 0 (no distance threshold). */
export function findNearestWithin(set: SampleRows, options: NearestOptions): Promise<NearestNeighbours> {
  return runNearest(set, set, options, true);
}

/**
 * Every distance between two small sets (plots, UMAP inputs, tests), in float32 straight from the
 * tiles: cosine clamped to [−1, 1] before acos. Accurate to ~1e-6 where sin(πd) is not small;
 * near d = 0 or 1 float32 allows errors up to ~1e-4, so copy detection uses findNearest instead.
 */
export async function computeDistanceMatrix(
  a: SampleRows, b: SampleRows, options: DistanceRunOptions & { maxEntries?: number } = {},
): Promise<DistanceMatrix> {
  const plan = planRun(a, b, options);
  const maxEntries = options.maxEntries ?? DEFAULT_MAX_MATRIX_ENTRIES;
  if (a.count * b.count > maxEntries) {
    throw new InvalidRequestError(
      `a full distance matrix of ${a.count} × ${b.count} exceeds ${maxEntries} entries; use findNearest for sets this large`);
  }
  const values = new Float32Array(a.count * b.count);
  await forEachTile(plan, options, async (tile) => {
    const cosine = await tile.reference.cosines(tile.query, tile.rows);
    for (let r = 0; r < tile.rows; r++) {
      const offset = (tile.rowStart + r) * b.count + tile.columnStart;
      for (let c = 0; c < tile.columns; c++) {
        values[offset + c] = Math.acos(Math.min(1, Math.max(-1, cosine[r * tile.columns + c]))) / Math.PI;
      }
    }
  });
  return { rows: a.count, columns: b.count, values, settings: { ...describePlan(plan), precision: 'float32' } };
}
