// A model exported without metadata, as a researcher's own code exports it: gdw refuses to sample
// it until its settings are given, then takes them from flags, a sidecar or gdw annotate, always
// writing [N, G, C]; masks from a bundle or a .npy; contradictions and frozen batches refused.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBackboneSpec } from '../core/backbone/readBackbone';
import { readNpy, writeNpy } from '../core/encode/npy';
import { buildGaussianBackbone, type GaussianBackboneOptions } from '../core/sim/gaussianBackbone';
import { main, type CliIo } from './main';

const G = 24;
const C = 4;
const REAL = 10;
/** Gene g's real components: 4, 1, 4, 2, … ; the paper's prefix form. */
const components = Array.from({ length: REAL }, (_, g) => [4, 1, 4, 2][g % 4]);

function captureIo() {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (t) => out.push(t), stderr: (t) => err.push(t) };
  return { io, out, err, text: () => out.join('') + err.join('') };
}

/** A [B, C, G] oracle with no metadata, cosine T = 50: what a paper-style export looks like to gdw. */
async function bareBcgModel(dir: string, extra: Partial<GaussianBackboneOptions> = {}): Promise<string> {
  const mean = Float32Array.from({ length: G * C }, (_, i) => 0.5 + (i % 3));
  const variance = new Float32Array(G * C).fill(0.25);
  const bytes = buildGaussianBackbone({
    genes: G, channels: C, mean, variance, layout: 'BCG', schedule: { kind: 'cosine', timesteps: 50 }, metadata: false, ...extra,
  });
  const path = join(dir, 'paperish.onnx');
  await writeFile(path, bytes);
  return path;
}

const paperFlags = ['--layout', 'BCG', '--schedule', 'cosine', '--timesteps', '50', '--prediction', 'eps', '--real-genes', String(G)];

describe('gdw with a model that has no metadata', () => {
  it('infers the layout from the small axis, and sample refuses naming each missing setting and the three ways', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gdw-settings-'));
    const model = await bareBcgModel(dir);
    const inspect = captureIo();
    expect(await main(['inspect', model], inspect.io)).toBe(0);
    const spec = JSON.parse(inspect.out.join(''));
    expect(spec).toMatchObject({ layout: 'BCG', genes: G, channels: C, sources: { layout: 'shape' } });
    expect(spec.missing).toEqual(expect.arrayContaining(['schedule.kind', 'schedule.timesteps', 'prediction', 'realGenes']));
    const refused = captureIo();
    expect(await main(['sample', '--model', model, '--n', '2', '--out', join(dir, 'x.npy')], refused.io)).toBe(2);
    expect(refused.text()).toMatch(/schedule\.timesteps: --timesteps T/);
    expect(refused.text()).toMatch(/a sidecar paperish\.gdw\.json/);
    expect(refused.text()).toMatch(/gdw annotate paperish\.onnx FLAGS --out annotated\.onnx/);
    expect(refused.text()).toMatch(/--assume-defaults/);
  });

  it('samples [N, G, C] with flags, with a sidecar, and after annotate — the same numbers each way', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gdw-settings-'));
    const model = await bareBcgModel(dir);
    const sampleArgs = (m: string, out: string) => ['sample', '--model', m, '--n', '4', '--steps', '10', '--seed', '2', '--out', out];
    const read = async (path: string) => readNpy(new Uint8Array(await readFile(path)), path);
    // 1. Flags.
    const flags = captureIo();
    expect(await main([...sampleArgs(model, join(dir, 'flags.npy')), ...paperFlags], flags.io)).toBe(0);
    expect(flags.text()).toMatch(/layout BCG \(flag\)/);
    const byFlags = await read(join(dir, 'flags.npy'));
    expect(byFlags.shape).toEqual([4, G, C]);
    // 2. gdw annotate --write-sidecar, then no flags.
    expect(await main(['annotate', model, ...paperFlags, '--write-sidecar'], captureIo().io)).toBe(0);
    const sidecar = JSON.parse(await readFile(join(dir, 'paperish.gdw.json'), 'utf8'));
    expect(sidecar).toMatchObject({ 'gdw.layout': 'BCG', 'gdw.schedule': 'cosine', 'gdw.timesteps': '50' });
    const bySidecar = captureIo();
    expect(await main(sampleArgs(model, join(dir, 'sidecar.npy')), bySidecar.io)).toBe(0);
    expect(bySidecar.text()).toMatch(/schedule\.timesteps 50 \(sidecar\)/);
    expect((await read(join(dir, 'sidecar.npy'))).data).toEqual(byFlags.data);
    // 3. gdw annotate --out: the metadata carries them; the copy elsewhere has no sidecar beside it.
    const annotated = join(await mkdtemp(join(tmpdir(), 'gdw-annotated-')), 'annotated.onnx');
    expect(await main(['annotate', model, ...paperFlags, '--out', annotated], captureIo().io)).toBe(0);
    const spec = readBackboneSpec(new Uint8Array(await readFile(annotated)), 'annotated.onnx');
    expect(spec.missing).toEqual([]);
    expect(spec.sources).toMatchObject({ layout: 'metadata', 'schedule.timesteps': 'metadata' });
    expect(await main(sampleArgs(annotated, join(dir, 'annotated.npy')), captureIo().io)).toBe(0);
    expect((await read(join(dir, 'annotated.npy'))).data).toEqual(byFlags.data);
  });

  it('refuses a flag that contradicts the sidecar or the metadata, naming both', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gdw-settings-'));
    const model = await bareBcgModel(dir);
    await writeFile(join(dir, 'paperish.gdw.json'), JSON.stringify({ 'gdw.timesteps': 500 }));
    const io = captureIo();
    expect(await main(['inspect', model, '--timesteps', '1000'], io.io)).toBe(1);
    expect(io.text()).toMatch(/contradictory settings for schedule\.timesteps: gdw\.timesteps in paperish\.gdw\.json \(sidecar\) says 500, the answer for schedule\.timesteps \(override\) says 1000/);
    await writeFile(join(dir, 'paperish.gdw.json'), JSON.stringify({ 'gdw.timestep': 500 }));
    const typo = captureIo();
    expect(await main(['inspect', model], typo.io)).toBe(1);
    expect(typo.text()).toMatch(/paperish\.gdw\.json: unknown key "gdw\.timestep"/);
  });

  it('takes the padding mask from a .npy (the paper\'s zero_mask polarity too) and keeps padded slots at 0', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gdw-settings-'));
    const model = await bareBcgModel(dir);
    const zeroMask = new Uint8Array(G * C).fill(1);
    components.forEach((k, g) => zeroMask.fill(0, g * C, g * C + k));
    await writeFile(join(dir, 'zero_mask.npy'), writeNpy(zeroMask, [G, C]));
    const flags = paperFlags.filter((f, i) => f !== '--real-genes' && paperFlags[i - 1] !== '--real-genes');
    const out = join(dir, 'masked.npy');
    const io = captureIo();
    const args = ['sample', '--model', model, '--n', '3', '--steps', '8', '--out', out, ...flags, '--zero-mask', join(dir, 'zero_mask.npy')];
    // The mask has padded slots: how they are held while sampling must be said.
    expect(await main(args, io.io)).toBe(2);
    expect(io.text()).toMatch(/padding: --padding zero-x\|zero-x0/);
    for (const padding of ['zero-x', 'zero-x0']) {
      expect(await main([...args, '--padding', padding], captureIo().io)).toBe(0);
      const { data } = readNpy(new Uint8Array(await readFile(out)), out);
      for (let i = 0; i < data.length; i++) {
        if (zeroMask[i % (G * C)] === 1) expect(data[i]).toBe(0);
      }
      expect(Array.from(data).filter((v) => v !== 0).length).toBeGreaterThan(0);
    }
    // A mask whose gene count disagrees with the model's metadata is an error naming both.
    const annotated = join(dir, 'annotated.onnx');
    expect(await main(['annotate', model, ...paperFlags, '--padding', 'zero-x', '--out', annotated], captureIo().io)).toBe(0);
    const clash = captureIo();
    expect(await main(['inspect', annotated, '--zero-mask', join(dir, 'zero_mask.npy')], clash.io)).toBe(1);
    expect(clash.text()).toMatch(/contradictory settings for realGenes: gdw\.genes \(metadata\) says 24, the answer for realGenes \(override\) says 10/);
  });

  it('refuses a mask whose real components are not first in each gene, naming the slot', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gdw-settings-'));
    const model = await bareBcgModel(dir);
    const mask = new Uint8Array(G * C).fill(1);
    mask[1 * C + 1] = 0; // gene 1: component 1 padded but 2, 3 real
    await writeFile(join(dir, 'mask.npy'), writeNpy(mask, [G, C]));
    const io = captureIo();
    expect(await main(['inspect', model, '--mask', join(dir, 'mask.npy')], io.io)).toBe(1);
    expect(io.text()).toMatch(/mask\.npy: gene slot 1 has component 2 real after padded component 1/);
  });
});
