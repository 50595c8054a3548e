// The paper-convention fixtures of models/paper (five families exported with plain
// torch.onnx.export, no metadata: x [B, 8, 512], t an index divided by T = 500 inside, y an index
// into 3 slots with the unconditional one last) through `gdw`: refused without settings, naming
// each; sampled with flags, a sidecar or after annotate as [N, G, C], padded slots exactly 0, real
// slots with the training split's moments; the frozen-batch export refused with its fix.
import { copyFile, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readNpy } from '../core/encode/npy';
import { main, type CliIo } from './main';

const dir = 'models/paper/onnx';
const zeroMask = `${dir}/zero_mask.npy`;
const families = ['baseline', 'unet-mlp', 'unet-cnn', 'mlp-cnn', 'transformer'] as const;
const paperSettings = ['--schedule', 'cosine', '--timesteps', '500', '--prediction', 'eps', '--classes', '2', '--null-class', '2',
  '--padding', 'zero-x0', '--zero-mask', zeroMask];

function captureIo() {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (t) => out.push(t), stderr: (t) => err.push(t) };
  return { io, text: () => out.join('') + err.join('') };
}

async function sampled(path: string) {
  const { data, shape } = readNpy(new Uint8Array(await readFile(path)), path);
  const padded = readNpy(new Uint8Array(await readFile(zeroMask)), 'zero_mask.npy').data;
  const real: number[] = [];
  let paddedNonZero = 0;
  data.forEach((v, i) => {
    if (padded[i % padded.length]) paddedNonZero += v === 0 ? 0 : 1;
    else real.push(v);
  });
  const mean = real.reduce((a, b) => a + b, 0) / real.length;
  const variance = real.reduce((a, b) => a + (b - mean) ** 2, 0) / real.length;
  return { shape, data, paddedNonZero, mean, variance, finite: real.every(Number.isFinite) };
}

describe('paper-convention exports without metadata', () => {
  it.each(families)('%s: the graph tells layout and label slots; gdw sample refuses, naming what is missing', async (family) => {
    const inspect = captureIo();
    expect(await main(['inspect', `${dir}/${family}.onnx`], inspect.io)).toBe(0);
    const spec = JSON.parse(inspect.text());
    expect(spec).toMatchObject({ layout: 'BCG', genes: 512, channels: 8, labelSlots: 3, metadata: {}, sources: { layout: 'shape', labelSlots: 'shape' } });
    const out = join(await mkdtemp(join(tmpdir(), 'gdw-paper-')), 'x.npy');
    const refused = captureIo();
    expect(await main(['sample', '--model', `${dir}/${family}.onnx`, '--n', '2', '--out', out], refused.io)).toBe(2);
    for (const flag of ['--timesteps T', '--schedule linear|cosine', '--classes K', '--real-genes N, --bundle DIR or --mask M.npy']) {
      expect(refused.text()).toContain(flag);
    }
  });

  it('unet-cnn with the paper\'s settings, DDPM over T = 500: [N, G, C], padded slots 0, the training split\'s moments', async () => {
    const stats = JSON.parse(await readFile(`${dir}/train_stats.json`, 'utf8')) as { mean: number; var: number };
    const out = join(await mkdtemp(join(tmpdir(), 'gdw-paper-')), 'ddpm.npy');
    const io = captureIo();
    const args = ['sample', '--model', `${dir}/unet-cnn.onnx`, '--n', '32', '--sampler', 'ddpm', '--batch', '32', '--seed', '1',
      '--threads', '2', '--out', out, ...paperSettings];
    expect(await main(args, io.io), io.text()).toBe(0);
    expect(io.text()).toMatch(/layout BCG \(graph\).*realGenes 84 \(flag\).*padding zero-x0 \(flag\).*nullClass 2 \(flag\)/s);
    const result = await sampled(out);
    expect(result.shape).toEqual([32, 512, 8]);
    expect(result.paddedNonZero).toBe(0);
    expect(result.finite).toBe(true);
    // Stated tolerance for a fixture trained a few hundred steps on 900 samples: the standardised
    // training split has mean 0 and variance 1 per real slot; its DDPM samples within 0.1 and ±40 %.
    expect(Math.abs(result.mean - stats.mean)).toBeLessThan(0.1);
    expect(result.variance / stats.var).toBeGreaterThan(0.6);
    expect(result.variance / stats.var).toBeLessThan(1.4);
  }, 240_000);

  it('gives the same samples from flags, a sidecar and gdw annotate; external data found beside the model', async () => {
    const work = await mkdtemp(join(tmpdir(), 'gdw-paper-'));
    await copyFile(`${dir}/external/unet-mlp.onnx`, join(work, 'unet-mlp.onnx'));
    await copyFile(`${dir}/external/unet-mlp.onnx.data`, join(work, 'unet-mlp.onnx.data'));
    const model = join(work, 'unet-mlp.onnx');
    const run = async (m: string, name: string, extra: string[] = []) => {
      const out = join(work, name);
      const io = captureIo();
      expect(await main(['sample', '--model', m, '--n', '6', '--steps', '10', '--seed', '3', '--out', out, ...extra], io.io), io.text()).toBe(0);
      return (await sampled(out)).data;
    };
    const byFlags = await run(model, 'flags.npy', paperSettings);
    expect(await main(['annotate', model, ...paperSettings, '--family', 'unet-mlp', '--write-sidecar'], captureIo().io)).toBe(0);
    expect(await run(model, 'sidecar.npy')).toEqual(byFlags);
    const annotated = join(await mkdtemp(join(tmpdir(), 'gdw-annotated-')), 'unet-mlp.gdw.onnx');
    expect(await main(['annotate', model, ...paperSettings, '--family', 'unet-mlp', '--out', annotated], captureIo().io)).toBe(0);
    expect(await run(annotated, 'annotated.npy')).toEqual(byFlags);
  }, 120_000);

  it('refuses the transformer whose export froze the batch, naming the file, the input and the fix; runs it at that batch', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'gdw-paper-')), 'x.npy');
    const io = captureIo();
    expect(await main(['sample', '--model', `${dir}/transformer-frozen.onnx`, '--n', '2', '--out', out, ...paperSettings], io.io)).toBe(1);
    expect(io.text()).toMatch(/transformer-frozen\.onnx fails a test run at batch 1 \(input x float32 \[batch, 8, 512\]\)/);
    expect(io.text()).toMatch(/re-export with the batch kept symbolic.*--fixed-batch N/s);
    // Traced at batch 2 (models/paper/README.md, trap 3): given that batch it runs, 3 samples in padded chunks of 2.
    const fixed = captureIo();
    const ok = await main(['sample', '--model', `${dir}/transformer-frozen.onnx`, '--n', '3', '--steps', '5', '--out', out,
      '--fixed-batch', '2', ...paperSettings], fixed.io);
    expect(ok, fixed.text()).toBe(0);
    expect(fixed.text()).toMatch(/staticBatch 2 \(flag\)/);
    const result = await sampled(out);
    expect(result.shape).toEqual([3, 512, 8]);
    expect(result.finite).toBe(true);
  }, 60_000);
});
