// The session file reader fed FUZZ_RUNS generated zips: byte mutations of a valid session zip,
// session.json mutated as bytes or with JSON values replaced or removed, an entry mutated and the
// zip written again, random bytes. A session or a typed error, nothing else.
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FuzzTally, applyJsonEdits, fuzzSettings, jsonEdit, mutate, mutations } from '../../testing/fuzz';
import { readSessionZip, writeSessionZip } from './sessionFile';
import { codecSha, createSetFixture, createSnapshotFixture, userSha } from './testSession';

function createZip(): Uint8Array {
  const sets = [createSetFixture(), createSetFixture('builtin:gaussian-demo', false)];
  return writeSessionZip({
    createdAt: '2025-01-31T12:03:14.000Z', codecSha256: codecSha,
    backbones: [{ id: sets[0].backboneId, fileName: 'mine.onnx', sha256: userSha }],
    snapshot: createSnapshotFixture(sets), sets,
  });
}

describe('session file fuzzing: only typed errors', () => {
  it('reads a consistent session or refuses it with a ParseError', async () => {
    const zip = createZip();
    const files = unzipSync(zip);
    const names = Object.keys(files).sort();
    const json = strFromU8(files['session.json']);
    const withJson = (text: string) => zipSync({ ...files, 'session.json': strToU8(text) }, { level: 0 });
    const tally = new FuzzTally('session zip');
    const input = fc.oneof(
      { weight: 2, arbitrary: mutations.map((ms) => mutate(zip, ms)) },
      { weight: 2, arbitrary: mutations.map((ms) => zipSync({ ...files, 'session.json': mutate(files['session.json'], ms) }, { level: 0 })) },
      { weight: 4, arbitrary: fc.array(jsonEdit, { minLength: 1, maxLength: 3 }).map((edits) => withJson(applyJsonEdits(json, edits))) },
      {
        weight: 1,
        arbitrary: fc.tuple(fc.nat(names.length - 1), mutations)
          .map(([which, ms]) => zipSync({ ...files, [names[which]]: mutate(files[names[which]], ms) }, { level: 0 })),
      },
      { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }) },
    );
    await fc.assert(fc.asyncProperty(input, async (bytes) => {
      await tally.run(() => readSessionZip(bytes, 'm.zip'), ({ sets }) => {
        for (const set of sets) {
          expect(set.samples.length).toBe(set.count * set.genes * set.channels);
          if (set.labels) expect(set.labels.length).toBe(set.count);
        }
      });
    }), fuzzSettings(31));
    tally.report();
  });
});
