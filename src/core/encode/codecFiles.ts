// The codec as files (bundle part 2 of 2; bundle.ts adds the data): numeric arrays as .npy,
// the SNP table as variants.tsv, the rest as plain JSON for layout.json. codecSha256 hashes
// exactly these, so a backbone's `gdw.codec_sha256` names the encoding it was trained on,
// whatever samples were encoded with it.

import { ParseError } from '../errors';
import type { VariantTable } from '../genotype/types';
import type { CodecGene, CodecSettings, GeneCodec } from './codec';
import { readNpy, writeNpy, type NpyDtype, type NpyHeader, type NpyNumbers } from './npy';

export const codecFileNames = {
  means: 'codec_means.npy',
  impute: 'codec_impute.npy',
  loadings: 'codec_loadings.npy',
  snps: 'codec_snps.npy',
  slotMean: 'slot_mean.npy',
  slotStd: 'slot_std.npy',
  variants: 'variants.tsv',
} as const;

export type BundleFiles = Record<string, Uint8Array>;

/** A gene as layout.json lists it. */
export interface LayoutGene {
  name: string;
  chrom: string;
  start: number;
  end: number;
  snpCount: number;
  components: number;
  requestedComponents: number;
  explainedVariance: number[];
  totalVariance: number;
}

/** The codec's part of layout.json; everything here enters codecSha256. */
export interface CodecLayout {
  settings: CodecSettings;
  geneSlots: number;
  componentsPerGene: number;
  realGenes: number;
  genes: LayoutGene[];
  /** [G][C]: 1 real component, 0 padding. */
  mask: number[][];
  codec: {
    files: typeof codecFileNames;
    variantCount: number;
    trainSampleCount: number;
    /** Gene g's SNPs are codec_snps[snpOffsets[g] … snpOffsets[g+1]) (rows of variants.tsv). */
    snpOffsets: number[];
    /** Gene g's row-major [snps × components] loadings start at loadingOffsets[g]; last = total. */
    loadingOffsets: number[];
  };
}

const VARIANTS_HEADER = '#chrom\tpos\tid\tref\talt\tsource_row';

function offsets(counts: number[]): number[] {
  const out = [0];
  for (const c of counts) out.push(out[out.length - 1] + c);
  return out;
}

function variantsTsv(codec: GeneCodec): Uint8Array {
  const v = codec.variants;
  const lines = [VARIANTS_HEADER];
  for (let i = 0; i < v.pos.length; i++) lines.push(`${v.chrom[i]}\t${v.pos[i]}\t${v.id[i]}\t${v.ref[i]}\t${v.alt[i]}\t${codec.sourceRows[i]}`);
  return new TextEncoder().encode(lines.join('\n') + '\n');
}

export function codecToFiles(codec: GeneCodec): { layout: CodecLayout; files: BundleFiles } {
  const { geneSlots: slots, componentsPerGene: c } = codec.settings;
  const genes: LayoutGene[] = codec.genes.map((g) => ({
    name: g.name, chrom: g.chrom, start: g.start, end: g.end, snpCount: g.snps.length, components: g.components,
    requestedComponents: g.requestedComponents, explainedVariance: Array.from(g.explainedVariance), totalVariance: g.totalVariance,
  }));
  const mask = Array.from({ length: slots }, (_, g) => Array.from(codec.mask.subarray(g * c, (g + 1) * c)));
  const layout: CodecLayout = {
    settings: { ...codec.settings }, geneSlots: slots, componentsPerGene: c, realGenes: genes.length, genes, mask,
    codec: {
      files: codecFileNames, variantCount: codec.variants.pos.length, trainSampleCount: codec.trainSampleCount,
      snpOffsets: offsets(codec.genes.map((g) => g.snps.length)),
      loadingOffsets: [...codec.genes.map((g) => g.loadingOffset), codec.loadings.length],
    },
  };
  const snps = new Int32Array(layout.codec.snpOffsets[genes.length]);
  codec.genes.forEach((g, i) => snps.set(g.snps, layout.codec.snpOffsets[i]));
  const files: BundleFiles = {
    [codecFileNames.means]: writeNpy(codec.means),
    [codecFileNames.impute]: writeNpy(codec.impute),
    [codecFileNames.loadings]: writeNpy(codec.loadings),
    [codecFileNames.snps]: writeNpy(snps),
    [codecFileNames.slotMean]: writeNpy(codec.slotMean, [slots, c]),
    [codecFileNames.slotStd]: writeNpy(codec.slotStd, [slots, c]),
    [codecFileNames.variants]: variantsTsv(codec),
  };
  return { layout, files };
}

/** JSON with object keys sorted at every level, so the hash ignores key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

/** SHA-256 (Web Crypto) over the codec layout and files, each part framed by name and length. */
export async function codecSha256(layout: CodecLayout, files: BundleFiles): Promise<string> {
  const parts: [string, Uint8Array][] = [['layout', new TextEncoder().encode(canonicalJson(pickCodecLayout(layout)))]];
  for (const name of Object.values(codecFileNames)) parts.push([name, requireFile(files, name)]);
  const total = parts.reduce((sum, [name, bytes]) => sum + name.length + 9 + bytes.length, 0);
  const buffer = new Uint8Array(total);
  const view = new DataView(buffer.buffer);
  let at = 0;
  for (const [name, bytes] of parts) {
    buffer.set(new TextEncoder().encode(name), at);
    at += name.length + 1; // the name (ASCII) and a 0 byte
    view.setBigUint64(at, BigInt(bytes.length), true);
    buffer.set(bytes, at + 8);
    at += 8 + bytes.length;
  }
  const digest = await crypto.subtle.digest('SHA-256', buffer);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Only the codec fields of a (possibly larger) layout object. */
export function pickCodecLayout(layout: CodecLayout): CodecLayout {
  const { settings, geneSlots, componentsPerGene, realGenes, genes, mask, codec } = layout;
  return { settings, geneSlots, componentsPerGene, realGenes, genes, mask, codec };
}

/** The error for a bundle that lacks file `name`. */
export const missingFileError = (name: string): ParseError => new ParseError(`the bundle has no ${name}`, { file: name });

export function requireFile(files: BundleFiles, name: string): Uint8Array {
  const bytes = files[name];
  if (!bytes) throw missingFileError(name);
  return bytes;
}

/** Reads a .npy of the bundle, checking its dtype and shape (a number: a 1-D length). */
export function readBundleNpy(files: BundleFiles, name: string, dtypes: NpyDtype[], shape: number | number[]): NpyNumbers {
  const array = readNpy(requireFile(files, name), name);
  checkBundleNpyHeader(name, array, dtypes, shape);
  return array.data;
}

/** A .npy's dtype and shape against what layout.json says: the same errors for a file read whole and a header streamed. */
export function checkBundleNpyHeader(name: string, header: Pick<NpyHeader, 'dtype' | 'shape'>, dtypes: NpyDtype[], shape: number | number[]): void {
  const expected = typeof shape === 'number' ? [shape] : shape;
  if (!dtypes.includes(header.dtype)) throw new ParseError(`${name}: expected dtype ${dtypes.join(' or ')}, found ${header.dtype}`, { file: name });
  if (header.shape.length !== expected.length || header.shape.some((d, i) => d !== expected[i])) {
    throw new ParseError(`${name}: expected shape [${expected.join(', ')}] (layout.json), found [${header.shape.join(', ')}]`, { file: name });
  }
}

function parseVariants(bytes: Uint8Array, count: number): { variants: VariantTable; sourceRows: Int32Array } {
  const file = codecFileNames.variants;
  const lines = new TextDecoder().decode(bytes).split('\n').filter((line) => line.length > 0);
  if (lines[0] !== VARIANTS_HEADER) throw new ParseError(`${file}, line 1: expected the header ${JSON.stringify(VARIANTS_HEADER)}`, { file, line: 1 });
  if (lines.length - 1 !== count) throw new ParseError(`${file}: expected ${count} variants (layout.json), found ${lines.length - 1}`, { file });
  const variants: VariantTable = { chrom: [], pos: new Float64Array(count), id: [], ref: [], alt: [] };
  const sourceRows = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const fields = lines[i + 1].split('\t');
    const pos = Number(fields[1]);
    const row = Number(fields[5]);
    if (fields.length !== 6 || !Number.isInteger(pos) || !Number.isInteger(row)) {
      throw new ParseError(`${file}, line ${i + 2}: expected 6 tab-separated fields with a whole-number pos and source_row`, { file, line: i + 2 });
    }
    variants.chrom.push(fields[0]); variants.pos[i] = pos; variants.id.push(fields[2]);
    variants.ref.push(fields[3]); variants.alt.push(fields[4]); sourceRows[i] = row;
  }
  return { variants, sourceRows };
}

/** Rebuilds a GeneCodec from its layout and files, checking every size against the layout. */
export function codecFromFiles(layout: CodecLayout, files: BundleFiles): GeneCodec {
  const { geneSlots: slots, componentsPerGene: c, codec: meta } = layout;
  const v = meta.variantCount;
  const { snpOffsets, loadingOffsets } = meta;
  const realGenes = layout.genes.length;
  if (layout.settings.geneSlots !== slots || layout.settings.componentsPerGene !== c) {
    const said = `[${layout.settings.geneSlots}, ${layout.settings.componentsPerGene}]`;
    throw new ParseError(`layout.json: settings say ${said} slots, the layout [${slots}, ${c}]`, { file: 'layout.json' });
  }
  if (snpOffsets.length !== realGenes + 1 || loadingOffsets.length !== realGenes + 1 || realGenes > slots) {
    throw new ParseError(`layout.json: ${realGenes} genes need ${realGenes + 1} SNP and loading offsets and ≤ ${slots} gene slots`, { file: 'layout.json' });
  }
  const snps = readBundleNpy(files, codecFileNames.snps, ['<i4'], snpOffsets[realGenes]) as Int32Array;
  const loadings = readBundleNpy(files, codecFileNames.loadings, ['<f8'], loadingOffsets[realGenes]) as Float64Array;
  const genes = layout.genes.map((g, i): CodecGene => {
    const geneSnps = snps.slice(snpOffsets[i], snpOffsets[i + 1]);
    if (geneSnps.length !== g.snpCount || loadingOffsets[i + 1] - loadingOffsets[i] !== g.snpCount * g.components
      || g.components > c || geneSnps.some((s) => s < 0 || s >= v)) {
      throw new ParseError(`layout.json: gene ${i} (${g.name}) does not match its SNP list or loadings`, { file: 'layout.json' });
    }
    return {
      name: g.name, chrom: g.chrom, start: g.start, end: g.end, snps: geneSnps, components: g.components,
      requestedComponents: g.requestedComponents, explainedVariance: Float64Array.from(g.explainedVariance),
      totalVariance: g.totalVariance, loadingOffset: loadingOffsets[i],
    };
  });
  const mask = new Uint8Array(slots * c);
  genes.forEach((g, i) => mask.fill(1, i * c, i * c + g.components));
  if (layout.mask.length !== slots || layout.mask.some((row, g) => row.length !== c || row.some((x, j) => x !== mask[g * c + j]))) {
    throw new ParseError(`layout.json: the mask must be [${slots}][${c}] and match the genes' components`, { file: 'layout.json' });
  }
  return {
    settings: { ...layout.settings }, genes, ...parseVariants(requireFile(files, codecFileNames.variants), v),
    means: readBundleNpy(files, codecFileNames.means, ['<f8'], v) as Float64Array,
    impute: readBundleNpy(files, codecFileNames.impute, ['<f8'], v) as Float64Array,
    loadings,
    slotMean: readBundleNpy(files, codecFileNames.slotMean, ['<f8'], [slots, c]) as Float64Array,
    slotStd: readBundleNpy(files, codecFileNames.slotStd, ['<f8'], [slots, c]) as Float64Array,
    mask, trainSampleCount: meta.trainSampleCount,
  };
}
