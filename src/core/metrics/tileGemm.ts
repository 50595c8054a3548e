// The matrix products of the distance engine (distance.ts), behind one seam: packed unit rows of a
// query tile [rows, width] against a reference tile [columns, width] give cosines, either each
// row's best `perRow` (the nearest-neighbour path) or the whole tile (small all-pairs matrices).
// tfjs here is the default; src/engines/ortGemm.ts runs the same products on ONNX Runtime.
import * as tf from '@tensorflow/tfjs-core';

/** One query tile's best columns, [rows, perRow] each: cosine descending, equal cosines by the smaller column. */
export interface TileTop {
  values: Float32Array;
  /** Column index within the reference tile. */
  indices: Int32Array;
}

/** One reference tile, held (on the device where there is one) while the query tiles pass. */
export interface ReferenceTile {
  /** Each query row's `perRow` (≤ columns) largest cosines against this tile. */
  top(query: Float32Array, rows: number, perRow: number): Promise<TileTop>;
  /** The [rows, columns] cosines, row-major. */
  cosines(query: Float32Array, rows: number): Promise<Float32Array>;
  dispose(): void;
}

export interface TileGemm {
  /** Where the products run, for the settings shown beside results ('tfjs cpu', 'onnxruntime-web wasm, 2 threads'). */
  describe(): string;
  /** Takes packed unit rows [columns, width] of one reference tile; the caller disposes it. */
  loadReference(rows: Float32Array, columns: number, width: number): Promise<ReferenceTile>;
}

/** tfjs matMul + topk on whatever backend the caller selected (src/engines picks webgpu → webgl → wasm → cpu). */
export function createTfjsTileGemm(): TileGemm {
  return {
    describe: () => `tfjs ${tf.getBackend()}`,
    async loadReference(rows, columns, width) {
      await tf.ready();
      const reference = tf.tensor2d(rows, [columns, width]);
      const product = (query: Float32Array, queryRows: number) =>
        tf.matMul(tf.tensor2d(query, [queryRows, width]), reference, false, true);
      return {
        async top(query, queryRows, perRow) {
          const top = tf.tidy(() => tf.topk(product(query, queryRows), perRow));
          try {
            const [values, indices] = await Promise.all([top.values.data<'float32'>(), top.indices.data<'int32'>()]);
            return { values, indices };
          } finally {
            tf.dispose([top.values, top.indices]);
          }
        },
        async cosines(query, queryRows) {
          const cosine = tf.tidy(() => product(query, queryRows));
          try {
            return await cosine.data<'float32'>();
          } finally {
            cosine.dispose();
          }
        },
        dispose: () => reference.dispose(),
      };
    },
  };
}

const tfjsTileGemm = createTfjsTileGemm();
let defaultTileGemm: TileGemm | null = null;

/**
 * Sets the products used by every distance computation that passes no `gemm` (null: tfjs), the way
 * tf.setBackend sets tfjs' backend for its thread: the evaluation engine sets it around each task,
 * so the metrics and the UMAP built on distance.ts need no extra option. Returns the previous one.
 */
export function setDefaultTileGemm(gemm: TileGemm | null): TileGemm | null {
  const previous = defaultTileGemm;
  defaultTileGemm = gemm;
  return previous;
}

/** The products a run uses: its own, else the default set above, else tfjs. */
export function resolveTileGemm(gemm: TileGemm | null | undefined): TileGemm {
  return gemm ?? defaultTileGemm ?? tfjsTileGemm;
}
