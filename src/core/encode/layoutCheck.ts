// The shape of layout.json, checked before a codec is rebuilt from it: JSON.parse gives any value,
// and a missing or mistyped field would otherwise surface as a TypeError deep in codecFromFiles
// (found by fuzzing the bundle reader). Sizes are checked here, allocations come later.
import { ParseError } from '../errors';

type JsonObject = Record<string, unknown>;

const describe = (value: unknown): string =>
  value === undefined ? 'nothing' : Array.isArray(value) ? 'an array' : value === null ? 'null' : `${typeof value} ${JSON.stringify(value)?.slice(0, 40)}`;

class LayoutChecker {
  constructor(private readonly file: string) {}

  fail(path: string, expected: string, found: unknown): never {
    this.mismatch(path, expected, describe(found));
  }

  mismatch(path: string, expected: string, foundText: string): never {
    throw new ParseError(`${this.file}: ${path}: expected ${expected}, found ${foundText}`, { file: this.file });
  }

  object(value: unknown, path: string): JsonObject {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) this.fail(path, 'an object', value);
    return value as JsonObject;
  }

  array(value: unknown, path: string): unknown[] {
    if (!Array.isArray(value)) this.fail(path, 'an array', value);
    return value;
  }

  number(value: unknown, path: string): number {
    if (typeof value !== 'number' || !Number.isFinite(value)) this.fail(path, 'a finite number', value);
    return value;
  }

  /** A whole number ≥ 0 that a typed array can index. */
  count(value: unknown, path: string): number {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) this.fail(path, 'a whole number ≥ 0', value);
    return value;
  }

  string(value: unknown, path: string): string {
    if (typeof value !== 'string') this.fail(path, 'a string', value);
    return value;
  }

  counts(value: unknown, path: string): void {
    this.array(value, path).forEach((v, i) => this.count(v, `${path}[${i}]`));
  }
}

function checkGene(c: LayoutChecker, value: unknown, path: string): void {
  const gene = c.object(value, path);
  c.string(gene.name, `${path}.name`);
  c.string(gene.chrom, `${path}.chrom`);
  c.number(gene.start, `${path}.start`);
  c.number(gene.end, `${path}.end`);
  for (const key of ['snpCount', 'components', 'requestedComponents']) c.count(gene[key], `${path}.${key}`);
  c.array(gene.explainedVariance, `${path}.explainedVariance`).forEach((v, i) => c.number(v, `${path}.explainedVariance[${i}]`));
  c.number(gene.totalVariance, `${path}.totalVariance`);
}

/** Throws a ParseError naming the first field of layout.json that the codec and bundle readers could not use. */
export function checkLayoutShape(value: unknown, file: string): void {
  const c = new LayoutChecker(file);
  const root = c.object(value, '$');
  c.count(root.sampleCount, 'sampleCount');
  const slots = c.count(root.geneSlots, 'geneSlots');
  const channels = c.count(root.componentsPerGene, 'componentsPerGene');
  const settings = c.object(root.settings, 'settings');
  c.count(settings.geneSlots, 'settings.geneSlots');
  c.count(settings.componentsPerGene, 'settings.componentsPerGene');
  c.array(root.genes, 'genes').forEach((g, i) => checkGene(c, g, `genes[${i}]`));
  const mask = c.array(root.mask, 'mask');
  if (mask.length !== slots) c.mismatch('mask', `${slots} rows (geneSlots)`, `${mask.length} rows`);
  mask.forEach((row, g) => {
    const values = c.array(row, `mask[${g}]`);
    if (values.length !== channels) c.mismatch(`mask[${g}]`, `${channels} values (componentsPerGene)`, `${values.length} values`);
  });
  const codec = c.object(root.codec, 'codec');
  c.count(codec.variantCount, 'codec.variantCount');
  c.count(codec.trainSampleCount, 'codec.trainSampleCount');
  c.counts(codec.snpOffsets, 'codec.snpOffsets');
  c.counts(codec.loadingOffsets, 'codec.loadingOffsets');
  const labels = c.object(root.labels, 'labels');
  c.array(labels.classNames, 'labels.classNames').forEach((name, i) => c.string(name, `labels.classNames[${i}]`));
  const split = c.object(root.split, 'split');
  if (split.settings !== null) c.object(split.settings, 'split.settings');
  c.string(root.codecSha256, 'codecSha256');
}
