import { gunzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../errors';
import { PackedDosages } from './packedDosages';
import type { Cohort } from './types';
import { chunksToText } from './writeChunks';
import { vcfBytes, vcfChunks } from './writeVcf';

/** 3 samples × 2 variants; dosages variant-major, −1 missing. */
function tinyCohort(): Cohort {
  return {
    sampleIds: ['a', 'b', 'c'],
    variants: {
      chrom: ['1', '2'],
      pos: Float64Array.of(100, 2500),
      id: ['rs1', ''],
      ref: ['A', 'C'],
      alt: ['G', 'T'],
    },
    dosages: PackedDosages.fromDosages(Int8Array.of(2, 1, 0, -1, 0, 2), 3),
  };
}

describe('vcfChunks', () => {
  it('writes the exact VCF 4.2 text of a tiny cohort', () => {
    expect(chunksToText(vcfChunks(tinyCohort(), { source: 'test' }))).toBe([
      '##fileformat=VCFv4.2',
      '##source=test',
      '##contig=<ID=1>',
      '##contig=<ID=2>',
      '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
      '#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\ta\tb\tc',
      '1\t100\trs1\tA\tG\t.\t.\t.\tGT\t1/1\t0/1\t0/0',
      '2\t2500\t.\tC\tT\t.\t.\t.\tGT\t./.\t0/0\t1/1',
      '',
    ].join('\n'));
  });

  it('gzips to one member that inflates to the plain text, the same bytes every time', () => {
    const plain = vcfBytes(tinyCohort());
    const gz = vcfBytes(tinyCohort(), { gzip: true });
    expect([gz[0], gz[1]]).toEqual([0x1f, 0x8b]);
    expect(Array.from(gz.subarray(4, 8))).toEqual([0, 0, 0, 0]); // mtime 0: reproducible files
    expect(gunzipSync(gz)).toEqual(plain);
    expect(vcfBytes(tinyCohort(), { gzip: true })).toEqual(gz);
  });

  it('cuts a large cohort into bounded chunks whose concatenation is line-exact', () => {
    const variants = 5000;
    const samples = 40;
    const dosages = Int8Array.from({ length: variants * samples }, (_, k) => ((k * 7) % 4) - 1);
    const cohort: Cohort = {
      sampleIds: Array.from({ length: samples }, (_, i) => `s${i}`),
      variants: {
        chrom: new Array(variants).fill('3'),
        pos: Float64Array.from({ length: variants }, (_, v) => v + 1),
        id: Array.from({ length: variants }, (_, v) => `v${v}`),
        ref: new Array(variants).fill('A'),
        alt: new Array(variants).fill('T'),
      },
      dosages: PackedDosages.fromDosages(dosages, samples),
    };
    const chunks = [...vcfChunks(cohort)];
    expect(chunks.length).toBeGreaterThan(3);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThanOrEqual(1 << 17);
    const lines = chunksToText(chunks).trimEnd().split('\n').filter((l) => !l.startsWith('#'));
    expect(lines).toHaveLength(variants);
    const gt = ['./.', '0/0', '0/1', '1/1'];
    const v = 4321;
    expect(lines[v].split('\t').slice(9)).toEqual(Array.from(dosages.subarray(v * samples, (v + 1) * samples), (d) => gt[d + 1]));
  });

  it('rejects dosages outside −1…2 (when packed) and sample ids with tabs, naming them', () => {
    const bad = tinyCohort();
    expect(() => bad.dosages.set(1, 1, 3)).toThrow(InvalidRequestError);
    expect(() => bad.dosages.set(1, 1, 3)).toThrow(/dosage 3 for sample 1 at variant 1/);
    expect(() => PackedDosages.fromDosages([0, 1.5], 2)).toThrow(/dosage 1.5 for sample 1 at variant 0/);
    const tabbed = tinyCohort();
    tabbed.sampleIds[0] = 'a\tb';
    expect(() => vcfBytes(tabbed)).toThrow(/VCF sample id/);
    const short = tinyCohort();
    short.dosages = PackedDosages.fromDosages(new Int8Array(5), 5);
    expect(() => vcfBytes(short)).toThrow(/expected 2 variants × 3 samples/);
  });
});
