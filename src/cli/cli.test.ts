// The gdw command end to end from Node: inspect and sample on the committed demo backbone.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readNpy } from '../core/encode/npy';
import { buildGaussianBackbone } from '../core/sim/gaussianBackbone';
import { main, type CliIo } from './main';

const demoModel = 'public/demo/gaussian-demo.onnx';

function captureIo() {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (t) => out.push(t), stderr: (t) => err.push(t) };
  return { io, out, err };
}

describe('gdw inspect', () => {
  it('prints the BackboneSpec of the demo model as JSON', async () => {
    const { io, out } = captureIo();
    expect(await main(['inspect', demoModel], io)).toBe(0);
    const spec = JSON.parse(out.join(''));
    expect(spec).toMatchObject({ genes: 16, channels: 8, realGenes: 14, kind: 'diffusion', prediction: 'eps' });
    expect(spec.schedule).toMatchObject({ kind: 'linear', timesteps: 1000 });
  });

  it('fails with a clear message and exit 1 on a file that is not ONNX', async () => {
    const { io, err } = captureIo();
    expect(await main(['inspect', 'package.json'], io)).toBe(1);
    expect(err.join('')).toMatch(/package\.json/);
  });

  it('exits 2 with usage on a missing argument or unknown command', async () => {
    expect(await main(['inspect'], captureIo().io)).toBe(2);
    expect(await main(['frobnicate'], captureIo().io)).toBe(2);
  });
});

describe('gdw sample', () => {
  it('writes [N, G, C] float32 and gives identical samples for --batch 1 and --batch 8', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gdw-'));
    const run = async (batch: number) => {
      const out = join(dir, `b${batch}.npy`);
      const args = ['sample', '--model', demoModel, '--n', '8', '--sampler', 'ddim', '--steps', '10',
        '--eta', '0.5', '--seed', '3', '--batch', String(batch), '--out', out];
      expect(await main(args, captureIo().io)).toBe(0);
      return readNpy(new Uint8Array(await readFile(out)), out);
    };
    const one = await run(1);
    const eight = await run(8);
    expect(one.shape).toEqual([8, 16, 8]);
    expect(one.dtype).toBe('<f4');
    expect(Array.from(eight.data)).toEqual(Array.from(one.data));
    // The last two gene slots are padding: exactly zero.
    for (let i = 0; i < 8; i++) for (let d = 14 * 8; d < 128; d++) expect(one.data[i * 128 + d]).toBe(0);
  });

  it('keeps the padded components of real genes (gdw.components) at exactly zero', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gdw-'));
    const [genes, channels, components] = [5, 4, [4, 1, 2, 0]];
    const model = join(dir, 'slots.onnx');
    await writeFile(model, buildGaussianBackbone({
      schedule: { kind: 'linear', timesteps: 50, betaStart: 1e-3, betaEnd: 0.05 },
      mean: new Float32Array(genes * channels).fill(0.5), variance: new Float32Array(genes * channels).fill(2),
      genes, channels, realGenes: 4, componentsPerGene: components,
    }));
    const out = join(dir, 'slots.npy');
    expect(await main(['sample', '--model', model, '--n', '3', '--steps', '10', '--seed', '1', '--out', out], captureIo().io)).toBe(0);
    const { data } = readNpy(new Uint8Array(await readFile(out)), out);
    for (let i = 0; i < 3; i++) {
      for (let g = 0; g < genes; g++) {
        for (let c = 0; c < channels; c++) {
          const value = data[(i * genes + g) * channels + c];
          if (c < (components[g] ?? 0)) expect(value).not.toBe(0);
          else expect(value).toBe(0);
        }
      }
    }
  });

  it('rejects an unknown sampler with usage exit code', async () => {
    const { io, err } = captureIo();
    expect(await main(['sample', '--model', demoModel, '--sampler', 'euler', '--out', '/dev/null'], io)).toBe(2);
    expect(err.join('')).toMatch(/expected ddim or ddpm/);
  });
});
