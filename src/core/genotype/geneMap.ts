// Gene maps: BED (0-based half-open, as GeneInterval) or GTF/GFF3 gene lines (1-based closed,
// converted to half-open: [start - 1, end)). Formats are named by extension or sniffed.
import { type ByteSource, type ReadOptions, readChunks } from './byteSource';
import { maybeGunzip } from './gzip';
import { decodeText, fileError, forEachLine, lineError, parseInteger, quote, splitWhitespace } from './lines';
import type { GeneInterval } from './types';

export type GeneMapFormat = 'bed' | 'gtf' | 'gff3';

export interface GeneMapReadOptions extends ReadOptions {
  /** Default: from the file name (.bed, .gtf, .gff, .gff3, optionally .gz), else sniffed. */
  format?: GeneMapFormat;
  /** GTF/GFF3 feature types read as genes. Default ['gene']. */
  featureTypes?: string[];
}

type Fail = (what: string) => Error;

/** Reads the genes of a BED, GTF or GFF3 file, in file order. */
export async function readGeneMap(source: ByteSource, options: GeneMapReadOptions = {}): Promise<GeneInterval[]> {
  const genes: GeneInterval[] = [];
  const featureTypes = new Set(options.featureTypes ?? ['gene']);
  let format = options.format ?? formatFromName(source.name);
  let fastaReached = false;
  await forEachLine(maybeGunzip(readChunks(source, options), source.name), (bytes, lineNumber, byteOffset) => {
    const line = decodeText(bytes).replace(/^\uFEFF/, '');
    if (fastaReached || isSkipped(line)) {
      if (line.startsWith('##gff-version')) format ??= 'gff3';
      fastaReached ||= line.startsWith('##FASTA');
      return;
    }
    format ??= sniffFormat(line);
    const fail: Fail = (what) => lineError(source.name, lineNumber, byteOffset, what);
    const gene = format === 'bed' ? parseBedLine(line, fail) : parseFeatureLine(line, format, featureTypes, fail);
    if (gene) genes.push(gene);
  });
  if (genes.length === 0) {
    const types = [...featureTypes].join(', ');
    throw fileError(source.name, `the file has no gene lines; expected BED lines or GTF/GFF3 lines of feature type ${types}`);
  }
  return genes;
}

function isSkipped(line: string): boolean {
  return line.trim() === '' || line.startsWith('#') || line.startsWith('track') || line.startsWith('browser');
}

function formatFromName(name: string): GeneMapFormat | undefined {
  const bare = name.toLowerCase().replace(/\.(gz|bgz)$/, '');
  if (bare.endsWith('.bed')) return 'bed';
  if (bare.endsWith('.gtf')) return 'gtf';
  if (bare.endsWith('.gff') || bare.endsWith('.gff3')) return 'gff3';
  return undefined;
}

/** Nine tab-separated columns mean GTF (key "value";) or GFF3 (key=value;); anything else BED. */
function sniffFormat(line: string): GeneMapFormat {
  const fields = line.split('\t');
  if (fields.length !== 9) return 'bed';
  return fields[8].includes('"') ? 'gtf' : 'gff3';
}

function parseBedLine(line: string, fail: Fail): GeneInterval {
  const fields = line.includes('\t') ? line.split('\t') : splitWhitespace(line);
  if (fields.length < 3) throw fail(`expected at least 3 BED columns (chrom, start, end), found ${fields.length}`);
  const [chrom, startText, endText] = fields;
  const start = parseInteger(startText);
  const end = parseInteger(endText);
  if (chrom === '') throw fail('the chromosome (column 1) is empty');
  if (start === undefined || start < 0) throw fail(`start ${quote(startText)} (column 2) is not a non-negative integer`);
  if (end === undefined || end < start) throw fail(`end ${quote(endText)} (column 3) is not an integer ≥ start (${start})`);
  const name = fields[3]?.trim() || `${chrom}:${start}-${end}`;
  return { chrom, start, end, name };
}

/** A GTF/GFF3 line; undefined when its feature type is not a gene type. */
function parseFeatureLine(line: string, format: 'gtf' | 'gff3', featureTypes: Set<string>, fail: Fail): GeneInterval | undefined {
  const fields = line.split('\t');
  if (fields.length !== 9) throw fail(`expected 9 tab-separated ${format.toUpperCase()} columns, found ${fields.length}`);
  if (!featureTypes.has(fields[2])) return undefined;
  const start = parseInteger(fields[3]);
  const end = parseInteger(fields[4]);
  if (start === undefined || start < 1) throw fail(`start ${quote(fields[3])} (column 4) is not a positive integer`);
  if (end === undefined || end < start) throw fail(`end ${quote(fields[4])} (column 5) is not an integer ≥ start (${start})`);
  const attributes = format === 'gtf' ? gtfAttributes(fields[8]) : gff3Attributes(fields[8]);
  const keys = format === 'gtf' ? ['gene_name', 'gene_id'] : ['Name', 'gene_name', 'ID', 'gene_id'];
  const name = keys.map((k) => attributes.get(k)).find((v) => v !== undefined && v !== '');
  if (name === undefined) throw fail(`the gene has none of the attributes ${keys.join(', ')} to name it`);
  return { chrom: fields[0], start: start - 1, end, name };
}

/** GTF attributes: key "value"; key "value"; (first occurrence wins). */
function gtfAttributes(text: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const part of text.split(';')) {
    const match = /^\s*(\S+)\s+"?([^"]*)"?\s*$/.exec(part);
    if (match && !map.has(match[1])) map.set(match[1], match[2]);
  }
  return map;
}

/** GFF3 attributes: key=value;key=value with %-escapes (a bad escape is kept as written). */
function gff3Attributes(text: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const part of text.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const key = part.slice(0, eq).trim();
    if (!map.has(key)) map.set(key, unescapeGff(part.slice(eq + 1).trim()));
  }
  return map;
}

function unescapeGff(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
