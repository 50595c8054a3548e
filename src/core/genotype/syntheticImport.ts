// A synthetic cohort from another tool (issue 12): a VCF(.gz), PLINK bed/bim/fam or Yelmen's
// .hapt + .legend, read by the project's readers and matched to the loaded cohort's variants by
// chromosome, position and alleles. Swapped alleles (REF/ALT exchanged) are flipped to 2 − d;
// anything else is unmatched and left missing. The result lies over the cohort's variants, so
// the codec encodes it like the real cohort, and it carries its provenance (files, hashes, counts).
// A .hapt, or a VCF whose every call is phased, keeps its haplotypes (the het phase, phase.ts).
import { InvalidRequestError, type GdwError } from '../errors';
import { sha256Hex } from '../report/plan';
import type { ByteSource, ReadOptions } from './byteSource';
import { readChunks } from './byteSource';
import { normalizeChrom } from './chrom';
import type { GenotypeTable } from './genotypeTable';
import { readHapt, type HaptOneAllele } from './hapt';
import { formatCount } from './lines';
import { PackedDosages } from './packedDosages';
import { HetPhase, type PhaseStatus } from './phase';
import { readPlink, type PlinkSources } from './plink';
import { MISSING_DOSAGE, type Cohort, type VariantTable } from './types';
import { SyntheticImportError } from './syntheticImportError';
import { readVcf } from './vcf';

export { SyntheticImportError, type SyntheticMismatch } from './syntheticImportError';

export type SyntheticSources =
  | { format: 'vcf'; vcf: ByteSource }
  | { format: 'plink'; plink: PlinkSources }
  | { format: 'hapt'; hapt: ByteSource; legend: ByteSource; one?: HaptOneAllele; chromosome?: string };

export interface VariantMatch {
  /** Per target variant: the source row, or −1 when unmatched. */
  sourceRow: Int32Array;
  /** Per target variant: 1 where the source has REF and ALT swapped (dosage flipped to 2 − d). */
  flipped: Uint8Array;
  matched: number;
  flippedCount: number;
  /** Target variants with no source variant. */
  unmatchedTarget: number;
  /** Source variants that match no target variant. */
  unmatchedSource: number;
}

const siteKey = (t: VariantTable, v: number): string => `${normalizeChrom(t.chrom[v])}:${t.pos[v]}`;

/** Matches by chromosome (normalised), position and the allele pair, either way round. */
export function matchVariants(source: VariantTable, target: VariantTable): VariantMatch {
  const rowsAt = new Map<string, number[]>();
  source.pos.forEach((_, r) => {
    const key = siteKey(source, r);
    const list = rowsAt.get(key);
    if (list) list.push(r); else rowsAt.set(key, [r]);
  });
  const n = target.pos.length;
  const sourceRow = new Int32Array(n).fill(-1);
  const flipped = new Uint8Array(n);
  const used = new Uint8Array(source.pos.length);
  let flippedCount = 0;
  for (let v = 0; v < n; v++) {
    for (const r of rowsAt.get(siteKey(target, v)) ?? []) {
      const same = source.ref[r] === target.ref[v] && source.alt[r] === target.alt[v];
      const swapped = source.ref[r] === target.alt[v] && source.alt[r] === target.ref[v];
      if (!same && !swapped) continue;
      sourceRow[v] = r;
      used[r] = 1;
      if (!same) { flipped[v] = 1; flippedCount++; }
      break;
    }
  }
  const matched = sourceRow.reduce((s, r) => s + (r >= 0 ? 1 : 0), 0);
  return { sourceRow, flipped, matched, flippedCount, unmatchedTarget: n - matched, unmatchedSource: used.length - used.reduce((s, u) => s + u, 0) };
}

export interface SyntheticFile {
  name: string;
  sha256: string;
  bytes: number;
}

export interface SyntheticImport {
  name: string;
  format: SyntheticSources['format'];
  files: SyntheticFile[];
  /** The synthetic samples over the target's variants; missing where unmatched. */
  cohort: Cohort;
  match: Omit<VariantMatch, 'sourceRow' | 'flipped'> & { sourceVariants: number; targetVariants: number };
  /** For a .hapt: which legend allele a 1 denotes. */
  haptOne: HaptOneAllele | null;
  /** Whether the set keeps its haplotypes (`cohort.phase`), else why not. */
  phase: PhaseStatus;
}

/** SHA-256 of a source's bytes (held once in memory: imported cohorts are small beside the real one). */
async function fileOf(source: ByteSource): Promise<SyntheticFile> {
  const parts: Uint8Array[] = [];
  for await (const chunk of readChunks(source)) parts.push(chunk.slice());
  const bytes = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) { bytes.set(p, at); at += p.length; }
  return { name: source.name, sha256: await sha256Hex(bytes), bytes: bytes.length };
}

async function readSource(sources: SyntheticSources, options: ReadOptions): Promise<{ table: GenotypeTable; files: ByteSource[] }> {
  try {
    if (sources.format === 'vcf') return { table: await readVcf(sources.vcf, { ...options, diploidOnly: true }), files: [sources.vcf] };
    if (sources.format === 'plink') return { table: await readPlink(sources.plink, options), files: [sources.plink.bed, sources.plink.bim, sources.plink.fam] };
    const one = sources.one === 'major' ? 'a1' : sources.one;
    const table = await readHapt(sources.hapt, sources.legend, { ...options, ...(one ? { one } : {}), ...(sources.chromosome ? { chromosome: sources.chromosome } : {}) });
    return { table, files: [sources.hapt, sources.legend] };
  } catch (err) {
    // The VCF reader's ploidy errors (a ParseError with file and line) are this import's 'ploidy' mismatch.
    const { message, location } = err as GdwError;
    if (location?.file && /is haploid; expected diploid|more than two alleles/.test(message)) {
      throw new SyntheticImportError('ploidy', message, location.file, location.line);
    }
    throw err;
  }
}

export interface SyntheticImportOptions extends ReadOptions {
  /** ALT frequency of each target variant in the real training split: needed by a .hapt whose 1 is the major allele. */
  targetAltFrequency?: ArrayLike<number>;
}

/**
 * Per target variant, whether the source row is read as 2 − d: REF/ALT swapped, or, for a .hapt
 * coded minor/major, ALT the minor allele of the cohort (1 = the major one; a tie reads 1 as ALT).
 */
function flipsOf(sources: SyntheticSources, match: VariantMatch, target: VariantTable, options: SyntheticImportOptions): Uint8Array {
  if (sources.format !== 'hapt' || sources.one !== 'major') return match.flipped;
  const af = options.targetAltFrequency;
  if (!af || af.length !== target.pos.length) {
    throw new InvalidRequestError(`${sources.hapt.name}: a .hapt coded minor/major needs the cohort's ALT frequency of each of its ${target.pos.length} variants`);
  }
  return Uint8Array.from(match.sourceRow, (r, v) => (r >= 0 && af[v] < 0.5 ? 1 : 0));
}

/** Reads a synthetic cohort and lays it over `target`'s variants (the loaded cohort's or the codec's). */
export async function importSyntheticCohort(name: string, sources: SyntheticSources, target: VariantTable, options: SyntheticImportOptions = {}): Promise<SyntheticImport> {
  // 1. Read with the project's readers (a minor/major .hapt as a1 for now).
  const { table, files } = await readSource(sources, options);
  // 2. Match the variants; nothing in common is an error naming both sides.
  const match = matchVariants(table.variants, target);
  if (match.matched === 0) {
    const s = table.variants;
    const t = target;
    const example = (v: VariantTable, i: number) => (v.pos.length > i ? `${v.chrom[i]}:${v.pos[i]} ${v.ref[i]}>${v.alt[i]}` : 'none');
    throw new SyntheticImportError('no-common-variant', `${table.file}: none of its ${formatCount(s.pos.length)} variants is among the cohort's ${formatCount(t.pos.length)} `
      + `(matched by chromosome, position and alleles; e.g. ${example(s, 0)} in the file, ${example(t, 0)} in the cohort): check the genome build and the chromosome names`, table.file);
  }
  // 3. The dosages over the target's variants: copied, flipped, or missing.
  const flipped = flipsOf(sources, match, target, options);
  const samples = table.sampleIds.length;
  const dosages = PackedDosages.create(samples, target.pos.length);
  const sourcePhase = table.phase;
  const phase = sourcePhase ? new HetPhase(samples, target.pos.length) : undefined;
  const scratch = new Int8Array(samples);
  match.sourceRow.forEach((r, v) => {
    if (r < 0) return;
    const row = table.dosages.decodeRow(r, scratch);
    // A het call's ALT changes haplotype when REF and ALT are exchanged.
    if (phase && sourcePhase) for (let i = 0; i < samples; i++) if (row[i] === 1 && sourcePhase.altOnSecond(r, i) !== (flipped[v] === 1)) phase.set(v, i, true);
    if (flipped[v]) for (let i = 0; i < samples; i++) row[i] = row[i] === MISSING_DOSAGE ? MISSING_DOSAGE : 2 - row[i];
    dosages.encodeRow(v, row);
  });
  const { matched, unmatchedTarget, unmatchedSource } = match;
  const flippedCount = flipped.reduce((sum, f) => sum + f, 0);
  return {
    name, format: sources.format, files: await Promise.all(files.map(fileOf)),
    cohort: { sampleIds: table.sampleIds, variants: target, dosages, ...(phase ? { phase } : {}) },
    match: { matched, flippedCount, unmatchedTarget, unmatchedSource, sourceVariants: table.variants.pos.length, targetVariants: target.pos.length },
    haptOne: sources.format === 'hapt' ? sources.one ?? 'a1' : null,
    phase: phase ? { phased: true } : { phased: false, reason: table.unphasedReason ?? `${table.file} holds no phase` },
  };
}
