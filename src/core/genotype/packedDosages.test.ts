import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../errors';
import { createByteSource } from './byteSource';
import { PackedDosages, callCodes, codeAt, dosageOfCode } from './packedDosages';
import { readBed, readPlink } from './plink';
import { fixtureBytes, fixtureSource, plinkFixture, unpackDosages } from './testFixtures';
import { readVcf } from './vcf';
import { vcfBytes } from './writeVcf';

/** A variant-major matrix of −1/0/1/2 and its sample count. */
const matrix = fc.record({ samples: fc.integer({ min: 0, max: 23 }), variants: fc.integer({ min: 0, max: 40 }) })
  .chain(({ samples, variants }) => fc.record({
    samples: fc.constant(samples),
    dosages: fc.array(fc.integer({ min: -1, max: 2 }), { minLength: samples * variants, maxLength: samples * variants }),
  }));

describe('PackedDosages: layout and code points', () => {
  it('uses PLINK .bed codes with A1 = ALT, low bits first, unused bits 0', () => {
    expect(callCodes).toEqual({ homAlt: 0b00, missing: 0b01, het: 0b10, homRef: 0b11 });
    expect(Array.from(dosageOfCode)).toEqual([2, -1, 1, 0]);
    // 5 samples: 0, 1, 2, −1 | 2 → 11 10 00 01 | 00 → 0b01_00_10_11 = 0x4b, then 0x00.
    const packed = PackedDosages.fromDosages([0, 1, 2, -1, 2], 5);
    expect(Array.from(packed.rowBytes(0))).toEqual([0x4b, 0x00]);
    expect(codeAt(packed.rowBytes(0), 0, 3)).toBe(callCodes.missing);
    // A fresh row is all missing, its padding bits still 0.
    expect(Array.from(PackedDosages.create(5, 1).rowBytes(0))).toEqual([0x55, 0x01]);
  });

  it('takes ⌈N/4⌉ bytes per variant: the paper cohort size and every N mod 4', () => {
    for (const samples of [1, 2, 3, 4, 5, 10_405]) {
      const packed = PackedDosages.create(samples, 37);
      expect(packed.byteLength).toBe(Math.ceil(samples / 4) * 37);
      expect(packed.bytesPerRow).toBe(Math.ceil(samples / 4));
    }
    // 10,405 samples × 100,000 variants: 260 MB packed instead of 1.04 GB as one byte a call.
    expect(PackedDosages.create(10_405, 100_000).byteLength).toBe(2_602 * 100_000);
  });

  it('packs and unpacks any matrix, across block boundaries', () => {
    fc.assert(fc.property(matrix, fc.integer({ min: 1, max: 16 }), ({ samples, dosages }, blockBytes) => {
      const packed = PackedDosages.fromDosages(dosages, samples, { blockBytes });
      expect(unpackDosages(packed)).toEqual(Int8Array.from(dosages));
      for (let v = 0; v < packed.variants; v++) {
        for (let i = 0; i < samples; i++) expect(packed.get(v, i)).toBe(dosages[v * samples + i]);
      }
    }), { numRuns: 200, seed: 3 });
  });

  it('decodes into an unaligned scratch and leaves what lies past the row alone', () => {
    const dosages = Array.from({ length: 3 * 11 }, (_, k) => (k % 4) - 1);
    const packed = PackedDosages.fromDosages(dosages, 11);
    const buffer = new Int8Array(20).fill(9);
    const scratch = buffer.subarray(1, 15);
    expect(Array.from(packed.decodeRow(2, scratch).subarray(0, 11))).toEqual(dosages.slice(22));
    expect(Array.from(buffer.subarray(12))).toEqual([9, 9, 9, 9, 9, 9, 9, 9]);
    expect(() => packed.decodeRow(0, new Int8Array(10))).toThrow(InvalidRequestError);
  });

  it('sets single calls without touching the neighbours', () => {
    const packed = PackedDosages.create(6, 2);
    packed.set(1, 4, 2);
    packed.set(1, 5, 0);
    packed.set(1, 4, 1);
    expect(Array.from(packed.decodeRow(1))).toEqual([-1, -1, -1, -1, 1, 0]);
    expect(Array.from(packed.decodeRow(0))).toEqual([-1, -1, -1, -1, -1, -1]);
  });

  it('counts codes per row with the padding left out', () => {
    fc.assert(fc.property(matrix, ({ samples, dosages }) => {
      const packed = PackedDosages.fromDosages(dosages, samples);
      for (let v = 0; v < packed.variants; v++) {
        const row = dosages.slice(v * samples, (v + 1) * samples);
        const count = (d: number) => row.filter((x) => x === d).length;
        expect(Array.from(packed.countRow(v))).toEqual([count(2), count(-1), count(1), count(0)]);
      }
    }), { numRuns: 100, seed: 4 });
    // Over 63 bytes a row, where the 8-bit lanes are flushed.
    const long = PackedDosages.fromDosages(Array.from({ length: 1001 }, () => 2), 1001);
    expect(Array.from(long.countRow(0))).toEqual([1001, 0, 0, 0]);
  });

  it('refuses values other than −1, 0, 1, 2 and calls outside the matrix, naming them', () => {
    const packed = PackedDosages.create(3, 2);
    expect(() => packed.set(0, 1, 3)).toThrow(/dosage 3 for sample 1 at variant 0 is not 0, 1, 2 or missing/);
    expect(() => packed.encodeRow(1, [0, Number.NaN, 1])).toThrow(/dosage NaN for sample 1 at variant 1/);
    expect(() => packed.encodeRow(1, [0, 1])).toThrow(InvalidRequestError);
    expect(() => packed.get(2, 0)).toThrow(/variant 2 is outside the 2 rows/);
    expect(() => packed.get(0, 3)).toThrow(/sample 3 is outside the 3 samples/);
    expect(() => PackedDosages.fromDosages([0, 1, 2], 2)).toThrow(/not whole rows of 2 samples/);
  });
});

describe('PackedDosages: growing and packed copies', () => {
  it('grows row by row across blocks without losing a row, and compacts to ⌈N/4⌉·V bytes', () => {
    const samples = 7;
    // 40-byte blocks of 20 rows; the last block doubles 1 → 2 → 4 … rows before it is full.
    const packed = PackedDosages.growing(samples, { blockBytes: 40 });
    const total = 555;
    const rowOf = (r: number) => Array.from({ length: samples }, (_, i) => ((r + i) % 4) - 1);
    for (let r = 0; r < total; r++) expect(packed.appendRow()).toBe(r);
    for (let r = 0; r < total; r++) packed.encodeRow(r, rowOf(r));
    expect(packed.byteLength).toBeGreaterThanOrEqual(2 * total);
    expect(packed.compact().byteLength).toBe(2 * total);
    for (let r = 0; r < total; r++) expect(Array.from(packed.decodeRow(r))).toEqual(rowOf(r));
    expect(packed.appendRow()).toBe(total);
    expect(packed.get(total, 6)).toBe(-1);
  });

  it('holds no samples or no rows', () => {
    const none = PackedDosages.growing(0);
    none.appendRow();
    expect([none.variants, none.compact().byteLength, none.decodeRow(0).length]).toEqual([1, 0, 0]);
    expect(PackedDosages.growing(4).compact().byteLength).toBe(0);
  });

  it('copies packed rows in and out byte for byte, clearing padding bits written in', () => {
    const packed = PackedDosages.create(5, 9, { blockBytes: 4 });
    const body = Uint8Array.from({ length: 18 }, (_, k) => (k * 37) & 0xff);
    packed.writePacked(0, body.subarray(0, 7));
    packed.writePacked(7, body.subarray(7));
    const cleared = body.map((b, k) => (k % 2 === 1 ? b & 0b11 : b));
    expect(packed.copyRows(0, 9)).toEqual(cleared);
    expect(packed.copyRows(3, 5)).toEqual(cleared.subarray(6, 10));
    expect(() => packed.writePacked(17, Uint8Array.of(1, 2))).toThrow(InvalidRequestError);
  });
});

describe('readers keep every call in ⌈N/4⌉·V bytes', () => {
  it('a PLINK .bed read keeps every call, its rows stored as the .bed has them', async () => {
    // big: 101 samples (padding bits in every row's last byte) × 700 variants.
    const bed = fixtureBytes('big.bed');
    const vcf = await readVcf(fixtureSource('big.vcf.gz'));
    for (const chunk of [1, 5, 4096]) {
      const table = await readPlink(plinkFixture('big', chunk));
      expect(table.dosages.byteLength).toBe(26 * 700);
      expect(table.dosages.copyRows(0, 700)).toEqual(bed.subarray(3));
      expect(unpackDosages(table.dosages)).toEqual(unpackDosages(vcf.dosages));
    }
  });

  it('a 2-bit .bed of every byte value decodes to PLINK codes, all 256 × 4 calls', async () => {
    const body = Uint8Array.from({ length: 256 }, (_, b) => b);
    const bed = Uint8Array.of(0x6c, 0x1b, 0x01, ...body);
    const packed = await readBed(createByteSource('all.bed', bed, 3), 4, 256);
    for (let b = 0; b < 256; b++) {
      expect(Array.from(packed.decodeRow(b))).toEqual([0, 1, 2, 3].map((k) => dosageOfCode[(b >> (2 * k)) & 3]));
    }
  });

  it('a VCF read grows to exactly ⌈N/4⌉·V bytes', async () => {
    const samples = 13;
    const variants = 300;
    const dosages = Array.from({ length: samples * variants }, (_, k) => ((k * 5) % 4) - 1);
    const cohort = {
      sampleIds: Array.from({ length: samples }, (_, i) => `s${i}`),
      variants: {
        chrom: new Array<string>(variants).fill('1'), pos: Float64Array.from({ length: variants }, (_, v) => v + 1),
        id: Array.from({ length: variants }, (_, v) => `v${v}`), ref: new Array<string>(variants).fill('A'), alt: new Array<string>(variants).fill('C'),
      },
      dosages: PackedDosages.fromDosages(dosages, samples),
    };
    const table = await readVcf(createByteSource('g.vcf', vcfBytes(cohort), 97));
    expect(table.dosages.byteLength).toBe(4 * variants);
    expect(unpackDosages(table.dosages)).toEqual(Int8Array.from(dosages));
  });
});
