// Workbench side of bench/distance.mjs, run as its own process: the distance engine's findNearest
// (src/core/metrics/distance.ts: tiled tfjs matMul, streaming top-k, float64 refinement) on two
// .npy sets, on the tfjs cpu or wasm backend in Node (one thread, either).
//   node bench/distanceWorkbench.mjs --a a.npy --b b.npy --real-dims R --k 10 --backend cpu|wasm --out indices.npy
// Prints one JSON line: the timed section's wall and CPU seconds (backend start-up and file
// reading outside it) and the engine's settings.
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { importWorkbench } from './common.mjs';

const { values } = parseArgs({
  options: {
    a: { type: 'string' }, b: { type: 'string' }, 'real-dims': { type: 'string' }, k: { type: 'string', default: '10' },
    backend: { type: 'string', default: 'cpu' }, out: { type: 'string' },
  },
  strict: true,
});
if (!values.a || !values.b || !values.out || !['cpu', 'wasm'].includes(values.backend)) {
  console.error('usage: node bench/distanceWorkbench.mjs --a A.npy --b B.npy [--real-dims R] [--k 10] [--backend cpu|wasm] --out I.npy');
  process.exit(2);
}

const tf = await import('@tensorflow/tfjs-core');
await import(`@tensorflow/tfjs-backend-${values.backend}`);
const { findNearest } = await importWorkbench('src/core/metrics/distance.ts');
const { readNpy, writeNpy } = await importWorkbench('src/core/encode/npy.ts');

tf.enableProdMode(); // as gdw evaluate: no debug checks, and the "install tfjs-node" banner kept off stdout
// The wasm backend is single-threaded in Node; the flag keeps it from waiting for workers.
if (values.backend === 'wasm') tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
if (!(await tf.setBackend(values.backend))) throw new Error(`tfjs backend ${values.backend} did not start`);
await tf.ready();

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
const nearest = await findNearest(query, reference, { k: Number(values.k), mask });
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuStart);
writeFileSync(values.out, writeNpy(nearest.indices, [nearest.rows, nearest.k]));
console.log(JSON.stringify({ seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, backend: tf.getBackend(), settings: nearest.settings }));
