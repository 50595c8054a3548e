// Every reader, fed thousands of mutated inputs (bit flips, truncations, inserted tabs, newlines
// and separators, deleted runs) in random chunk sizes, either returns a well-formed result or
// rejects with a ParseError: never another exception, never a hang (fast-check's per-run timeout).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../errors';
import { type ByteSource, createByteSource } from './byteSource';
import { readGeneMap } from './geneMap';
import type { GenotypeTable } from './genotypeTable';
import { readPhenotypeTable } from './phenotype';
import { readPlink } from './plink';
import { fixtureBytes } from './testFixtures';
import { readVcf } from './vcf';

type Mutation =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; byte: number }
  | { kind: 'delete'; at: number; length: number };

/** Bytes that matter to the parsers: tab, LF, CR, separators, digits, '.', '#', quote, NUL, 0xff. */
const interestingBytes = [0x09, 0x0a, 0x0d, 0x2c, 0x2f, 0x7c, 0x2e, 0x3a, 0x3b, 0x23, 0x30, 0x31, 0x32, 0x20, 0x22, 0x3d, 0x00, 0xff];

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), byte: fc.oneof(fc.constantFrom(...interestingBytes), fc.integer({ min: 0, max: 255 })) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 8 }) }),
);

function mutate(original: Uint8Array, mutations: Mutation[]): Uint8Array {
  let bytes = original.slice();
  for (const m of mutations) {
    const at = bytes.length === 0 ? 0 : m.at % (bytes.length + 1);
    if (m.kind === 'flip' && at < bytes.length) bytes[at] ^= 1 << m.bit;
    if (m.kind === 'truncate') bytes = bytes.slice(0, at);
    if (m.kind === 'insert') bytes = Uint8Array.of(...bytes.subarray(0, at), m.byte, ...bytes.subarray(at));
    if (m.kind === 'delete') bytes = Uint8Array.of(...bytes.subarray(0, at), ...bytes.subarray(at + m.length));
  }
  return bytes;
}

const mutations = fc.array(mutation, { minLength: 1, maxLength: 4 });
const chunkBytes = fc.integer({ min: 1, max: 64 });

/** Runs `read`; a ParseError is fine, any other rejection fails the property. */
async function onlyParseErrors<T>(read: () => Promise<T>, check: (result: T) => void = () => {}): Promise<void> {
  let result: T;
  try {
    result = await read();
  } catch (err) {
    if (err instanceof ParseError) {
      expect(err.location?.file).toBeTruthy();
      return;
    }
    throw err;
  }
  check(result);
}

/** A genotype result is consistent: one dosage per sample and variant, each -1, 0, 1 or 2. */
function checkGenotypes(table: GenotypeTable): void {
  const variants = table.variants.pos.length;
  expect(table.dosages.length).toBe(table.sampleIds.length * variants);
  expect([table.variants.chrom, table.variants.id, table.variants.ref, table.variants.alt].every((c) => c.length === variants)).toBe(true);
  for (const d of table.dosages) expect(d >= -1 && d <= 2).toBe(true);
}

const settings = (numRuns: number, seed: number) => ({ numRuns, seed, timeout: 2000 });
const source = (name: string, bytes: Uint8Array, chunk: number, sizeKnown = true): ByteSource => {
  const s = createByteSource(name, bytes, chunk);
  return sizeKnown ? s : { ...s, size: undefined };
};

describe('reader fuzzing: only typed errors, never a hang', () => {
  it('readVcf on mutated plain VCF (both multi-allelic modes)', async () => {
    const vcf = fixtureBytes('small.vcf');
    await fc.assert(fc.asyncProperty(mutations, chunkBytes, fc.boolean(), async (ms, chunk, split) => {
      await onlyParseErrors(() => readVcf(source('m.vcf', mutate(vcf, ms), chunk), { multiallelic: split ? 'split' : 'skip' }), checkGenotypes);
    }), settings(2000, 1));
  });

  it('readVcf on mutated bgzip and gzip VCF', async () => {
    const files = [fixtureBytes('small.vcf.gz'), fixtureBytes('small.concat.vcf.gz')];
    await fc.assert(fc.asyncProperty(mutations, chunkBytes, fc.nat(1), async (ms, chunk, which) => {
      await onlyParseErrors(() => readVcf(source('m.vcf.gz', mutate(files[which], ms), chunk)), checkGenotypes);
    }), settings(1000, 2));
  });

  it('readPlink with one of .bed, .bim, .fam mutated, .bed size known or not', async () => {
    const files = { bed: fixtureBytes('small.bed'), bim: fixtureBytes('small.bim'), fam: fixtureBytes('small.fam') };
    const which = fc.constantFrom('bed' as const, 'bim' as const, 'fam' as const);
    await fc.assert(fc.asyncProperty(mutations, chunkBytes, which, fc.boolean(), async (ms, chunk, target, sizeKnown) => {
      const bytes = { ...files, [target]: mutate(files[target], ms) };
      const sources = {
        bed: source('m.bed', bytes.bed, chunk, sizeKnown),
        bim: source('m.bim', bytes.bim, chunk),
        fam: source('m.fam', bytes.fam, chunk),
      };
      await onlyParseErrors(() => readPlink(sources), checkGenotypes);
    }), settings(2000, 3));
  });

  it('readPhenotypeTable on mutated CSV, TSV and PLINK pheno files', async () => {
    const encode = (text: string) => new TextEncoder().encode(text);
    const files = [
      encode('sample_id,age,diagnosis\nS1,40,ALS\nS2,51,control\nS3,38,NA\n"S,4",60,"ALS"\n'),
      encode('IID\tstatus\nS1\t1\nS2\t2\nS3\t-9\n'),
      fixtureBytes('small.pheno.txt'),
    ];
    await fc.assert(fc.asyncProperty(mutations, chunkBytes, fc.nat(2), async (ms, chunk, which) => {
      await onlyParseErrors(() => readPhenotypeTable(source('m.csv', mutate(files[which], ms), chunk)), (table) => {
        expect(table.labels.length).toBe(table.sampleIds.length);
        for (const label of table.labels) expect(label >= -1 && label < table.classNames.length).toBe(true);
      });
    }), settings(1500, 4));
  });

  it('readGeneMap on mutated BED, GTF and GFF3', async () => {
    const encode = (text: string) => new TextEncoder().encode(text);
    const files: [string, Uint8Array][] = [
      ['m.bed', encode('track name=x\nchr1\t100\t200\tA\nchr2\t5\t9\tB\n')],
      ['m.gtf', encode('1\tx\tgene\t10\t20\t.\t+\t.\tgene_id "G1"; gene_name "A";\n1\tx\texon\t10\t20\t.\t+\t.\tgene_id "G1";\n')],
      ['m.gff3', encode('##gff-version 3\nchr1\t.\tgene\t10\t20\t.\t+\t.\tID=g1;Name=A%3B\n##FASTA\n>x\nAC\n')],
    ];
    await fc.assert(fc.asyncProperty(mutations, chunkBytes, fc.nat(2), async (ms, chunk, which) => {
      const [name, bytes] = files[which];
      await onlyParseErrors(() => readGeneMap(source(name, mutate(bytes, ms), chunk)), (genes) => {
        for (const g of genes) expect(g.start >= 0 && g.end >= g.start && g.name !== '').toBe(true);
      });
    }), settings(1500, 5));
  });

  it('every reader on random bytes', async () => {
    const noise = fc.uint8Array({ maxLength: 200 });
    await fc.assert(fc.asyncProperty(noise, chunkBytes, async (bytes, chunk) => {
      const gz = Uint8Array.of(0x1f, 0x8b, ...bytes);
      await onlyParseErrors(() => readVcf(source('r.vcf', bytes, chunk)));
      await onlyParseErrors(() => readVcf(source('r.vcf.gz', gz, chunk)));
      await onlyParseErrors(() => readPhenotypeTable(source('r.csv', bytes, chunk)));
      await onlyParseErrors(() => readGeneMap(source('r.bed', bytes, chunk)));
      await onlyParseErrors(() => readPlink({ bed: source('r.bed', bytes, chunk), bim: source('r.bim', bytes, chunk), fam: source('r.fam', bytes, chunk) }));
    }), settings(1000, 6));
  });
});
