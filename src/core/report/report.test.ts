// The report file: JSON-safe conversion, a round trip through text, and a validator that names
// the field that is wrong.
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidRequestError, ParseError } from '../errors';
import { serializeReport, toJsonSafe } from './jsonSafe';
import { readReport } from './readReport';
import { buildTestReport } from './testReport';
import type { EvaluationReport } from './types';

describe('toJsonSafe', () => {
  it('turns typed arrays into arrays, bigints into numbers and drops undefined members', () => {
    const value = { a: new Float64Array([0.5, 1.5]), b: new Uint32Array([3]), c: [new Int32Array([-1])], d: undefined, e: 7n, f: null };
    const safe = toJsonSafe(value);
    expect(safe).toEqual({ a: [0.5, 1.5], b: [3], c: [[-1]], e: 7, f: null });
    expect(JSON.stringify(safe)).toBe('{"a":[0.5,1.5],"b":[3],"c":[[-1]],"e":7,"f":null}');
  });

  it('rejects a non-finite number, naming where it is', () => {
    expect(() => toJsonSafe({ x: [1, { y: NaN }] })).toThrow(InvalidRequestError);
    expect(() => toJsonSafe({ x: [1, { y: NaN }] })).toThrow('$.x[1].y is NaN');
    expect(() => toJsonSafe({ z: new Float32Array([Infinity]) })).toThrow('$.z[0] is Infinity');
  });

  it('rejects functions', () => {
    expect(() => toJsonSafe({ f: () => 1 })).toThrow('$.f is a function');
  });
});

describe('report round trip', () => {
  let report: EvaluationReport;
  let text: string;
  beforeAll(async () => {
    report = await buildTestReport();
    text = serializeReport(report);
  });

  it('reads back what was written, number for number', () => {
    const back = readReport(text);
    const [b] = back.backbones;
    const [original] = report.backbones;
    expect(b.metrics.nnaa.train.aats).toBe(original.metrics.nnaa.train.aats);
    expect(b.metrics.nnaa.privacyLossInterval).toEqual(original.metrics.nnaa.privacyLossInterval);
    expect(b.metrics.nnTest.train.score).toBe(original.metrics.nnTest.train.score);
    expect(b.metrics.dcr.protection.share).toBe(original.metrics.dcr.protection.share);
    expect(b.reconstruction).toEqual(original.reconstruction);
    expect(back.umap?.points).toEqual(report.umap?.points);
    expect(back).toEqual(JSON.parse(JSON.stringify(report)));
    expect(serializeReport(back)).toBe(text);
  });

  it('holds arrays where the core had typed arrays, never index-keyed objects', () => {
    expect(text).not.toMatch(/\{\s*"0":/);
    const back = readReport(text);
    const histogram = back.backbones[0].metrics.memorisation.synthetic.histogram;
    expect(Array.isArray(histogram.edges)).toBe(true);
    expect(histogram.edges).toHaveLength(101);
    expect(histogram.counts.reduce((a, c) => a + c, 0) + histogram.outside).toBe(20);
  });

  it('keeps the settings next to the numbers', () => {
    const back = readReport(text);
    const { nnaa, nnTest, dcr } = back.backbones[0].metrics;
    expect(nnaa.train.settings).toMatchObject({ sizePolicy: 'subsample-equal', inequality: 'strict', real: { n: 20, of: 40, method: 'seeded' } });
    expect(nnaa.train.settings.distance).toMatchObject({ metric: 'angular-cosine', kind: 'exact', selfExclusion: 'by-index' });
    expect(nnTest.train.settings.k).toBe(5);
    expect(dcr.settings.nearCopyEpsilon).toBe(1e-3);
    expect(back.umap?.settings).toMatchObject({ metric: 'cosine (precomputed kNN)', nNeighbors: 5, nEpochs: 20, seed: 0 });
    expect(back.umap?.sets.map((s) => s.key)).toEqual(['real-train', 'real-holdout', 'backbone:oracle']);
  });
});

describe('readReport rejects malformed reports with a ParseError naming the field', () => {
  let parsed: Record<string, unknown>;
  beforeAll(async () => {
    parsed = JSON.parse(serializeReport(await buildTestReport()));
  });

  /** A deep copy of the valid report with one change. */
  const broken = (change: (r: any) => void): unknown => { // eslint-disable-line @typescript-eslint/no-explicit-any
    const copy = structuredClone(parsed);
    change(copy);
    return copy;
  };

  it.each([
    ['not JSON', '{"format":', /not valid JSON/],
    ['another format', () => broken((r) => { r.format = 'gdw-dataset-bundle'; }), /format: expected "gdw-evaluation-report"/],
    ['a newer version', () => broken((r) => { r.version = 2; }), /version: expected 1/],
    ['a missing NNAA value', () => broken((r) => { delete r.backbones[0].metrics.nnaa.train.aats; }), /backbones\[0\]\.metrics\.nnaa\.train\.aats: expected a number in \[0, 1\], found nothing/],
    ['an AATS out of range', () => broken((r) => { r.backbones[0].metrics.nnaa.holdout.aats = 1.5; }), /nnaa\.holdout\.aats: expected a number in \[0, 1\], found 1\.5/],
    ['an index-keyed histogram', () => broken((r) => { r.backbones[0].metrics.dcr.histograms.synthetic.counts = { 0: 1 }; }), /dcr\.histograms\.synthetic\.counts: expected an array/],
    ['edges that do not match counts', () => broken((r) => { r.backbones[0].metrics.memorisation.holdout.histogram.edges.pop(); }), /memorisation\.holdout\.histogram\.edges: expected 101 entries, found "100 entries"/],
    ['a bad file hash', () => broken((r) => { r.backbones[0].file.sha256 = 'xyz'; }), /file\.sha256: expected 64 lower-case hex digits/],
    ['an unknown codec status', () => broken((r) => { r.backbones[0].codecCheck.status = 'mismatch'; }), /codecCheck\.status/],
    ['two backbones with one id', () => broken((r) => { r.backbones.push(r.backbones[0]); }), /backbones: expected one entry per backbone id, found "\\"oracle\\" twice"/],
    ['a UMAP point of no set', () => broken((r) => { r.umap.points.origin[3] = 'backbone:ghost'; }), /umap\.points\.origin\[3\]: expected one of the keys of umap\.sets/],
    ['UMAP columns of different lengths', () => broken((r) => { r.umap.points.y.pop(); }), /umap\.points\.y: expected \d+ entries/],
    ['a curve point without MAE', () => broken((r) => { delete r.backbones[0].reconstruction.points[2].allSlots.mae; }), /reconstruction\.points\[2\]\.allSlots\.mae/],
    ['a TSTR row without accuracy', () => broken((r) => {
      r.tstr = { status: 'done', skipped: [], runs: [{ classifier: 'mlp', report: { rows: [{ source: 'real', metrics: {} }] } }] };
    }), /tstr\.runs\[0\]\.report\.rows\[0\]\.metrics\.accuracy: expected an object/],
    ['an unknown TSTR status', () => broken((r) => { r.tstr = { status: 'maybe' }; }), /tstr\.status: expected "done" or "not-run"/],
  ])('%s', (_name, input, message) => {
    const value = typeof input === 'function' ? input() : input;
    let thrown: unknown;
    try {
      readReport(value, 'run.json');
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(ParseError);
    expect((thrown as ParseError).message).toMatch(/^run\.json: /);
    expect((thrown as ParseError).message).toMatch(message);
    expect((thrown as ParseError).location).toEqual({ file: 'run.json' });
  });

  it('accepts the unchanged report (the cases above can pass only by their change)', () => {
    expect(() => readReport(broken(() => {}))).not.toThrow();
  });
});
