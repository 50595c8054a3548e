// The tfevents reader against a file written independently by fixtures/make_tfevents.py (its own
// CRC-32C and protobuf encoding from the specs), plus corrupt, truncated and fuzzed inputs.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../errors';
import { crc32c, maskCrc32c } from './crc32c';
import { hasTfRecordHeader, parseTfEvents, readTfRecords } from './tfevents';

const FILE = 'events.out.tfevents.test';
const fixture = new Uint8Array(readFileSync(fileURLToPath(new URL(`./fixtures/${FILE}`, import.meta.url))));
/** float32 values, compared after a round trip through Python's pow and struct.pack. */
const F32_RELATIVE = 1e-6;
const records = readTfRecords(fixture, FILE);

function expectClose(actual: number[], expected: number[], relative: number): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((a, i) => expect(Math.abs(a - expected[i])).toBeLessThanOrEqual(relative * Math.abs(expected[i])));
}

/** Wraps payloads in TFRecord framing with our own CRC (only for inputs the fixture does not cover). */
function frame(...payloads: Uint8Array[]): Uint8Array {
  const parts = payloads.flatMap((data) => {
    const header = new Uint8Array(12);
    const view = new DataView(header.buffer);
    view.setUint32(0, data.length, true);
    view.setUint32(8, maskCrc32c(crc32c(header, 0, 8)), true);
    const footer = new Uint8Array(4);
    new DataView(footer.buffer).setUint32(0, maskCrc32c(crc32c(data)), true);
    return [...header, ...data, ...footer];
  });
  return Uint8Array.from(parts);
}

function parseError(run: () => unknown): ParseError {
  try {
    run();
  } catch (err) {
    if (err instanceof ParseError) return err;
    throw err;
  }
  throw new Error('expected a ParseError');
}

describe('crc32c', () => {
  it('gives the standard check value and TFRecord mask', () => {
    expect(crc32c(new TextEncoder().encode('123456789'))).toBe(0xe3069283);
    expect(crc32c(new Uint8Array(0))).toBe(0);
    // The mask of 0 is the bare delta: rotate 0, add 0xa282ead8.
    expect(maskCrc32c(0)).toBe(0xa282ead8);
    expect(maskCrc32c(0x00008000)).toBe((1 + 0xa282ead8) >>> 0);
  });
});

describe('parseTfEvents on the Python-written fixture', () => {
  const log = parseTfEvents(fixture, FILE);
  const steps = Array.from({ length: 10 }, (_, i) => 5 * i);

  it('keeps one series per scalar tag, in first-appearance order, and leaves non-scalars out', () => {
    expect(log.file).toBe(FILE);
    expect(log.columns).toEqual(['train_loss', 'lr', 'val_loss', 'late_metric']);
    expect(log.steps).toEqual([...steps, 2 ** 33 + 5]);
  });

  it('reads simple_value scalars as float32', () => {
    expect(log.series.train_loss.steps).toEqual(steps);
    expectClose(log.series.train_loss.values, steps.map((_, i) => Math.fround(1.5 * 0.9 ** i + 0.1)), F32_RELATIVE);
  });

  it('reads tensor scalars (packed, unpacked and tensor_content) and keeps the last value of a repeated step', () => {
    expect(log.series.val_loss.steps).toEqual([0, 10, 20, 30, 40]);
    const expected = [0, 1, 2, 3, 4].map((k) => Math.fround(1.2 * 0.8 ** k + 0.2));
    expected[2] = Math.fround(0.123456);
    expectClose(log.series.val_loss.values, expected, F32_RELATIVE);
  });

  it('reads float64 tensor_content exactly and int64 steps beyond 2^32', () => {
    expect(log.series.lr.values).toEqual(steps.map((_, i) => 1e-3 * 0.5 ** i));
    expect(log.series.late_metric).toEqual({ name: 'late_metric', steps: [2 ** 33 + 5], values: [-2.5] });
  });

  it('splits the file into its 14 records', () => {
    expect(records).toHaveLength(14);
    expect(records[0].byteOffset).toBe(0);
    const last = records[13];
    expect(last.byteOffset + 12 + last.data.length + 4).toBe(fixture.length);
  });
});

describe('corrupt and truncated files', () => {
  const third = records[2];
  const thirdDataAt = third.byteOffset + 12;

  it('names the data CRC offset when a byte of a record is flipped', () => {
    const bytes = fixture.slice();
    bytes[thirdDataAt + 7] ^= 0x10;
    const err = parseError(() => parseTfEvents(bytes, FILE));
    const crcAt = thirdDataAt + third.data.length;
    expect(err.location).toEqual({ file: FILE, byteOffset: crcAt });
    expect(err.message).toContain(`byte ${crcAt} of ${FILE}`);
    expect(err.message).toContain(`record at byte ${thirdDataAt}`);
  });

  it('names the length CRC offset when a length byte is flipped', () => {
    const bytes = fixture.slice();
    bytes[third.byteOffset] ^= 0x01;
    const err = parseError(() => parseTfEvents(bytes, FILE));
    expect(err.location?.byteOffset).toBe(third.byteOffset + 8);
    expect(err.message).toMatch(/length's CRC-32C is 0x[0-9a-f]{8}, expected 0x[0-9a-f]{8}/);
  });

  it('reports a truncated record and a truncated header', () => {
    const inData = parseError(() => parseTfEvents(fixture.subarray(0, thirdDataAt + 3), FILE));
    expect(inData.message).toMatch(new RegExp(`^byte ${thirdDataAt} of ${FILE}: expected a ${third.data.length}-byte record .* truncated$`));
    const inHeader = parseError(() => parseTfEvents(fixture.subarray(0, third.byteOffset + 5), FILE));
    expect(inHeader.location?.byteOffset).toBe(third.byteOffset);
    expect(inHeader.message).toContain('found 5 bytes; the file is truncated');
  });

  it('says an empty file is empty', () => {
    expect(parseError(() => parseTfEvents(new Uint8Array(0), FILE)).message).toBe(
      `${FILE} is empty; expected TensorBoard event records (events.out.tfevents.*)`);
  });

  it('rejects a well-framed record that is not an Event protobuf', () => {
    const bytes = frame(records[0].data, Uint8Array.of(0x0f, 0x01));
    const err = parseError(() => parseTfEvents(bytes, FILE));
    expect(err.location?.byteOffset).toBe(12 + records[0].data.length + 4);
    expect(err.message).toContain('expected a TensorBoard Event protobuf in the 2-byte record');
  });
});

describe('hasTfRecordHeader', () => {
  it('recognises the fixture and not a metrics.csv', () => {
    expect(hasTfRecordHeader(fixture)).toBe(true);
    expect(hasTfRecordHeader(new TextEncoder().encode('step,train_loss,val_loss\n0,1.0,\n'))).toBe(false);
    expect(hasTfRecordHeader(fixture.subarray(0, 11))).toBe(false);
  });
});

describe('fuzzing', () => {
  const parsesOrParseError = (bytes: Uint8Array): boolean => {
    try {
      parseTfEvents(bytes, FILE);
      return true;
    } catch (err) {
      return err instanceof ParseError;
    }
  };

  it('a single bit flip anywhere is always a ParseError (CRC-32C catches every 1-bit error)', () => {
    fc.assert(fc.property(fc.nat(fixture.length - 1), fc.integer({ min: 0, max: 7 }), (at, bit) => {
      const bytes = fixture.slice();
      bytes[at] ^= 1 << bit;
      return parseError(() => parseTfEvents(bytes, FILE)).location?.file === FILE;
    }), { numRuns: 300 });
  });

  it('random truncations and flips give a log or a ParseError, never another exception', () => {
    const edit = fc.record({ cut: fc.nat(fixture.length), flips: fc.array(fc.tuple(fc.nat(), fc.nat(7)), { maxLength: 4 }) });
    fc.assert(fc.property(edit, ({ cut, flips }) => {
      const bytes = fixture.slice(0, cut);
      for (const [at, bit] of flips) if (bytes.length > 0) bytes[at % bytes.length] ^= 1 << bit;
      return parsesOrParseError(bytes);
    }), { numRuns: 500 });
  });

  it('random payloads in valid framing reach the protobuf decoder and give a log or a ParseError', () => {
    const payload = fc.oneof(
      fc.uint8Array({ maxLength: 64 }),
      // Mutated real events exercise deeper decoder paths than random bytes.
      fc.tuple(fc.nat(records.length - 1), fc.nat(), fc.nat(255)).map(([r, at, byte]) => {
        const data = records[r].data.slice();
        if (data.length > 0) data[at % data.length] = byte;
        return data;
      }),
    );
    fc.assert(fc.property(fc.array(payload, { minLength: 1, maxLength: 4 }), (payloads) => parsesOrParseError(frame(...payloads))),
      { numRuns: 1000 });
  });
});
