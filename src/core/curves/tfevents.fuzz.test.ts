// parseTfEvents fed FUZZ_RUNS generated files: byte mutations of a real event file (which the
// CRC-32C framing mostly refuses), and mutations of one record's Event protobuf framed again with
// correct CRCs (which reach the protobuf decoding); a MetricsLog or a typed error, nothing else.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FuzzTally, fuzzSettings, mutate, mutations } from '../../testing/fuzz';
import { crc32c, maskCrc32c } from './crc32c';
import { parseTfEvents, readTfRecords } from './tfevents';

const file = new Uint8Array(readFileSync(new URL('./fixtures/events.out.tfevents.test', import.meta.url)));
const records = readTfRecords(file, 'events').map((r) => r.data.slice());

/** Records in TFRecord framing: length, masked CRC-32C of the length, data, masked CRC-32C of the data. */
function frame(datas: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(datas.reduce((n, d) => n + 16 + d.length, 0));
  const view = new DataView(out.buffer);
  let at = 0;
  for (const data of datas) {
    view.setUint32(at, data.length, true);
    view.setUint32(at + 8, maskCrc32c(crc32c(out, at, at + 8)), true);
    out.set(data, at + 12);
    view.setUint32(at + 12 + data.length, maskCrc32c(crc32c(data)), true);
    at += 16 + data.length;
  }
  return out;
}

const input = fc.oneof(
  { weight: 1, arbitrary: mutations.map((ms) => mutate(file, ms)) },
  {
    weight: 3,
    arbitrary: fc.tuple(fc.nat(records.length - 1), mutations).map(([which, ms]) => frame(records.map((r, i) => (i === which ? mutate(r, ms) : r)))),
  },
  { weight: 1, arbitrary: fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 3 }).map(frame) },
);

describe('parseTfEvents fuzzing: only typed errors', () => {
  it('returns one series per tag with as many values as steps, or a ParseError', async () => {
    expect(records.length).toBeGreaterThan(3);
    const tally = new FuzzTally('tfevents');
    await fc.assert(fc.asyncProperty(input, async (bytes) => {
      await tally.run(() => parseTfEvents(bytes, 'events.out.tfevents.m'), (log) => {
        for (const name of log.columns) expect(log.series[name].values.length).toBe(log.series[name].steps.length);
      });
    }), fuzzSettings(12));
    tally.report();
  });
});
