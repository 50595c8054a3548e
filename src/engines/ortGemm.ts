// The distance engine's tile products (core/metrics/tileGemm.ts) on ONNX Runtime: two tiny graphs
// with symbolic dims, one session each per runtime, reused for every tile. onnxruntime-node in the
// CLI (MLAS, intra-op threads), onnxruntime-web in a worker (WASM threads; WebGPU EP when asked).
//   top:     cos = Gemm(query, reference, transB = 1); values, indices = TopK(cos, k), largest = 1,
//            sorted = 1 (ONNX: equal values by the lower index, as candidates.ts ranks them);
//            indices cast to int32, so only [rows, k] comes back per tile.
//   cosines: cos = Gemm(query, reference, transB = 1), the whole [rows, columns] tile.
import type * as Ort from 'onnxruntime-web';
import { buildOnnxModel, type ValueInfoDef } from '../core/backbone/onnxBuilder';
import { RuntimeFailureError } from '../core/errors';
import type { ReferenceTile, TileGemm, TileTop } from '../core/metrics/tileGemm';
import type { ExecutionProviderName } from './inference';
import type { OrtRuntime } from './ortInferenceEngine';

/** What the products need of a runtime: the module, and for native ORT its EP and threads. */
export type OrtGemmRuntime = Pick<OrtRuntime, 'ort' | 'native'>;

export interface OrtGemmOptions {
  /** Default: the native runtime's EP, else 'wasm'. 'webgpu' falls back to 'wasm' if its session does not open. */
  executionProvider?: ExecutionProviderName;
}

/** How an engine gets its products: the runtime (or how to make it on first use) and the EP. */
export interface OrtGemmSource extends OrtGemmOptions {
  /** onnxruntime-node in the CLI (createCliOrtRuntime), onnxruntime-web in a worker. */
  runtime: OrtGemmRuntime | (() => Promise<OrtGemmRuntime>);
}

export interface OrtTileGemm extends TileGemm {
  /** Opens both sessions and runs each once on a 1 × 1 tile, so a runtime that cannot run them fails here. */
  warmUp(): Promise<void>;
  /** Releases the sessions; the next product opens them again. */
  release(): Promise<void>;
}

const inputs: ValueInfoDef[] = [
  { name: 'query', elemType: 'float32', dims: ['rows', 'width'] },
  { name: 'reference', elemType: 'float32', dims: ['columns', 'width'] },
];
const gemm = { opType: 'Gemm', inputs: ['query', 'reference'], outputs: ['cosine'], attributes: { transB: { type: 'int', value: 1 } } } as const;

/** query [rows, width], reference [columns, width], k int64 [1] → values float32 [rows, k], indices int32 [rows, k]. */
export function buildTopCosineModel(): Uint8Array {
  return buildOnnxModel({
    graphName: 'gdw_top_cosine',
    inputs: [...inputs, { name: 'k', elemType: 'int64', dims: [1] }],
    outputs: [
      { name: 'values', elemType: 'float32', dims: ['rows', 'k'] },
      { name: 'indices', elemType: 'int32', dims: ['rows', 'k'] },
    ],
    nodes: [
      gemm,
      {
        opType: 'TopK', inputs: ['cosine', 'k'], outputs: ['values', 'indices64'],
        attributes: { axis: { type: 'int', value: -1 }, largest: { type: 'int', value: 1 }, sorted: { type: 'int', value: 1 } },
      },
      { opType: 'Cast', inputs: ['indices64'], outputs: ['indices'], attributes: { to: { type: 'int', value: 6 } } },
    ],
  });
}

/** query [rows, width], reference [columns, width] → cosine float32 [rows, columns]. */
export function buildCosineModel(): Uint8Array {
  return buildOnnxModel({
    graphName: 'gdw_cosine',
    inputs,
    outputs: [{ name: 'cosine', elemType: 'float32', dims: ['rows', 'columns'] }],
    nodes: [gemm],
  });
}

type GraphName = 'top' | 'cosines';
const builders: Record<GraphName, () => Uint8Array> = { top: buildTopCosineModel, cosines: buildCosineModel };

export function createOrtTileGemm(runtime: OrtGemmRuntime, options: OrtGemmOptions = {}): OrtTileGemm {
  const { ort, native } = runtime;
  let ep: ExecutionProviderName = options.executionProvider ?? native?.executionProvider ?? 'wasm';
  let fallbackReason: string | null = null;
  const sessions = new Map<GraphName, Promise<Ort.InferenceSession>>();

  const create = (graph: GraphName, provider: ExecutionProviderName) => ort.InferenceSession.create(builders[graph](), {
    executionProviders: [provider], graphOptimizationLevel: 'all', logSeverityLevel: 3,
    ...(native ? { intraOpNumThreads: native.intraOpNumThreads } : {}),
  });
  async function open(graph: GraphName): Promise<Ort.InferenceSession> {
    try {
      return await create(graph, ep);
    } catch (err) {
      if (ep !== 'webgpu') throw new RuntimeFailureError(`ONNX Runtime could not open the distance products on ${ep}: ${(err as Error).message}`);
      fallbackReason = `WebGPU EP failed: ${(err as Error).message}`;
      ep = 'wasm';
      return open(graph);
    }
  }
  const session = (graph: GraphName): Promise<Ort.InferenceSession> => {
    let opened = sessions.get(graph);
    if (!opened) {
      opened = open(graph);
      opened.catch(() => sessions.delete(graph)); // a failed open is retried on the next tile
      sessions.set(graph, opened);
    }
    return opened;
  };
  const run = async (graph: GraphName, feeds: Record<string, Ort.Tensor>) => {
    try {
      return await (await session(graph)).run(feeds);
    } catch (err) {
      if (err instanceof RuntimeFailureError) throw err;
      throw new RuntimeFailureError(`ONNX Runtime failed on a distance tile (${ep}): ${(err as Error).message}`);
    }
  };

  const loadReference = async (rows: Float32Array, columns: number, width: number): Promise<ReferenceTile> => {
    const reference = new ort.Tensor('float32', rows, [columns, width]);
    const query = (data: Float32Array, count: number) => new ort.Tensor('float32', data, [count, width]);
    return {
      async top(data, count, perRow): Promise<TileTop> {
        const k = new ort.Tensor('int64', BigInt64Array.of(BigInt(perRow)), [1]);
        const out = await run('top', { query: query(data, count), reference, k });
        return { values: out.values.data as Float32Array, indices: out.indices.data as Int32Array };
      },
      async cosines(data, count) {
        const out = await run('cosines', { query: query(data, count), reference });
        return out.cosine.data as Float32Array;
      },
      dispose: () => reference.dispose(),
    };
  };

  return {
    describe() {
      const threads = native ? native.intraOpNumThreads : ort.env.wasm.numThreads;
      const build = native ? 'onnxruntime-node' : 'onnxruntime-web';
      // numThreads unset or 0 lets onnxruntime-web choose; it reads the value when its WASM starts.
      const threadNote = ep === 'webgpu' || !threads ? '' : `, ${threads} thread${threads === 1 ? '' : 's'}`;
      return `${build} ${ep}${threadNote}${fallbackReason ? ` (${fallbackReason})` : ''}`;
    },
    loadReference,
    async warmUp() {
      const tile = await loadReference(Float32Array.of(1), 1, 1);
      try {
        await tile.top(Float32Array.of(1), 1, 1);
        await tile.cosines(Float32Array.of(1), 1);
      } finally {
        tile.dispose();
      }
    },
    async release() {
      const open = [...sessions.values()];
      sessions.clear();
      await Promise.all(open.map(async (s) => (await s.catch(() => null))?.release()));
    },
  };
}

/** The products of a source, warmed up: a runtime that cannot run them fails here, before any tile. */
export async function openOrtTileGemm(source: OrtGemmSource): Promise<OrtTileGemm> {
  const runtime = typeof source.runtime === 'function' ? await source.runtime() : source.runtime;
  const gemm = createOrtTileGemm(runtime, source);
  await gemm.warmUp();
  return gemm;
}
