// The dataset bundle reader (loadBundleZip: bounded unzip, then readBundle) fed FUZZ_RUNS generated
// zips: byte mutations of a valid bundle zip, one entry's bytes mutated and zipped again, layout.json
// with values replaced or removed, random bytes. A loaded bundle or a typed error, nothing else.
import { createSampleStore } from './sampleStore';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createByteSource } from '../core/genotype/byteSource';
import { FuzzTally, applyJsonEdits, fuzzSettings, jsonEdit, mutate, mutations } from '../testing/fuzz';
import { loadBundleZip } from './bundleZip';
import { fileRoles } from './fileRoles';
import { createSmallBundleZip } from './testBundleZip';

function load(bytes: Uint8Array) {
  const name = 'm.zip';
  return loadBundleZip(createByteSource(name, bytes), {
    cohortId: 1, file: { name, sizeBytes: bytes.length, role: fileRoles.bundle, reason: 'fuzz' }, signal: new AbortController().signal,
    onProgress: () => undefined, now: () => 0, store: createSampleStore({ memoryBudgetBytes: Number.MAX_SAFE_INTEGER }), setId: 'fuzz',
  });
}

describe('bundle zip fuzzing: only typed errors', () => {
  let zip: Uint8Array;
  let files: Record<string, Uint8Array>;
  beforeAll(async () => {
    zip = await createSmallBundleZip();
    files = unzipSync(zip);
  });

  it('loads a consistent bundle or refuses it with a ParseError', async () => {
    const names = Object.keys(files).sort();
    const tally = new FuzzTally('bundle zip');
    const input = fc.oneof(
      { weight: 2, arbitrary: mutations.map((ms) => mutate(zip, ms)) },
      {
        weight: 5,
        arbitrary: fc.tuple(fc.nat(names.length - 1), mutations)
          .map(([which, ms]) => zipSync({ ...files, [names[which]]: mutate(files[names[which]], ms) }, { level: 0 })),
      },
      {
        weight: 3,
        arbitrary: fc.array(jsonEdit, { minLength: 1, maxLength: 3 })
          .map((edits) => zipSync({ ...files, 'layout.json': strToU8(applyJsonEdits(strFromU8(files['layout.json']), edits)) }, { level: 0 })),
      },
      { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }) },
    );
    await fc.assert(fc.asyncProperty(input, async (bytes) => {
      await tally.run(() => load(bytes), ({ bundle, tensor }) => {
        const { batch, genes, channels } = tensor.shape;
        expect(tensor.set.rows * tensor.set.dims).toBe(batch * genes * channels);
        expect(bundle.labels.length).toBe(batch);
        expect(bundle.sampleIds.length).toBe(batch);
      });
    }), fuzzSettings(21));
    tally.report();
  });
});
