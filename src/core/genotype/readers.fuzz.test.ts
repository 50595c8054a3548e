// Every genotype-side reader, fed FUZZ_RUNS generated inputs each (mutations of valid files: bit
// flips, truncations, inserted bytes and fields, deleted and repeated runs; random bytes; random
// text after a valid header) in random chunk sizes, either returns a well-formed result or rejects
// with a typed error: never another exception, never a hang (fast-check's per-case timeout).
import { gzipSync } from 'fflate';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FuzzTally, fuzzSettings, mutate, mutations, randomText } from '../../testing/fuzz';
import { type ByteSource, createByteSource } from './byteSource';
import { readGeneMap } from './geneMap';
import type { GenotypeTable } from './genotypeTable';
import { readPhenotypeTable } from './phenotype';
import { readPlink } from './plink';
import { fixtureBytes, unpackDosages } from './testFixtures';
import { readVcf } from './vcf';

const encode = (text: string) => new TextEncoder().encode(text);
const concat = (a: Uint8Array, b: Uint8Array) => Uint8Array.of(...a, ...b);

/** A genotype result is consistent: one dosage per sample and variant, each -1, 0, 1 or 2. */
function checkGenotypes(table: GenotypeTable): void {
  const variants = table.variants.pos.length;
  expect([table.dosages.variants, table.dosages.samples]).toEqual([variants, table.sampleIds.length]);
  expect(table.dosages.byteLength).toBe(Math.ceil(table.sampleIds.length / 4) * variants);
  expect([table.variants.chrom, table.variants.id, table.variants.ref, table.variants.alt].every((c) => c.length === variants)).toBe(true);
  for (const d of unpackDosages(table.dosages)) expect(d >= -1 && d <= 2).toBe(true);
  for (const p of table.variants.pos) expect(Number.isSafeInteger(p)).toBe(true);
}

/** Mostly whole-file chunks (cheap), sometimes tiny ones that cut every field and gzip member. */
const chunkBytes = fc.oneof({ weight: 1, arbitrary: fc.integer({ min: 1, max: 16 }) }, { weight: 3, arbitrary: fc.constant(4096) });
const source = (name: string, bytes: Uint8Array, chunk: number, sizeKnown = true): ByteSource => {
  const s = createByteSource(name, bytes, chunk);
  return sizeKnown ? s : { ...s, size: undefined };
};

/** A reader's input: a mutated valid file, random bytes, or random text after a valid header. */
function inputs(files: Uint8Array[], header: Uint8Array): fc.Arbitrary<Uint8Array> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.tuple(fc.nat(files.length - 1), mutations).map(([which, ms]) => mutate(files[which], ms)) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }) },
    { weight: 2, arbitrary: randomText.map((text) => concat(header, text)) },
  );
}

describe('reader fuzzing: only typed errors, never a hang', () => {
  it('readVcf: plain, bgzip and gzip VCF, both multi-allelic modes', async () => {
    const tally = new FuzzTally('vcf');
    const plain = fixtureBytes('small.vcf');
    const header = encode('##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS1\tS2\n');
    const gz = [fixtureBytes('small.vcf.gz'), fixtureBytes('small.concat.vcf.gz')];
    const input = fc.oneof(
      { weight: 3, arbitrary: inputs([plain], header).map((bytes) => ({ name: 'm.vcf', bytes })) },
      { weight: 1, arbitrary: fc.tuple(fc.nat(1), mutations).map(([which, ms]) => ({ name: 'm.vcf.gz', bytes: mutate(gz[which], ms) })) },
      { weight: 1, arbitrary: randomText.map((text) => ({ name: 'r.vcf.gz', bytes: gzipSync(concat(header, text)) })) },
    );
    await fc.assert(fc.asyncProperty(input, chunkBytes, fc.boolean(), async ({ name, bytes }, chunk, split) => {
      await tally.run(() => readVcf(source(name, bytes, chunk), { multiallelic: split ? 'split' : 'skip' }), checkGenotypes);
    }), fuzzSettings(1));
    tally.report();
  });

  it('readPlink: one of .bed, .bim, .fam mutated, .bed size known or not', async () => {
    const tally = new FuzzTally('plink');
    const files = { bed: fixtureBytes('small.bed'), bim: fixtureBytes('small.bim'), fam: fixtureBytes('small.fam') };
    const headers = { bed: Uint8Array.of(0x6c, 0x1b, 0x01), bim: new Uint8Array(0), fam: new Uint8Array(0) };
    const which = fc.constantFrom('bed' as const, 'bim' as const, 'fam' as const);
    const input = which.chain((target) => inputs([files[target]], headers[target]).map((bytes) => ({ ...files, [target]: bytes })));
    await fc.assert(fc.asyncProperty(input, chunkBytes, fc.boolean(), async (bytes, chunk, sizeKnown) => {
      const sources = { bed: source('m.bed', bytes.bed, chunk, sizeKnown), bim: source('m.bim', bytes.bim, chunk), fam: source('m.fam', bytes.fam, chunk) };
      await tally.run(() => readPlink(sources), checkGenotypes);
    }), fuzzSettings(3));
    tally.report();
  });

  it('readPhenotypeTable: CSV, TSV and PLINK pheno files', async () => {
    const tally = new FuzzTally('phenotype');
    const files = [
      encode('sample_id,age,diagnosis\nS1,40,ALS\nS2,51,control\nS3,38,NA\n"S,4",60,"ALS"\n'),
      encode('IID\tstatus\nS1\t1\nS2\t2\nS3\t-9\n'),
      fixtureBytes('small.pheno.txt'),
    ];
    await fc.assert(fc.asyncProperty(inputs(files, encode('FID\tIID\tstatus\n')), chunkBytes, async (bytes, chunk) => {
      await tally.run(() => readPhenotypeTable(source('m.csv', bytes, chunk)), (table) => {
        expect(table.labels.length).toBe(table.sampleIds.length);
        for (const label of table.labels) expect(label >= -1 && label < table.classNames.length).toBe(true);
      });
    }), fuzzSettings(4));
    tally.report();
  });

  it('readGeneMap: BED, GTF and GFF3', async () => {
    const tally = new FuzzTally('gene map');
    const files: [string, Uint8Array, Uint8Array][] = [
      ['m.bed', encode('track name=x\nchr1\t100\t200\tA\nchr2\t5\t9\tB\n'), encode('chr1\t')],
      ['m.gtf', encode('1\tx\tgene\t10\t20\t.\t+\t.\tgene_id "G1"; gene_name "A";\n1\tx\texon\t10\t20\t.\t+\t.\tgene_id "G1";\n'), encode('1\tx\tgene\t')],
      ['m.gff3', encode('##gff-version 3\nchr1\t.\tgene\t10\t20\t.\t+\t.\tID=g1;Name=A%3B\n##FASTA\n>x\nAC\n'), encode('##gff-version 3\nchr1\t.\tgene\t')],
    ];
    const input = fc.nat(2).chain((which) => inputs([files[which][1]], files[which][2]).map((bytes) => ({ name: files[which][0], bytes })));
    await fc.assert(fc.asyncProperty(input, chunkBytes, async ({ name, bytes }, chunk) => {
      await tally.run(() => readGeneMap(source(name, bytes, chunk)), (genes) => {
        for (const g of genes) expect(g.start >= 0 && g.end >= g.start && g.name !== '' && Number.isSafeInteger(g.end)).toBe(true);
      });
    }), fuzzSettings(5));
    tally.report();
  });
});
