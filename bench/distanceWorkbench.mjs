// Workbench side of bench/distance.mjs, run as its own process: the distance engine's findNearest
// (src/core/metrics/distance.ts: tiled products, streaming top-k, float64 refinement) on two .npy
// sets, its tile products on one of
//   ort-node   native onnxruntime-node (src/engines/ortGemm.ts, as gdw evaluate), --threads intra-op threads
//   ort-wasm   onnxruntime-web's WASM build in Node (as the browser's evaluation worker), --threads WASM threads
//   cpu, wasm  tfjs backends (tileGemm.ts' default; one thread in Node either way)
//   node bench/distanceWorkbench.mjs --a a.npy --b b.npy --real-dims R --k 10 --backend ort-node --threads 1 --out indices.npy
// Prints one JSON line: the timed section's wall and CPU seconds (runtime start-up, session
// warm-up and file reading outside it) and the engine's settings.
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { importWorkbench } from './common.mjs';

const distanceBackends = ['ort-node', 'ort-wasm', 'cpu', 'wasm'];

const { values } = parseArgs({
  options: {
    a: { type: 'string' }, b: { type: 'string' }, 'real-dims': { type: 'string' }, k: { type: 'string', default: '10' },
    backend: { type: 'string', default: 'ort-node' }, threads: { type: 'string', default: '1' }, out: { type: 'string' },
  },
  strict: true,
});
const threads = Number(values.threads);
if (!values.a || !values.b || !values.out || !distanceBackends.includes(values.backend) || !(Number.isInteger(threads) && threads >= 1)) {
  console.error(`usage: node bench/distanceWorkbench.mjs --a A.npy --b B.npy [--real-dims R] [--k 10] [--backend ${distanceBackends.join('|')}] [--threads T] --out I.npy`);
  process.exit(2);
}

/** The tile products, started and warmed up (not timed); null: tfjs, selected here. */
async function openProducts(backend) {
  if (backend.startsWith('ort-')) {
    const { openOrtTileGemm } = await importWorkbench('src/engines/ortGemm.ts');
    const { createCliOrtRuntime } = await importWorkbench('src/engines/nodeOrtRuntime.ts');
    const runtime = await createCliOrtRuntime({ threads, provider: backend === 'ort-node' ? 'cpu' : 'wasm' });
    if (runtime.fallbackReason) throw new Error(runtime.fallbackReason);
    return openOrtTileGemm({ runtime });
  }
  const tf = await import('@tensorflow/tfjs-core');
  await import(`@tensorflow/tfjs-backend-${backend}`);
  tf.enableProdMode(); // as gdw evaluate: no debug checks, and the "install tfjs-node" banner kept off stdout
  // The wasm backend is single-threaded in Node; the flag keeps it from waiting for workers.
  if (backend === 'wasm') tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend ${backend} did not start`);
  await tf.ready();
  return null;
}

const gemm = await openProducts(values.backend);
const { findNearest } = await importWorkbench('src/core/metrics/distance.ts');
const { readNpy, writeNpy } = await importWorkbench('src/core/encode/npy.ts');

function readRows(file) {
  const { data, shape } = readNpy(new Uint8Array(readFileSync(file)), file);
  return { data, count: shape[0], dims: shape[1], label: file };
}

const query = readRows(values.a);
const reference = readRows(values.b);
// Padded slots are the last ones (genes after the real genes), as in an encoded tensor.
const realDims = Number(values['real-dims'] ?? query.dims);
const mask = realDims < query.dims ? new Uint8Array(query.dims).fill(1, 0, realDims) : null;

const cpuStart = process.cpuUsage();
const started = performance.now();
const nearest = await findNearest(query, reference, { k: Number(values.k), mask, gemm });
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuStart);
writeFileSync(values.out, writeNpy(nearest.indices, [nearest.rows, nearest.k]));
await gemm?.release();
console.log(JSON.stringify({ seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, backend: values.backend, threads, settings: nearest.settings }));
process.exit(0); // onnxruntime-web's WASM threads would keep Node alive
