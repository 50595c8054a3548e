// Reads an evaluation report back (the app's "load report", tests): parses the JSON and checks
// every field a reader relies on, so a malformed or foreign file fails with a ParseError naming
// the field ("report.json: backbones[1].metrics.nnaa.train.aats: expected a number in [0, 1]")
// instead of failing later in a plot. Settings blocks are checked to be objects, not field by field.
import { ParseError } from '../errors';
import { REPORT_FORMAT, REPORT_VERSION, type EvaluationReport } from './types';

type Obj = Record<string, unknown>;

class ReportChecker {
  constructor(private readonly file: string) {}

  fail(path: string, expected: string, found: unknown): never {
    const shown = found === undefined ? 'nothing' : JSON.stringify(found)?.slice(0, 40) ?? String(found);
    throw new ParseError(`${this.file}: ${path}: expected ${expected}, found ${shown}`, { file: this.file });
  }

  object(value: unknown, path: string): Obj {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(path, 'an object', value);
    return value as Obj;
  }

  array(value: unknown, path: string, length?: number): unknown[] {
    if (!Array.isArray(value)) this.fail(path, 'an array', value);
    if (length !== undefined && value.length !== length) this.fail(path, `${length} entries`, `${value.length} entries`);
    return value;
  }

  number(value: unknown, path: string, range?: [number, number]): number {
    const ok = typeof value === 'number' && Number.isFinite(value) && (!range || (value >= range[0] && value <= range[1]));
    if (!ok) this.fail(path, range ? `a number in [${range[0]}, ${range[1]}]` : 'a finite number', value);
    return value as number;
  }

  integer(value: unknown, path: string, min = 0): number {
    if (!(Number.isSafeInteger(value) && (value as number) >= min)) this.fail(path, `an integer ≥ ${min}`, value);
    return value as number;
  }

  string(value: unknown, path: string): string {
    if (typeof value !== 'string') this.fail(path, 'a string', value);
    return value;
  }

  numbers(value: unknown, path: string, length?: number): number[] {
    return this.array(value, path, length).map((v, i) => this.number(v, `${path}[${i}]`));
  }

  interval(value: unknown, path: string): void {
    const o = this.object(value, path);
    for (const key of ['estimate', 'lower', 'upper']) this.number(o[key], `${path}.${key}`);
    this.number(o.level, `${path}.level`, [0, 1]);
    this.integer(o.resamples, `${path}.resamples`, 1);
  }

  histogram(value: unknown, path: string): void {
    const o = this.object(value, path);
    const counts = this.numbers(o.counts, `${path}.counts`);
    this.numbers(o.edges, `${path}.edges`, counts.length + 1);
    this.integer(o.outside, `${path}.outside`);
  }
}

function checkBundle(c: ReportChecker, value: unknown): void {
  const bundle = c.object(value, 'bundle');
  c.string(bundle.codecSha256, 'bundle.codecSha256');
  c.array(bundle.shape, 'bundle.shape', 3).forEach((d, i) => c.integer(d, `bundle.shape[${i}]`, 1));
  c.array(bundle.classNames, 'bundle.classNames').forEach((n, i) => c.string(n, `bundle.classNames[${i}]`));
  const counts = c.object(bundle.counts, 'bundle.counts');
  for (const key of ['train', 'holdout', 'excluded']) c.integer(counts[key], `bundle.counts.${key}`);
}

function checkSettings(c: ReportChecker, value: unknown): void {
  const settings = c.object(value, 'settings');
  c.integer(settings.seed, 'settings.seed');
  c.integer(settings.samplesPerSet, 'settings.samplesPerSet', 1);
  c.object(settings.sampler, 'settings.sampler');
  c.object(settings.metrics, 'settings.metrics');
}

function checkMetrics(c: ReportChecker, value: unknown, path: string): void {
  const m = c.object(value, path);
  const nnaa = c.object(m.nnaa, `${path}.nnaa`);
  for (const side of ['train', 'holdout']) {
    const s = c.object(nnaa[side], `${path}.nnaa.${side}`);
    for (const key of ['aaTruth', 'aaSyn', 'aats']) {
      c.number(s[key], `${path}.nnaa.${side}.${key}`, [0, 1]);
      c.interval(c.object(s.intervals, `${path}.nnaa.${side}.intervals`)[key], `${path}.nnaa.${side}.intervals.${key}`);
    }
    c.object(s.settings, `${path}.nnaa.${side}.settings`);
  }
  c.number(nnaa.privacyLoss, `${path}.nnaa.privacyLoss`, [-1, 1]);
  c.interval(nnaa.privacyLossInterval, `${path}.nnaa.privacyLossInterval`);
  const nn = c.object(m.nnTest, `${path}.nnTest`);
  for (const side of ['train', 'holdout']) {
    const s = c.object(nn[side], `${path}.nnTest.${side}`);
    c.number(s.score, `${path}.nnTest.${side}.score`, [0, 1]);
    c.interval(s.interval, `${path}.nnTest.${side}.interval`);
    c.integer(c.object(s.settings, `${path}.nnTest.${side}.settings`).k, `${path}.nnTest.${side}.settings.k`, 1);
  }
  const dcr = c.object(m.dcr, `${path}.dcr`);
  const protection = c.object(dcr.protection, `${path}.dcr.protection`);
  c.number(protection.share, `${path}.dcr.protection.share`, [0, 1]);
  c.interval(protection.interval, `${path}.dcr.protection.interval`);
  const copies = c.object(dcr.copies, `${path}.dcr.copies`);
  for (const side of ['synthetic', 'holdout']) {
    const s = c.object(copies[side], `${path}.dcr.copies.${side}`);
    c.integer(s.exact, `${path}.dcr.copies.${side}.exact`);
    c.integer(s.near, `${path}.dcr.copies.${side}.near`);
    c.number(c.object(dcr[side], `${path}.dcr.${side}`).median, `${path}.dcr.${side}.median`);
    c.histogram(c.object(dcr.histograms, `${path}.dcr.histograms`)[side], `${path}.dcr.histograms.${side}`);
    c.histogram(c.object(c.object(m.memorisation, `${path}.memorisation`)[side], `${path}.memorisation.${side}`).histogram,
      `${path}.memorisation.${side}.histogram`);
  }
  c.object(m.settings, `${path}.settings`);
}

function checkReconstruction(c: ReportChecker, value: unknown, path: string): void {
  if (value === null) return;
  const curve = c.object(value, path);
  c.object(curve.settings, `${path}.settings`);
  c.array(curve.points, `${path}.points`).forEach((p, i) => {
    const point = c.object(p, `${path}.points[${i}]`);
    c.integer(point.t, `${path}.points[${i}].t`);
    for (const slots of ['realSlots', 'allSlots']) {
      const summary = c.object(point[slots], `${path}.points[${i}].${slots}`);
      c.number(summary.mae, `${path}.points[${i}].${slots}.mae`);
      c.number(summary.mse, `${path}.points[${i}].${slots}.mse`);
    }
  });
}

function checkBackbone(c: ReportChecker, value: unknown, path: string): string {
  const b = c.object(value, path);
  const id = c.string(b.id, `${path}.id`);
  const file = c.object(b.file, `${path}.file`);
  c.string(file.name, `${path}.file.name`);
  if (!/^[0-9a-f]{64}$/.test(String(file.sha256))) c.fail(`${path}.file.sha256`, '64 lower-case hex digits', file.sha256);
  c.object(b.spec, `${path}.spec`);
  const status = c.object(b.codecCheck, `${path}.codecCheck`).status;
  if (status !== 'match' && status !== 'absent') c.fail(`${path}.codecCheck.status`, '"match" or "absent"', status);
  c.integer(c.object(b.generation, `${path}.generation`).count, `${path}.generation.count`, 1);
  checkReconstruction(c, b.reconstruction, `${path}.reconstruction`);
  if (b.validationLoss !== null) c.number(c.object(b.validationLoss, `${path}.validationLoss`).loss, `${path}.validationLoss.loss`);
  checkMetrics(c, b.metrics, `${path}.metrics`);
  return id;
}

/** An imported synthetic set (issue 12): its name, files with hashes, match counts and the same metrics as a backbone. */
function checkImported(c: ReportChecker, value: unknown, path: string): string {
  const s = c.object(value, path);
  const id = c.string(s.id, `${path}.id`);
  c.array(s.files, `${path}.files`).forEach((f, i) => {
    const file = c.object(f, `${path}.files[${i}]`);
    c.string(file.name, `${path}.files[${i}].name`);
    if (!/^[0-9a-f]{64}$/.test(c.string(file.sha256, `${path}.files[${i}].sha256`))) c.fail(`${path}.files[${i}].sha256`, '64 hex digits', file.sha256);
  });
  c.integer(s.samples, `${path}.samples`, 1);
  const variants = c.object(s.variants, `${path}.variants`);
  for (const key of ['matched', 'flipped', 'cohortUnmatched', 'fileUnmatched', 'inFile', 'inCohort']) c.integer(variants[key], `${path}.variants.${key}`);
  checkMetrics(c, s.metrics, `${path}.metrics`);
  return id;
}

/** The genotype-space section: per set its kind and the headline numbers a table or plot reads. */
function checkGenotypeSpace(c: ReportChecker, value: unknown): void {
  if (value === undefined) return;
  const space = c.object(value, 'genotypeSpace');
  c.object(space.settings, 'genotypeSpace.settings');
  c.array(space.sets, 'genotypeSpace.sets').forEach((v, i) => {
    const path = `genotypeSpace.sets[${i}]`;
    const set = c.object(v, path);
    c.string(set.id, `${path}.id`);
    if (set.kind !== 'imported' && set.kind !== 'decoded') c.fail(`${path}.kind`, '"imported" or "decoded"', set.kind);
    const aats = c.object(set.aats, `${path}.aats`);
    for (const side of ['train', 'holdout']) c.number(c.object(aats[side], `${path}.aats.${side}`).aats, `${path}.aats.${side}.aats`, [0, 1]);
    c.number(aats.privacyLoss, `${path}.aats.privacyLoss`, [-1, 1]);
    c.number(aats.closerToTrain, `${path}.aats.closerToTrain`, [0, 1]);
    const af = c.object(set.alleleFrequency, `${path}.alleleFrequency`);
    const snps = c.numbers(af.real, `${path}.alleleFrequency.real`).length;
    c.numbers(af.synthetic, `${path}.alleleFrequency.synthetic`, snps);
    c.numbers(c.object(set.pca, `${path}.pca`).wasserstein, `${path}.pca.wasserstein`);
    if (set.haplotypes !== undefined) checkHaplotypeAats(c, set.haplotypes, `${path}.haplotypes`);
  });
}

/** A set's haplotype AATS: its numbers, or the reason it was not computed. */
function checkHaplotypeAats(c: ReportChecker, value: unknown, path: string): void {
  const h = c.object(value, path);
  if (h.computed === false) {
    c.string(h.reason, `${path}.reason`);
    return;
  }
  if (h.computed !== true) c.fail(`${path}.computed`, 'true or false', h.computed);
  const aats = c.object(h.aats, `${path}.aats`);
  for (const side of ['train', 'holdout']) c.number(c.object(aats[side], `${path}.aats.${side}`).aats, `${path}.aats.${side}.aats`, [0, 1]);
  c.number(aats.privacyLoss, `${path}.aats.privacyLoss`, [-1, 1]);
  c.number(aats.closerToTrain, `${path}.aats.closerToTrain`, [0, 1]);
  c.integer(h.exactCopies, `${path}.exactCopies`);
}

function checkUmap(c: ReportChecker, value: unknown): void {
  if (value === null) return;
  const umap = c.object(value, 'umap');
  c.object(umap.settings, 'umap.settings');
  const keys = new Set(c.array(umap.sets, 'umap.sets').map((s, i) => c.string(c.object(s, `umap.sets[${i}]`).key, `umap.sets[${i}].key`)));
  const points = c.object(umap.points, 'umap.points');
  const n = c.numbers(points.x, 'umap.points.x').length;
  c.numbers(points.y, 'umap.points.y', n);
  c.array(points.origin, 'umap.points.origin', n).forEach((o, i) => {
    if (!keys.has(c.string(o, `umap.points.origin[${i}]`))) c.fail(`umap.points.origin[${i}]`, `one of the keys of umap.sets`, o);
  });
  c.array(points.label, 'umap.points.label', n).forEach((l, i) => l === null || c.integer(l, `umap.points.label[${i}]`));
  c.array(points.sampleId, 'umap.points.sampleId', n).forEach((s, i) => c.string(s, `umap.points.sampleId[${i}]`));
}

function checkTstr(c: ReportChecker, value: unknown): void {
  const tstr = c.object(value, 'tstr');
  if (tstr.status === 'not-run') {
    c.string(tstr.reason, 'tstr.reason');
    return;
  }
  if (tstr.status !== 'done') c.fail('tstr.status', '"done" or "not-run"', tstr.status);
  c.array(tstr.skipped, 'tstr.skipped');
  c.array(tstr.runs, 'tstr.runs').forEach((r, i) => {
    const path = `tstr.runs[${i}]`;
    const run = c.object(r, path);
    c.string(run.classifier, `${path}.classifier`);
    c.array(c.object(run.report, `${path}.report`).rows, `${path}.report.rows`).forEach((w, j) => {
      const row = c.object(w, `${path}.report.rows[${j}]`);
      c.string(row.source, `${path}.report.rows[${j}].source`);
      const metrics = c.object(row.metrics, `${path}.report.rows[${j}].metrics`);
      for (const key of ['accuracy', 'balancedAccuracy', 'auc']) {
        c.number(c.object(metrics[key], `${path}.report.rows[${j}].metrics.${key}`).estimate, `${path}.report.rows[${j}].metrics.${key}.estimate`, [0, 1]);
      }
      c.number(c.object(row.recovery, `${path}.report.rows[${j}].recovery`).estimate, `${path}.report.rows[${j}].recovery.estimate`);
    });
  });
}

/** Parses and checks a report; `json` is its text or an already parsed value. Throws ParseError. */
export function readReport(json: string | unknown, fileName = 'report.json'): EvaluationReport {
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (err) {
      throw new ParseError(`${fileName}: not valid JSON: ${(err as Error).message}`, { file: fileName });
    }
  }
  const c = new ReportChecker(fileName);
  const root = c.object(value, '$');
  if (root.format !== REPORT_FORMAT) c.fail('format', `"${REPORT_FORMAT}" (an evaluation report)`, root.format);
  if (root.version !== REPORT_VERSION) {
    c.fail('version', `${REPORT_VERSION} (the version this workbench reads)`, root.version);
  }
  c.string(root.createdAt, 'createdAt');
  checkBundle(c, root.bundle);
  checkSettings(c, root.settings);
  const ids = c.array(root.backbones, 'backbones').map((b, i) => checkBackbone(c, b, `backbones[${i}]`));
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicate !== undefined) c.fail('backbones', 'one entry per backbone id', `"${duplicate}" twice`);
  if (root.imported !== undefined) {
    const imported = c.array(root.imported, 'imported').map((s, i) => checkImported(c, s, `imported[${i}]`));
    const clash = imported.find((id, i) => ids.includes(id) || imported.indexOf(id) !== i);
    if (clash !== undefined) c.fail('imported', 'names of their own, apart from each other and from the backbones', `"${clash}" twice`);
  }
  checkUmap(c, root.umap);
  checkTstr(c, root.tstr);
  checkGenotypeSpace(c, root.genotypeSpace);
  c.array(root.warnings, 'warnings').forEach((w, i) => c.string(w, `warnings[${i}]`));
  return root as unknown as EvaluationReport;
}
