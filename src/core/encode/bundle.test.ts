import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isToolPresent, requireTool } from '../../testing/interop';
import { ParseError } from '../errors';
import { assignSnpsToGenes } from './assign';
import { bundleFileNames, createBundle, readBundle, readCodecBundle, tensorNpyChunks } from './bundle';
import { decode, encode, fitCodec, type GeneCodec } from './codec';
import { codecFileNames, type BundleFiles } from './codecFiles';
import { readNpy, writeNpy } from './npy';
import { splitSamples } from './split';
import { makeCohort } from './testFixtures';

const itWithNumpy = requireTool('python3-numpy', isToolPresent('/usr/bin/python3', ['-c', 'import numpy']));

function fixture() {
  const cohort = makeCohort({ samples: 90, genes: [{ name: 'A', snps: 7 }, { name: 'B', snps: 25 }, { name: 'C', snps: 2 }], founders: 4, missingRate: 0.02, seed: 3 });
  cohort.phenotype!.labels[4] = -1;
  const assignment = assignSnpsToGenes(cohort.variants, cohort.genes!);
  const split = splitSamples(cohort.phenotype!.labels, 90, { seed: 42 });
  const codec = fitCodec(cohort, assignment, split.trainIdx, { geneSlots: 6 });
  const tensor = encode(codec, cohort);
  const input = { codec, tensor, sampleIds: cohort.sampleIds, labels: cohort.phenotype!.labels, classNames: ['control', 'case'], split, assignment };
  return { cohort, codec, tensor, split, input };
}

function writeBundleDir(dir: string, files: BundleFiles): void {
  mkdirSync(dir, { recursive: true });
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
}

function readBundleDir(dir: string): BundleFiles {
  return Object.fromEntries(readdirSync(dir, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => [e.name, new Uint8Array(readFileSync(join(dir, e.name)))]));
}

function sameCodec(a: GeneCodec, b: GeneCodec): void {
  expect(b.settings).toEqual(a.settings);
  expect(b.variants).toEqual(a.variants);
  for (const key of ['sourceRows', 'impute', 'means', 'loadings', 'slotMean', 'slotStd', 'mask'] as const) {
    expect(Array.from(b[key])).toEqual(Array.from(a[key]));
  }
  expect(b.genes).toEqual(a.genes);
}

describe('dataset bundle', () => {
  const { cohort, codec, tensor, split, input } = fixture();

  it('round-trips tensor, labels, split, samples and the codec exactly', async () => {
    const files = await createBundle(input);
    expect(Object.keys(files).sort()).toEqual([...Object.values(bundleFileNames), ...Object.values(codecFileNames)].sort());
    const back = await readBundle(files);
    expect(Array.from(back.tensor.data)).toEqual(Array.from(tensor.data));
    expect(back.tensor.shape).toEqual({ batch: 90, genes: 6, channels: 8 });
    expect(Array.from(back.labels)).toEqual(Array.from(cohort.phenotype!.labels));
    expect(Array.from(back.split.roles)).toEqual(Array.from(split.roles));
    expect(back.sampleIds).toEqual(cohort.sampleIds);
    expect(back.layout.split.settings).toEqual(split.settings);
    expect(back.layout.mask.slice(0, 4)).toEqual([[1, 1, 1, 1, 0, 0, 0, 0], [1, 1, 1, 1, 1, 1, 1, 1], [1, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0]]);
    sameCodec(codec, back.codec);
    expect(Array.from(decode(back.codec, back.tensor.data, 90))).toEqual(Array.from(decode(codec, tensor.data, 90)));
  });

  it('writes int64 labels on request and reads them back as int8', async () => {
    const files = await createBundle({ ...input, labelDtype: 'int64' });
    expect(readNpy(files[bundleFileNames.labels]).dtype).toBe('<i8');
    expect(Array.from((await readBundle(files)).labels)).toEqual(Array.from(cohort.phenotype!.labels));
  });

  it('hashes the codec only: stable, blind to the samples, sensitive to any codec change', async () => {
    const a = await readCodecBundle(await createBundle(input));
    const again = await readCodecBundle(await createBundle(input));
    const fewer = await readCodecBundle(await createBundle({ ...input, tensor: encode(codec, cohort, [0, 1]), sampleIds: ['x', 'y'], labels: null, split: { roles: new Uint8Array(2) } }));
    expect(a.layout.codecSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(again.layout.codecSha256).toBe(a.layout.codecSha256);
    expect(fewer.layout.codecSha256).toBe(a.layout.codecSha256);
    const changed = { ...codec, loadings: codec.loadings.map((x, i) => (i === 3 ? x + 1e-12 : x)) };
    const other = await readCodecBundle(await createBundle({ ...input, codec: changed }));
    expect(other.layout.codecSha256).not.toBe(a.layout.codecSha256);
  });

  it('refuses tampered, incomplete or mis-shaped bundles with errors that name the file', async () => {
    const files = await createBundle(input);
    const tampered: BundleFiles = { ...files, [codecFileNames.means]: writeNpy(codec.means.map((m) => m + 0.5)) };
    await expect(readBundle(tampered)).rejects.toThrow(/codecSha256 .* hash to/);
    const missing = { ...files };
    delete missing[bundleFileNames.split];
    await expect(readBundle(missing)).rejects.toThrow(/the bundle has no split\.npy/);
    const reshaped = { ...files, [bundleFileNames.tensor]: writeNpy(tensor.data, [90, 48]) };
    await expect(readBundle(reshaped)).rejects.toThrow(/tensor\.npy: expected shape \[90, 6, 8\] \(layout\.json\), found \[90, 48\]/);
    const badJson = { ...files, [bundleFileNames.layout]: new TextEncoder().encode('{"format":') };
    await expect(readBundle(badJson)).rejects.toBeInstanceOf(ParseError);
  });

  it('refuses a layout.json of the wrong shape by its field, before rebuilding the codec (found by fuzzing)', async () => {
    const files = await createBundle(input);
    const withLayout = (edit: (layout: Record<string, any>) => void): BundleFiles => { // eslint-disable-line @typescript-eslint/no-explicit-any
      const layout = JSON.parse(new TextDecoder().decode(files[bundleFileNames.layout]));
      edit(layout);
      return { ...files, [bundleFileNames.layout]: new TextEncoder().encode(JSON.stringify(layout)) };
    };
    const expectField = async (bundle: BundleFiles, message: string) => {
      const err = await readBundle(bundle).then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(ParseError);
      expect((err as ParseError).message).toBe(message);
      expect((err as ParseError).location).toEqual({ file: 'layout.json' });
    };
    // Each was a TypeError or a RangeError (a 2^40 × 8 mask allocated) inside codecFromFiles.
    await expectField(withLayout((l) => { l.codec = null; }), 'layout.json: codec: expected an object, found null');
    await expectField(withLayout((l) => { delete l.genes[1].explainedVariance; }), 'layout.json: genes[1].explainedVariance: expected an array, found nothing');
    await expectField(withLayout((l) => { l.geneSlots = 2 ** 40; l.settings.geneSlots = 2 ** 40; }), 'layout.json: mask: expected 1099511627776 rows (geneSlots), found 6 rows');
    await expectField(withLayout((l) => { l.labels = null; }), 'layout.json: labels: expected an object, found null');
    await expectField(withLayout((l) => { l.version = { toString: 0, valueOf: 0 }; }),
      'layout.json: bundle version {"toString":0,"valueOf":0} is not supported (expected 1)');
  });
});

describe('bundle on disk (Node)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gdw-bundle-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const { cohort, codec, input } = fixture();

  it('streams tensor.npy chunk by chunk into a folder that reads back as the same bundle', async () => {
    const files = await createBundle({ ...input, tensor: undefined });
    expect(files[bundleFileNames.tensor]).toBeUndefined();
    writeBundleDir(dir, files);
    const chunks = [...tensorNpyChunks(codec, cohort, undefined, 7)];
    expect(chunks.length).toBe(1 + Math.ceil(90 / 7));
    writeFileSync(join(dir, bundleFileNames.tensor), Buffer.concat(chunks));
    const inMemory = await createBundle(input);
    expect(Array.from(readFileSync(join(dir, bundleFileNames.tensor)))).toEqual(Array.from(inMemory[bundleFileNames.tensor]));
    const back = await readBundle(readBundleDir(dir));
    expect(back.sampleIds.length).toBe(90);
  });

  itWithNumpy('numpy reads the bundle: shapes, zero padding, mask and decode', async () => {
    writeBundleDir(dir, await createBundle(input));
    const script = [
      'import json, sys, numpy as np',
      'd = sys.argv[1]',
      'x = np.load(d + "/tensor.npy"); layout = json.load(open(d + "/layout.json"))',
      'mask = np.array(layout["mask"], dtype=np.uint8)',
      'assert x.shape == tuple(layout["tensor"]["shape"]) and x.dtype == np.float32',
      'assert np.all(x[:, mask == 0] == 0)',
      'W = np.load(d + "/codec_loadings.npy"); mu = np.load(d + "/codec_means.npy"); snps = np.load(d + "/codec_snps.npy")',
      'm = np.load(d + "/slot_mean.npy"); s = np.load(d + "/slot_std.npy"); c = layout["componentsPerGene"]',
      'out = np.zeros((len(mu), x.shape[0])); cover = np.zeros(len(mu))',
      'for g, gene in enumerate(layout["genes"]):',
      '    k = gene["components"]; o = layout["codec"]["loadingOffsets"][g]; so = layout["codec"]["snpOffsets"]',
      '    rows = snps[so[g]:so[g + 1]]; w = W[o:o + len(rows) * k].reshape(len(rows), k)',
      '    z = x[:, g, :k] * s[g, :k] + m[g, :k]',
      '    out[rows] += (z @ w.T + mu[rows]).T; cover[rows] += 1',
      'print(json.dumps({"labels": np.load(d + "/labels.npy").tolist(), "split": np.load(d + "/split.npy").tolist(), "decoded": (out / cover[:, None]).ravel().tolist()}))',
    ].join('\n');
    const result = JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, dir], { encoding: 'utf8', maxBuffer: 64 << 20 })) as { labels: number[]; split: number[]; decoded: number[] };
    expect(result.labels).toEqual(Array.from(cohort.phenotype!.labels));
    expect(result.split).toEqual(Array.from(input.split.roles));
    const ours = decode(codec, input.tensor.data, 90);
    // numpy decodes in float64 from the float32 tensor; ours accumulates into float32 (1e-5).
    result.decoded.forEach((x, i) => expect(Math.abs(x - ours[i])).toBeLessThan(1e-5));
  });
});
