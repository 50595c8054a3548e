// The gdw command end to end from Node: inspect and sample on the committed demo backbone.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readNpy } from '../core/encode/npy';
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

  it('rejects an unknown sampler with usage exit code', async () => {
    const { io, err } = captureIo();
    expect(await main(['sample', '--model', demoModel, '--sampler', 'euler', '--out', '/dev/null'], io)).toBe(2);
    expect(err.join('')).toMatch(/expected ddim or ddpm/);
  });
});
