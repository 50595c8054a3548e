// Which role each file of a drop plays in a cohort (VCF, the PLINK .bed/.bim/.fam trio, labels,
// gene map, or a dataset bundle zip that loads alone), sniffed from its first bytes before its
// name, and what is missing. A PLINK .bed and a gene-map BED share an extension: the PLINK magic
// bytes 6c 1b tell them apart.
import { Gunzip } from 'fflate';
import { GdwError, InvalidRequestError, errorCodes } from '../core/errors';

/** What a file is used as. */
export const fileRoles = {
  /** Genotypes as VCF 4.x, plain or gzip/bgzip. */
  vcf: 'vcf',
  /** PLINK 1 binary genotypes (SNP-major .bed). */
  plinkBed: 'plink-bed',
  /** PLINK variant table. */
  plinkBim: 'plink-bim',
  /** PLINK sample table (labels in column 6). */
  plinkFam: 'plink-fam',
  /** Sample id and label columns, CSV or TSV. */
  phenotype: 'phenotype',
  /** Gene intervals: BED, GTF or GFF3. */
  geneMap: 'gene-map',
  /** A dataset bundle zip (exported by the app or a zipped `gdw encode` folder): loads alone. */
  bundle: 'bundle',
  /** Nothing the workbench reads. */
  unknown: 'unknown',
} as const;
export type FileRole = (typeof fileRoles)[keyof typeof fileRoles];

export interface IdentifiedFile {
  name: string;
  sizeBytes: number;
  role: FileRole;
  /** How the role was found, in words: "PLINK magic bytes 6c 1b", ".tsv extension", … */
  reason: string;
}

/** A part the cohort lacks; `required` parts stop the load, the others only limit what follows. */
export interface MissingPart {
  what: string;
  required: boolean;
}

export interface CohortFilePlan {
  files: IdentifiedFile[];
  missing: MissingPart[];
  /** Why these files cannot form one cohort (two VCFs, an unknown file …); empty when they can. */
  problems: string[];
}

/** A required file of the cohort is missing: nothing is read and nothing loaded is replaced. */
export class MissingFileError extends GdwError {
  constructor(message: string) {
    super(errorCodes.invalidRequest, message);
    this.name = 'MissingFileError';
  }
}

/** Bytes read from the start of each file to sniff it. */
export const SNIFF_BYTES = 1 << 16;

const plinkMagic = [0x6c, 0x1b] as const;
/** A zip's first local file header, "PK\x03\x04". */
const zipMagic = [0x50, 0x4b, 0x03, 0x04] as const;
const lowerName = (name: string): string => name.toLowerCase().replace(/\.(gz|bgz)$/, '');
const stem = (name: string): string => name.replace(/\.(bed|bim|fam)$/i, '');

/** The start of a gzip file inflated as far as its first bytes go; empty when it cannot be. */
function inflateHead(head: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [];
  try {
    const gunzip = new Gunzip((chunk) => parts.push(chunk));
    gunzip.push(head, false);
  } catch {
    return new Uint8Array(0);
  }
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
  return out;
}

function firstDataLine(text: string): string {
  return text.split(/\r?\n/).find((line) => line.trim() !== '' && !line.startsWith('#') && !/^(track|browser)\b/.test(line)) ?? '';
}

const isInteger = (text: string | undefined): boolean => text !== undefined && /^\d+$/.test(text);

function roleFromContent(text: string): Pick<IdentifiedFile, 'role' | 'reason'> | null {
  if (text.startsWith('##fileformat=VCF')) return { role: fileRoles.vcf, reason: 'VCF header' };
  if (text.startsWith('##gff-version')) return { role: fileRoles.geneMap, reason: 'GFF header' };
  const fields = firstDataLine(text).split('\t');
  if (fields.length === 9 && isInteger(fields[3]) && isInteger(fields[4])) return { role: fileRoles.geneMap, reason: 'GTF/GFF gene lines' };
  const words = firstDataLine(text).trim().split(/[ \t]+/);
  if (words.length >= 3 && isInteger(words[1]) && isInteger(words[2])) return { role: fileRoles.geneMap, reason: 'BED interval lines' };
  return null;
}

function roleFromName(name: string): Pick<IdentifiedFile, 'role' | 'reason'> | null {
  const bare = lowerName(name);
  const ext = (suffix: string, role: FileRole) => (bare.endsWith(suffix) ? { role, reason: `${suffix} extension` } : null);
  return ext('.zip', fileRoles.bundle) ?? ext('.vcf', fileRoles.vcf) ?? ext('.bim', fileRoles.plinkBim) ?? ext('.fam', fileRoles.plinkFam)
    ?? ext('.bed', fileRoles.geneMap) ?? ext('.gtf', fileRoles.geneMap) ?? ext('.gff3', fileRoles.geneMap) ?? ext('.gff', fileRoles.geneMap)
    ?? ext('.tsv', fileRoles.phenotype) ?? ext('.csv', fileRoles.phenotype)
    ?? ext('.pheno', fileRoles.phenotype) ?? ext('.phe', fileRoles.phenotype);
}

/** Last resort for .txt and nameless tables: two or more delimited columns read as labels. */
function roleAsTable(text: string): Pick<IdentifiedFile, 'role' | 'reason'> | null {
  const first = text.split(/\r?\n/)[0] ?? '';
  return first.split(/[\t,;]/).length >= 2 ? { role: fileRoles.phenotype, reason: 'a table with 2+ columns' } : null;
}

/** One file's role from its name and first bytes (at most SNIFF_BYTES of them). */
export function identifyFile(name: string, sizeBytes: number, head: Uint8Array): IdentifiedFile {
  if (head[0] === plinkMagic[0] && head[1] === plinkMagic[1]) {
    return { name, sizeBytes, role: fileRoles.plinkBed, reason: 'PLINK magic bytes 6c 1b' };
  }
  if (zipMagic.every((byte, i) => head[i] === byte)) {
    return { name, sizeBytes, role: fileRoles.bundle, reason: 'zip magic bytes 50 4b 03 04' };
  }
  const gzip = head[0] === 0x1f && head[1] === 0x8b;
  const text = new TextDecoder().decode((gzip ? inflateHead(head) : head).subarray(0, 4096)).replace(/^\uFEFF/, '');
  const byContent = text.startsWith('##') ? roleFromContent(text) : null;
  const found = byContent ?? roleFromName(name) ?? roleFromContent(text) ?? roleAsTable(text);
  if (!found) return { name, sizeBytes, role: fileRoles.unknown, reason: 'not a VCF, PLINK, label, gene-map or bundle file' };
  const isBedText = found.role === fileRoles.geneMap && lowerName(name).endsWith('.bed') && !gzip;
  return { name, sizeBytes, ...found, reason: isBedText ? 'BED text (no PLINK magic bytes)' : found.reason };
}

const genotypeRoles = new Set<FileRole>([fileRoles.vcf, fileRoles.plinkBed, fileRoles.plinkBim, fileRoles.plinkFam]);
const names = (files: IdentifiedFile[]): string => files.map((f) => f.name).join(', ');

/** A bundle carries its own labels, split and gene layout, so it loads alone: nothing is missing. */
function planBundle(files: IdentifiedFile[]): CohortFilePlan {
  const bundles = files.filter((f) => f.role === fileRoles.bundle);
  const genotypes = files.filter((f) => genotypeRoles.has(f.role));
  const extras = files.filter((f) => f.role === fileRoles.phenotype || f.role === fileRoles.geneMap);
  const problems: string[] = [];
  if (bundles.length > 1) problems.push(`${names(bundles)}: one dataset bundle at a time`);
  if (genotypes.length > 0) {
    problems.push(`${bundles[0].name} is an encoded dataset bundle and ${names(genotypes)} ${genotypes.length === 1 ? 'is' : 'are'} `
      + 'genotypes: load the bundle alone, or the genotype files without it');
  }
  if (extras.length > 0) problems.push(`${names(extras)}: a dataset bundle carries its own labels and genes; load ${bundles[0].name} alone`);
  for (const f of files.filter((g) => g.role === fileRoles.unknown)) problems.push(`${f.name}: ${f.reason}; load ${bundles[0].name} alone`);
  return { files, missing: [], problems };
}

/** Roles of a whole drop: a BED text that shares its stem with a .bim or .fam is a broken PLINK .bed. */
export function planCohortFiles(files: IdentifiedFile[]): CohortFilePlan {
  if (files.some((f) => f.role === fileRoles.bundle)) return planBundle(files);
  const plinkStems = new Set(files.filter((f) => f.role === fileRoles.plinkBim || f.role === fileRoles.plinkFam).map((f) => stem(f.name)));
  const fixed = files.map((f) => (f.role === fileRoles.geneMap && /\.bed$/i.test(f.name) && plinkStems.has(stem(f.name))
    ? { ...f, role: fileRoles.plinkBed, reason: `shares its name with ${stem(f.name)}.bim/.fam (but lacks the PLINK magic bytes)` }
    : f));
  const named = (role: FileRole) => fixed.filter((f) => f.role === role);
  const [vcf, bed, bim, fam] = [named(fileRoles.vcf), named(fileRoles.plinkBed), named(fileRoles.plinkBim), named(fileRoles.plinkFam)];
  const problems: string[] = [];
  const missing: MissingPart[] = [];
  for (const f of named(fileRoles.unknown)) problems.push(`${f.name}: ${f.reason}; expected .vcf(.gz), .bed/.bim/.fam, a CSV/TSV of labels, a BED/GTF/GFF gene map or a dataset bundle .zip`);
  const plink = bed.length + bim.length + fam.length > 0;
  if (vcf.length > 1 || bed.length > 1 || bim.length > 1 || fam.length > 1) problems.push('one cohort at a time: drop one VCF or one .bed/.bim/.fam fileset');
  else if (vcf.length === 1 && plink) problems.push(`${vcf[0].name} and the PLINK files are two genotype sources: drop one of them`);
  if (plink) {
    const anchor = (bed[0] ?? bim[0] ?? fam[0]).name;
    if (bed.length === 0) missing.push({ what: `${stem(anchor)}.bed (PLINK genotypes)`, required: true });
    if (bim.length === 0) missing.push({ what: `${stem(anchor)}.bim (PLINK variants)`, required: true });
    if (fam.length === 0) missing.push({ what: `${stem(anchor)}.fam (PLINK samples)`, required: true });
  } else if (vcf.length === 0) {
    missing.push({ what: 'genotypes: a .vcf(.gz) or a .bed + .bim + .fam fileset', required: true });
  }
  if (named(fileRoles.phenotype).length > 1) problems.push(`${named(fileRoles.phenotype).map((f) => f.name).join(' and ')}: one label file at a time`);
  if (named(fileRoles.geneMap).length > 1) problems.push(`${named(fileRoles.geneMap).map((f) => f.name).join(' and ')}: one gene map at a time`);
  if (named(fileRoles.geneMap).length === 0) missing.push({ what: 'a gene map (BED/GTF/GFF), needed to encode per gene', required: false });
  if (named(fileRoles.phenotype).length === 0 && fam.length === 0) missing.push({ what: 'labels (CSV/TSV), so samples stay unlabelled', required: false });
  return { files: fixed, missing, problems };
}

/** Throws the first reason the plan cannot be loaded, naming the files concerned. */
export function requireLoadablePlan(plan: CohortFilePlan): void {
  if (plan.problems.length > 0) throw new InvalidRequestError(plan.problems.join('; '));
  const required = plan.missing.filter((m) => m.required);
  if (required.length === 0) return;
  const present = plan.files.filter((f) => f.role !== fileRoles.unknown).map((f) => f.name);
  const what = required.map((m) => m.what).join(' and ');
  const given = present.length > 0 ? `${present.join(', ')} ${present.length === 1 ? 'needs' : 'need'} ` : 'no genotype file: add ';
  throw new MissingFileError(`${given}${what}; PLINK filesets load as .bed + .bim + .fam together. Nothing was read.`);
}
