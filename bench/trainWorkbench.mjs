// Workbench side of bench/train.mjs, run as its own process: trainClassifier
// (src/core/classify/train.ts) with the default MLP for a fixed number of epochs (no early
// stopping) on a bundle's labelled training split, on the tfjs cpu or wasm backend in Node;
// then the accuracy of the selected model on the labelled holdout.
//   node bench/trainWorkbench.mjs --bundle DIR --epochs E [--seed K] [--backend cpu|wasm]
// Prints one JSON line: wall and CPU seconds at the end of every epoch (from the call), the
// settings, and the holdout accuracy.
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { importWorkbench } from './common.mjs';

const { values } = parseArgs({
  options: { bundle: { type: 'string' }, epochs: { type: 'string' }, seed: { type: 'string', default: '1' }, backend: { type: 'string', default: 'cpu' } },
  strict: true,
});
if (!values.bundle || !values.epochs || !['cpu', 'wasm'].includes(values.backend)) {
  console.error('usage: node bench/trainWorkbench.mjs --bundle DIR --epochs E [--seed K] [--backend cpu|wasm]');
  process.exit(2);
}

const { defaultTrainSettings, trainClassifier } = await importWorkbench('src/core/classify/train.ts');
const { defaultClassifierSpecs } = await importWorkbench('src/core/classify/models.ts');
const { predictProbabilities } = await importWorkbench('src/core/classify/predict.ts');
const { argmaxRows } = await importWorkbench('src/core/classify/evaluate.ts');
const { readBundle } = await importWorkbench('src/core/encode/bundle.ts');
const { readBundleFolder } = await importWorkbench('src/node/bundleFolder.ts');
const tf = await import('@tensorflow/tfjs');
if (values.backend === 'wasm') {
  await import('@tensorflow/tfjs-backend-wasm');
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
}
tf.enableProdMode(); // as gdw evaluate: no debug checks, and the "install tfjs-node" banner kept off stdout
if (!(await tf.setBackend(values.backend))) throw new Error(`tfjs backend ${values.backend} did not start`);
await tf.ready();

/** The labelled rows of one split as a classifier's set (as gdw evaluate's TSTR builds it). */
function labelledSet(bundle, rows) {
  const { data, shape, mask } = bundle.tensor;
  const dims = shape.genes * shape.channels;
  const kept = Array.from(rows).filter((i) => bundle.labels[i] >= 0);
  const out = new Float32Array(kept.length * dims);
  kept.forEach((i, r) => out.set(data.subarray(i * dims, (i + 1) * dims), r * dims));
  return { data: out, shape: { ...shape, batch: kept.length }, labels: Int8Array.from(kept, (i) => bundle.labels[i]), mask };
}

const bundle = await readBundle(await readBundleFolder(values.bundle));
const train = labelledSet(bundle, bundle.split.trainIdx);
const holdout = labelledSet(bundle, bundle.split.holdoutIdx);
const settings = { ...defaultTrainSettings, model: defaultClassifierSpecs.mlp, epochs: Number(values.epochs), patience: null, seed: Number(values.seed) };

const epochEnds = [];
const cpuStart = process.cpuUsage();
const started = performance.now();
const cpuSince = () => {
  const cpu = process.cpuUsage(cpuStart);
  return (cpu.user + cpu.system) / 1e6;
};
const trained = await trainClassifier(train, settings, {
  onEpoch: (record) => epochEnds.push({ epoch: record.epoch, seconds: (performance.now() - started) / 1000, cpuSeconds: cpuSince(), valLoss: record.valLoss }),
});
const predicted = argmaxRows(await predictProbabilities(trained, holdout), trained.classes);
const correct = predicted.reduce((n, y, i) => n + (y === holdout.labels[i] ? 1 : 0), 0);
console.log(JSON.stringify({
  backend: tf.getBackend(), epochEnds, selectedEpoch: trained.selectedEpoch, parameterCount: trained.parameterCount,
  fitPerClass: trained.fitPerClass, validationPerClass: trained.validationPerClass, features: trained.layout.geneSlots.length * trained.layout.channels,
  holdout: {
    samples: holdout.shape.batch, accuracy: correct / holdout.shape.batch,
    perClass: Array.from({ length: trained.classes }, (_, k) => holdout.labels.filter((y) => y === k).length),
  },
  settings: { ...settings, model: { ...settings.model } },
}));
trained.model.dispose();
