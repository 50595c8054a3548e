// Writes the exact class-conditional Gaussian oracle of a dataset bundle (class means and pooled
// within-class variance of its training split; src/core/translate/classGaussianOracle.ts) as an ONNX
// backbone that names the bundle's codec: a reference for `gdw translate`, whose translation is known
// in closed form. Run: npx tsx scripts/makeClassOracle.ts BUNDLE_DIR OUT.onnx [T=1000]
import { writeFileSync } from 'node:fs';
import { readBundle } from '../src/core/encode/bundle.ts';
import { buildClassGaussianBackbone } from '../src/core/translate/classGaussianBackbone.ts';
import { fitClassGaussian } from '../src/core/translate/classGaussianOracle.ts';
import { readBundleFolder } from '../src/node/bundleFolder.ts';

const [bundleDir, outPath, timesteps = '1000'] = process.argv.slice(2);
if (!bundleDir || !outPath) {
  console.error('usage: npx tsx scripts/makeClassOracle.ts BUNDLE_DIR OUT.onnx [T=1000]');
  process.exit(2);
}
const bundle = await readBundle(await readBundleFolder(bundleDir));
const { genes, channels } = bundle.tensor.shape;
const classes = Math.max(2, bundle.classNames.length);
const target = fitClassGaussian(bundle.tensor.data, genes * channels, bundle.labels, bundle.split.trainIdx, classes, bundle.tensor.mask);
const onnx = buildClassGaussianBackbone({
  schedule: { kind: 'linear', timesteps: Number(timesteps) }, target, genes, channels,
  realGenes: bundle.layout.realGenes, codecSha256: bundle.layout.codecSha256,
});
writeFileSync(outPath, onnx);
console.log(`wrote ${outPath} (${onnx.byteLength} bytes): ${classes} classes, [${genes}, ${channels}], codec ${bundle.layout.codecSha256.slice(0, 12)}…`);
