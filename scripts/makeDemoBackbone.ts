// Writes the demo backbone: public/demo/gaussian-demo.onnx (the Gaussian oracle, 16 × 8,
// 2 padded genes) and gaussian-demo.json (its target moments and schedule, for the plots).
// Run: npx tsx scripts/makeDemoBackbone.ts. The output is deterministic and committed; a test
// checks that the committed files match what this writes.

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildGaussianDemo } from '../src/core/sim/gaussianBackboneDemo.ts';

const outDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'public', 'demo');
const { onnx, json } = buildGaussianDemo();
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'gaussian-demo.onnx'), onnx);
writeFileSync(join(outDir, 'gaussian-demo.json'), json);
console.log(`wrote ${join(outDir, 'gaussian-demo.onnx')} (${onnx.byteLength} bytes) and gaussian-demo.json`);
