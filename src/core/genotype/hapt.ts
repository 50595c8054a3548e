// Yelmen et al.'s haplotype files (Artificial_Genomes, PLOS Genetics 2021): a `.hapt` holds one
// haplotype a row, space separated: a group tag, an id, then one 0/1 per SNP; the two haplotypes
// of one person are consecutive rows (ids `X_A`, `X_B`; ids without the suffix, as artificial
// genomes are written, `AG0`, `AG1`, …, are paired in file order). Its `.legend` (IMPUTE2 convention,
// header `id position a0 a1`) names the SNPs in column order. Pairs of rows become diploid ALT
// dosages with ALT = a1 and REF = a0; which allele a 1 denotes is a setting (IMPUTE2: a1; the
// released README says "0 minor, 1 major", which syntheticImport.ts resolves with the cohort's
// frequencies), recorded with the import. The rows are haplotypes, so the pairs keep their phase
// (phase.ts: which row of a het pair carries ALT) for haplotype-level statistics.
import { type ByteSource, type ReadOptions, readChunks } from './byteSource';
import { normalizeChrom } from './chrom';
import type { GenotypeTable } from './genotypeTable';
import { VariantColumns } from './genotypeTable';
import { maybeGunzip } from './gzip';
import { decodeText, fileError, forEachLine, formatCount, lineError, parseInteger, quote, splitWhitespace } from './lines';
import { PackedDosages } from './packedDosages';
import { HetPhase } from './phase';
import { SyntheticImportError } from './syntheticImportError';
import type { VariantTable } from './types';

/** Which legend allele a `1` in the .hapt stands for. */
export const haptOneAlleles = {
  /** IMPUTE2 hap/legend convention: 0 = a0, 1 = a1 (default). */
  a1: 'a1',
  /** The reverse: 1 = a0. */
  a0: 'a0',
  /**
   * 1 = the major allele of the loaded cohort's training split (the released files' README: "0 and
   * 1 tags for minor and major allele"). Read here as a1; the import orients each SNP.
   */
  major: 'major',
} as const;
export type HaptOneAllele = (typeof haptOneAlleles)[keyof typeof haptOneAlleles];

export interface HaptReadOptions extends ReadOptions {
  /** Default 'a1'. */
  one?: HaptOneAllele;
  /** Chromosome of every SNP when the legend has no chrom column and its ids are not `CHR:POS…`. */
  chromosome?: string;
}

/** Reads the legend: columns found by name in the header (id, position, a0, a1; chrom/chr optional). */
export async function readLegend(source: ByteSource, options: HaptReadOptions = {}): Promise<VariantTable> {
  const columns = new VariantColumns();
  let at: Record<'id' | 'position' | 'a0' | 'a1' | 'chrom', number> | undefined;
  await forEachLine(maybeGunzip(readChunks(source, options), source.name), (line, lineNumber, byteOffset) => {
    const fields = splitWhitespace(decodeText(line));
    if (fields.length === 0) return;
    const fail = (what: string) => lineError(source.name, lineNumber, byteOffset, what);
    if (!at) {
      const lower = fields.map((f) => f.toLowerCase());
      const find = (...names: string[]) => lower.findIndex((f) => names.includes(f));
      at = { id: find('id', 'rsid', 'snp'), position: find('position', 'pos'), a0: find('a0'), a1: find('a1'), chrom: find('chrom', 'chr', 'chromosome') };
      const absent = (['id', 'position', 'a0', 'a1'] as const).filter((k) => at![k] < 0);
      if (absent.length > 0) throw fail(`expected a header naming the columns id position a0 a1, found ${quote(fields.join(' '))} (no ${absent.join(', ')})`);
      return;
    }
    const need = Math.max(at.id, at.position, at.a0, at.a1, at.chrom) + 1;
    if (fields.length < need) throw fail(`expected at least ${need} space-separated fields, found ${fields.length}`);
    const pos = parseInteger(fields[at.position]);
    if (pos === undefined || pos < 0) throw fail(`position ${quote(fields[at.position])} is not a non-negative integer`);
    const id = fields[at.id];
    const chrom = at.chrom >= 0 ? fields[at.chrom] : chromOfId(id) ?? options.chromosome;
    if (chrom === undefined) {
      throw fail(`SNP ${quote(id)} has no chromosome: the legend has no chrom column and its ids are not CHR:POS…; give the chromosome (gdw: --legend-chrom)`);
    }
    columns.push(normalizeChrom(chrom), pos, id, fields[at.a0], fields[at.a1]);
  });
  if (!at) throw fileError(source.name, 'the legend is empty; expected a header `id position a0 a1` and one row per SNP');
  return columns.finish();
}

/** '15:2000_A_G' or 'chr15:2000' → '15'; an rsID → undefined. */
function chromOfId(id: string): string | undefined {
  const match = /^(?:chr)?([0-9XYMT]+):\d+/i.exec(id);
  return match ? match[1] : undefined;
}

const suffixA = /_A$/;
const suffixB = /_B$/;

/** Reads a .hapt and its legend into diploid ALT dosages (ALT = a1), pairing consecutive rows. */
export async function readHapt(hapt: ByteSource, legend: ByteSource, options: HaptReadOptions = {}): Promise<GenotypeTable> {
  const variants = await readLegend(legend, options);
  const snps = variants.pos.length;
  const flip = (options.one ?? 'a1') === 'a0';
  const sampleIds: string[] = [];
  const people: Int8Array[] = [];
  /** Per person, 1 where a het SNP has ALT on its second row. */
  const altSecond: Uint8Array[] = [];
  let first: { id: string; calls: Int8Array; lineNumber: number } | null = null;
  await forEachLine(maybeGunzip(readChunks(hapt, options), hapt.name), (line, lineNumber, byteOffset) => {
    const fields = splitWhitespace(decodeText(line));
    if (fields.length === 0) return;
    const fail = (what: string) => lineError(hapt.name, lineNumber, byteOffset, what);
    if (fields.length !== snps + 2) {
      throw fail(`expected a group tag, an id and ${formatCount(snps)} alleles (one per SNP of ${legend.name}), found ${formatCount(fields.length)} fields`);
    }
    const calls = new Int8Array(snps);
    for (let j = 0; j < snps; j++) {
      const f = fields[j + 2];
      if (f !== '0' && f !== '1') throw fail(`allele ${quote(f)} of SNP ${j + 1} (${variants.id[j]}) is not 0 or 1`);
      calls[j] = f === '1' ? 1 : 0;
    }
    const id = fields[1];
    if (!first) {
      first = { id, calls, lineNumber };
      return;
    }
    if (suffixA.test(first.id) !== suffixB.test(id) || (suffixA.test(first.id) && first.id.slice(0, -2) !== id.slice(0, -2))) {
      throw fail(`haplotype ${quote(id)} does not pair with ${quote(first.id)} (line ${formatCount(first.lineNumber)}): expected X_A then X_B rows of one person`);
    }
    const dosage = new Int8Array(snps);
    const second = new Uint8Array(snps);
    for (let j = 0; j < snps; j++) {
      const ones = first.calls[j] + calls[j];
      dosage[j] = flip ? 2 - ones : ones;
      // ALT is a1: the row whose allele reads as a1 after the flip.
      second[j] = ones === 1 && calls[j] === (flip ? 0 : 1) ? 1 : 0;
    }
    altSecond.push(second);
    sampleIds.push(suffixA.test(first.id) ? first.id.slice(0, -2) : `${first.id}+${id}`);
    people.push(dosage);
    first = null;
  });
  const unpaired = first as { id: string; lineNumber: number } | null;
  if (unpaired) {
    throw new SyntheticImportError('odd-haplotypes', `${hapt.name}: ${formatCount(2 * people.length + 1)} haplotype rows, an odd number: the last `
      + `(${quote(unpaired.id)}, line ${formatCount(unpaired.lineNumber)}) has no partner to make a diploid genotype`, hapt.name, unpaired.lineNumber);
  }
  if (people.length === 0) throw fileError(hapt.name, 'no haplotype rows; expected a group tag, an id and 0/1 per SNP on each row');
  const dosages = PackedDosages.create(people.length, snps);
  const phase = new HetPhase(people.length, snps);
  const row = new Int8Array(people.length);
  for (let j = 0; j < snps; j++) {
    for (let i = 0; i < people.length; i++) {
      row[i] = people[i][j];
      if (altSecond[i][j]) phase.set(j, i, true);
    }
    dosages.encodeRow(j, row);
  }
  return { file: hapt.name, sampleIds, variants, dosages, phase, multiallelicSkipped: 0, multiallelicSplit: 0 };
}
