// The distance engine on ONNX Runtime tile products (ortGemm.ts), on native onnxruntime-node and
// on onnxruntime-web's WASM build in Node: the same neighbours and float64 distances as the
// brute force (core/metrics/testHelpers), whatever the tiles, masks, self-exclusion and ties.
//
// Tolerances. Kept neighbours are re-measured in float64 from the original rows, so their
// distances match the brute force (Math.acos in float64) to 1e-12 — acos's own rounding, ~1e-16 /
// sin(πd). The full matrix is float32 cosines (MLAS sgemm: ~1e-7 of rounding) through a float64
// acos: 2e-6 holds wherever sin(πd) ≥ 0.1, as for the tfjs path (distance.test.ts).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeDistanceMatrix, findNearest, findNearestWithin } from '../core/metrics/distance';
import type { SampleRows } from '../core/metrics/sampleRows';
import { bruteNearest, compareWithBruteMatrix, randomRows, rowsFrom, useCpuBackend } from '../core/metrics/testHelpers';
import { resolveTileGemm, setDefaultTileGemm } from '../core/metrics/tileGemm';
import { cliOrtGemm } from './nodeOrtGemm';
import { createCliOrtRuntime, createNodeOrtRuntime } from './nodeOrtRuntime';
import { createOrtTileGemm, openOrtTileGemm, type OrtTileGemm } from './ortGemm';

const REFINED_TOLERANCE = 1e-12;
const FLOAT32_TOLERANCE = 2e-6;
const DIMS = 10;
/** Slots 3 and 8 are padding and carry large junk that must not count. */
const MASK = Uint8Array.from([1, 1, 1, 0, 1, 1, 1, 1, 0, 1]);

const gemms: Record<string, OrtTileGemm> = {};
beforeAll(async () => {
  await useCpuBackend(); // for the tfjs comparison only
  gemms.native = createOrtTileGemm(await createCliOrtRuntime({ threads: 2 }));
  gemms.wasm = createOrtTileGemm(createNodeOrtRuntime(1));
});
afterAll(async () => {
  await Promise.all(Object.values(gemms).map((g) => g.release()));
});

function expectMatchesBrute(result: { indices: Int32Array; distances: Float64Array; k: number }, brute: ReturnType<typeof bruteNearest>): void {
  brute.indices.forEach((row, i) => {
    expect(Array.from(result.indices.subarray(i * result.k, (i + 1) * result.k))).toEqual(row);
    row.forEach((_, j) => expect(Math.abs(result.distances[i * result.k + j] - brute.distances[i][j])).toBeLessThan(REFINED_TOLERANCE));
  });
}

describe.each(['native', 'wasm'])('ONNX Runtime tile products (%s)', (name) => {
  const gemm = () => gemms[name];

  it('says where it runs', async () => {
    await gemm().warmUp();
    expect(gemm().describe()).toMatch(name === 'native' ? /^onnxruntime-node cpu, 2 threads$/ : /^onnxruntime-web wasm, 1 thread$/);
  });

  it('returns each row\'s top cosines sorted, equal cosines by the lower column, and the full tile', async () => {
    // Columns 1, 3, 5 tie at cos 1 and 0, 2, 4 at cos 0 for the first query row.
    const reference = Float32Array.from([0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0]);
    const tile = await gemm().loadReference(reference, 6, 2);
    try {
      const top = await tile.top(Float32Array.from([1, 0, 0, 1]), 2, 4);
      expect(Array.from(top.indices)).toEqual([1, 3, 5, 0, 0, 2, 4, 1]);
      expect(Array.from(top.values)).toEqual([1, 1, 1, 0, 1, 1, 1, 0]);
      expect(Array.from(await tile.cosines(Float32Array.from([1, 0]), 1))).toEqual([0, 1, 0, 1, 0, 1]);
    } finally {
      tile.dispose();
    }
  });

  describe('findNearest', () => {
    const a = randomRows(23, DIMS, 1, MASK, 50);
    const b = randomRows(31, DIMS, 2, MASK, -50);
    const brute = bruteNearest(a, b, 5, MASK);

    it.each([
      [1, 1], [3, 5], [7, 31], [23, 4], [5, 2], [64, 64], [undefined, undefined],
    ])('gives the brute-force neighbours and distances (1e-12) with the padding dropped, rowTile %s × columnTile %s', async (rowTile, columnTile) => {
      // columnTile 1, 2 and 4 hold fewer columns than k = 5; 3, 5, 4 and 7 do not divide 23 or 31.
      const result = await findNearest(a, b, { k: 5, mask: MASK, rowTile, columnTile, gemm: gemm() });
      expectMatchesBrute(result, brute);
      expect(result.settings.product).toBe(gemm().describe());
    });

    it('matches the brute force on random sets, tiles, k and margins (property, 10 runs)', async () => {
      await fc.assert(fc.asyncProperty(
        fc.integer({ min: 2, max: 14 }), fc.integer({ min: 1, max: 18 }), fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 8 }), fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 0, max: 3 }),
        async (nA, nB, rowTile, columnTile, seed, margin) => {
          const x = randomRows(nA, 6, seed);
          const y = randomRows(nB, 6, seed + 1);
          const k = 1 + (seed % nB);
          const result = await findNearest(x, y, { k, rowTile, columnTile, candidateMargin: margin, gemm: gemm() });
          expectMatchesBrute(result, bruteNearest(x, y, k));
        }), { numRuns: 10 });
    });

    it('ranks exact ties by the smaller reference index, across tiles and with no margin', async () => {
      const query = rowsFrom([[1, 0, 0]]);
      const reference = rowsFrom([[0, 1, 0], [2, 0, 0], [0, 0, 1], [3, 0, 0], [0, 1, 0], [5, 0, 0], [0, 0, 4]]);
      for (const columnTile of [1, 2, 3, 7]) {
        const result = await findNearest(query, reference, { k: 5, columnTile, candidateMargin: 0, gemm: gemm() });
        expect(Array.from(result.indices)).toEqual([1, 3, 5, 0, 2]);
        expect(Array.from(result.distances)).toEqual([0, 0, 0, 0.5, 0.5]);
      }
    });

    it('lists exact duplicates in index order when more of them tie than k + margin', async () => {
      // Row 2 and 12 exact copies of it among noise: the query (row 2 again) must list the lowest-indexed
      // copies, so identical columns must get identical float32 cosines wherever they sit in a tile.
      const base = randomRows(40, DIMS, 9, MASK, 7);
      for (let i = 5; i < 40; i += 3) base.data.copyWithin(i * DIMS, 2 * DIMS, 3 * DIMS);
      const query = { ...base, data: base.data.slice(2 * DIMS, 3 * DIMS), count: 1 };
      const result = await findNearest(query, base, { k: 4, mask: MASK, columnTile: 6, candidateMargin: 1, gemm: gemm() });
      expectMatchesBrute(result, bruteNearest(query, base, 4, MASK));
    });
  });

  describe('findNearestWithin', () => {
    it('excludes each row itself by index, k above the column tile, tiles not dividing n', async () => {
      const set = randomRows(29, DIMS, 3, MASK, 9);
      const result = await findNearestWithin(set, { k: 6, mask: MASK, rowTile: 4, columnTile: 5, gemm: gemm() });
      expectMatchesBrute(result, bruteNearest(set, set, 6, MASK, true));
      for (let i = 0; i < set.count; i++) expect(Array.from(result.indices.subarray(i * 6, i * 6 + 6))).not.toContain(i);
      expect(result.settings.selfExclusion).toBe('by-index');
    });

    it('keeps a duplicate as a neighbour at distance exactly 0', async () => {
      const set = randomRows(12, 5, 4);
      set.data.copyWithin(7 * 5, 3 * 5, 4 * 5); // row 7 := row 3
      const result = await findNearestWithin(set, { k: 1, columnTile: 4, gemm: gemm() });
      expect([result.indices[3], result.indices[7]]).toEqual([7, 3]);
      expect([result.distances[3], result.distances[7]]).toEqual([0, 0]);
    });
  });

  it(`computeDistanceMatrix matches the float64 brute force within ${FLOAT32_TOLERANCE} where sin(πd) ≥ 0.1`, async () => {
    const a = randomRows(17, DIMS, 5, MASK, 3);
    const b = randomRows(13, DIMS, 6, MASK, 3);
    const matrix = await computeDistanceMatrix(a, b, { mask: MASK, rowTile: 5, columnTile: 4, gemm: gemm() });
    const { checked, worst } = compareWithBruteMatrix(matrix.values, a, b, MASK);
    expect(worst).toBeLessThan(FLOAT32_TOLERANCE);
    expect(checked).toBeGreaterThan(200);
  });
});

describe('the default tile products', () => {
  it('are tfjs until set, then the set ones for calls that pass none, and the same neighbours either way', async () => {
    const set: SampleRows = randomRows(20, DIMS, 11, MASK, 5);
    expect(resolveTileGemm(null).describe()).toBe('tfjs cpu');
    const onTfjs = await findNearestWithin(set, { k: 3, mask: MASK, columnTile: 7 });
    const previous = setDefaultTileGemm(gemms.native);
    try {
      const onOrt = await findNearestWithin(set, { k: 3, mask: MASK, columnTile: 7 });
      expect(onOrt.settings.product).toMatch(/^onnxruntime-node/);
      expect(onOrt.indices).toEqual(onTfjs.indices);
      expect(onOrt.distances).toEqual(onTfjs.distances);
    } finally {
      setDefaultTileGemm(previous);
    }
    expect(resolveTileGemm(undefined).describe()).toBe('tfjs cpu');
  });
});

describe('the WebGPU EP where there is none', () => {
  it('falls back to WASM and says why', async () => {
    const gemm = createOrtTileGemm(createNodeOrtRuntime(1), { executionProvider: 'webgpu' });
    const result = await findNearest(randomRows(6, 4, 1), randomRows(7, 4, 2), { k: 2, gemm });
    expectMatchesBrute(result, bruteNearest(randomRows(6, 4, 1), randomRows(7, 4, 2), 2));
    expect(gemm.describe()).toMatch(/^onnxruntime-web wasm, 1 thread \(WebGPU EP failed: /);
    await gemm.release();
  });
});

describe('gdw evaluate\'s products (cliOrtGemm)', () => {
  it('run on native ORT with --threads, on the WASM build with --ep wasm, and refuse another --ep', async () => {
    const native = await openOrtTileGemm(cliOrtGemm({ threads: 2 }));
    expect(native.describe()).toBe('onnxruntime-node cpu, 2 threads');
    await native.release();
    const wasm = await openOrtTileGemm(cliOrtGemm({ threads: 1, ep: 'wasm' }));
    expect(wasm.describe()).toMatch(/^onnxruntime-web wasm/);
    await wasm.release();
    expect(() => cliOrtGemm({ threads: 1, ep: 'tpu' })).toThrow(/--ep tpu: expected cpu, cuda, wasm/);
  });
});
