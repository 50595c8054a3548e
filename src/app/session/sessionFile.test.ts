import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { ParseError, errorCodes } from '../../core/errors';
import { buildTestReport } from '../../core/report/testReport';
import type { EvaluationReport } from '../../core/report/types';
import { withDeclaredSize, zeroBomb, zipWithManyEntries } from '../../core/archive/testZips';
import { lendEntries } from '../../engines/archive';
import { createArchiveEngine } from '../../engines/archiveEngine';
import {
  getSessionFileName, getSessionZipEntries, readSessionEntries, readSessionZip, returnLentArrays, sessionZipLimits, writeSessionZip,
  type SessionFileContents,
} from './sessionFile';
import { codecSha, createSetFixture, createSnapshotFixture, userSha } from './testSession';

const FILE = 'gdw-session-2025-01-31.zip';

function createContents(report: EvaluationReport | null = null): SessionFileContents {
  const sets = [createSetFixture(), createSetFixture('builtin:gaussian-demo', false)];
  const snapshot = createSnapshotFixture(sets);
  return {
    createdAt: '2025-01-31T12:03:14.000Z', codecSha256: codecSha,
    backbones: [{ id: sets[0].backboneId, fileName: 'mine.onnx', sha256: userSha }],
    snapshot: { ...snapshot, evaluationReport: report ? { fileName: null, report } : null }, sets,
  };
}

/** The zip with session.json edited, or with entries added or taken out. */
function tamper(zip: Uint8Array, edit: (json: Record<string, unknown>) => void, entries: Record<string, Uint8Array | null> = {}): Uint8Array {
  const files = unzipSync(zip);
  const json = JSON.parse(strFromU8(files['session.json'])) as Record<string, unknown>;
  edit(json);
  files['session.json'] = strToU8(JSON.stringify(json));
  for (const [name, bytes] of Object.entries(entries)) {
    if (bytes) files[name] = bytes as Uint8Array<ArrayBuffer>;
    else delete files[name];
  }
  return zipSync(files);
}

function parseErrorOf(bytes: Uint8Array, limits = sessionZipLimits): ParseError {
  try {
    readSessionZip(bytes, FILE, limits);
  } catch (err) {
    expect(err).toBeInstanceOf(ParseError);
    return err as ParseError;
  }
  throw new Error('expected a ParseError');
}

describe('session file round trip', () => {
  let report: EvaluationReport;
  beforeAll(async () => {
    report = await buildTestReport();
  });

  it('gives back the snapshot, the sets and their typed arrays exactly, NaN included', () => {
    const contents = createContents(report);
    const read = readSessionZip(writeSessionZip(contents), FILE);
    expect(read).toEqual(contents);
    const [set] = read.sets;
    expect(set.samples).toBeInstanceOf(Float32Array);
    expect(Array.from(new Uint32Array(set.samples.buffer))).toEqual(Array.from(new Uint32Array(contents.sets[0].samples.buffer)));
    expect(set.labels).toEqual(Int32Array.from([0, 1, 0]));
    expect(set.request.mask).toBeInstanceOf(Uint8Array);
    expect(read.sets[1].labels).toBeNull();
    expect(Number.isNaN(read.snapshot.syntheticSets[set.backboneId]?.realSlotRms)).toBe(true);
    expect(read.snapshot.importedLossCurves[0].log.series.train_loss.values[0]).toBeNaN();
  });

  it('stores each set\'s samples and labels as entries of their own', () => {
    const entries = Object.keys(unzipSync(writeSessionZip(createContents()))).sort();
    expect(entries).toEqual(['session.json', 'sets/0.f32', 'sets/0.labels.i32', 'sets/1.f32']);
  });

  it('goes through the archive engine as the page sends it: sets lent by transfer, put back in the same objects, read back from the Blob', async () => {
    const contents = createContents(report);
    const expected = structuredClone(contents);
    const [set] = contents.sets;
    const engine = createArchiveEngine();
    // Export: the entries' buffers (the sets' own) cross to the worker and come back with the zip.
    const entries = getSessionZipEntries(contents);
    const lent = lendEntries(entries);
    const result = await engine.writeZip(structuredClone(entries, { transfer: lent.buffers }));
    expect(set.samples.length).toBe(0); // lent out
    const answer = structuredClone(result, { transfer: result.lent });
    returnLentArrays(contents.sets, new Map([...lent.giveBack(answer.lent)].map(([name, [bytes]]) => [name, bytes])));
    expect(contents.sets[0]).toBe(set);
    expect(contents).toEqual(expected);
    // Import: the Blob read by slices, the entries checked into the same contents; arrays are views, not copies.
    const entriesRead = await engine.readZip({ file: answer.blob!, fileName: FILE, limits: sessionZipLimits });
    const read = readSessionEntries(entriesRead, FILE);
    expect(read).toEqual(expected);
    expect(read.sets[0].samples.buffer).toBe(entriesRead['sets/0.f32'].buffer);
    // Python's zipfile reads the same file, every CRC checked.
    const folder = mkdtempSync(join(tmpdir(), 'gdw-session-'));
    try {
      writeFileSync(join(folder, FILE), new Uint8Array(await answer.blob!.arrayBuffer()));
      const script = 'import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nprint(z.testzip(), sorted(z.namelist()))';
      expect(execFileSync('/usr/bin/python3', ['-c', script, join(folder, FILE)], { encoding: 'utf8' }).trim())
        .toBe("None ['session.json', 'sets/0.f32', 'sets/0.labels.i32', 'sets/1.f32']");
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('names the file by the local date', () => {
    expect(getSessionFileName(new Date(2025, 0, 31, 23, 59))).toBe(FILE);
  });
});

describe('reading a malformed session file', () => {
  const good = () => writeSessionZip(createContents());

  it('refuses a file that is not a zip, or a zip without session.json', () => {
    expect(parseErrorOf(strToU8('hello')).message).toContain(`${FILE} is not a readable zip archive`);
    expect(parseErrorOf(zipSync({ 'other.txt': strToU8('x') })).message).toContain(`${FILE}: session.json is missing`);
  });

  it('names a wrong format or version', () => {
    const format = parseErrorOf(tamper(good(), (json) => { json.format = 'gdw-evaluation-report'; }));
    expect(format.message).toBe(`${FILE}: session.json: format: expected "gdw-session" (a workbench session), found "gdw-evaluation-report"`);
    expect(format.code).toBe(errorCodes.parse);
    expect(format.location?.file).toBe(`${FILE}/session.json`);
    expect(parseErrorOf(tamper(good(), (json) => { json.version = 2; })).message).toContain('session.json: version: expected 1');
  });

  it('names a missing or truncated sample entry', () => {
    expect(parseErrorOf(tamper(good(), () => undefined, { 'sets/1.f32': null })).message)
      .toContain('sets[1].samplesEntry: expected an entry of the archive (sets/1.f32 is missing)');
    expect(parseErrorOf(tamper(good(), () => undefined, { 'sets/0.labels.i32': new Uint8Array(8) })).message)
      .toContain('sets[0].labelsEntry: expected 12 bytes in sets/0.labels.i32 (3 values), found "8 bytes"');
  });

  it('names a malformed field of the snapshot, the backbones or the hashes', () => {
    const sampler = tamper(good(), (json) => { (json.snapshot as { settings: { sampler: string } }).settings.sampler = 'euler'; });
    expect(parseErrorOf(sampler).message).toContain('snapshot.settings.sampler: expected one of ddpm, ddim, found "euler"');
    const sha = tamper(good(), (json) => { (json.backbones as { sha256: string }[])[0].sha256 = 'xyz'; });
    expect(parseErrorOf(sha).message).toContain('backbones[0].sha256: expected a SHA-256');
    const orphan = tamper(good(), (json) => { json.sets = (json.sets as unknown[]).slice(0, 1); });
    expect(parseErrorOf(orphan).message).toContain('snapshot.syntheticSets["builtin:gaussian-demo"]: expected a set with its samples in sets');
  });

  it('names a malformed evaluation report by its path inside the session', () => {
    const bad = tamper(good(), (json) => {
      (json.snapshot as Record<string, unknown>).evaluationReport = { fileName: null, report: { format: 'gdw-evaluation-report' } };
    });
    expect(parseErrorOf(bad).message).toContain(`${FILE}: session.json: snapshot.evaluationReport.report`);
  });
});

describe('reading a session file that would expand without bound', () => {
  const MB = 2 ** 20;
  const goodFiles = () => unzipSync(writeSessionZip(createContents()));

  it('refuses more entries than sessionZipLimits.maxEntries, however small they are', () => {
    const many = zipWithManyEntries(sessionZipLimits.maxEntries, goodFiles());
    const error = parseErrorOf(many);
    expect(error.message).toBe(`${FILE}: the archive lists ${sessionZipLimits.maxEntries + 4} entries, more than the limit of `
      + `${sessionZipLimits.maxEntries} (maxEntries): this is not an archive the workbench wrote`);
    expect(error.location).toEqual({ file: FILE });
  });

  it('refuses a small stream of zeros that inflates past the limits it is given, and reads it within the defaults', () => {
    const bomb = zeroBomb('notes.bin', 8 * MB, goodFiles());
    expect(bomb.length).toBeLessThan(200_000);
    expect(readSessionZip(bomb, FILE).sets).toHaveLength(2);
    const error = parseErrorOf(bomb, { ...sessionZipLimits, maxEntryBytes: 4 * MB });
    expect(error.message).toContain(`${FILE}: notes.bin inflates to 8.4 MB, more than the 4.2 MB limit (maxEntryBytes)`);
    expect(error.location).toEqual({ file: `${FILE}/notes.bin` });
    expect(parseErrorOf(bomb, { ...sessionZipLimits, maxTotalBytes: 4 * MB }).message).toContain('limit (maxTotalBytes)');
  });

  it('refuses an entry whose header declares fewer bytes than it inflates to', () => {
    const liar = withDeclaredSize(zeroBomb('notes.bin', MB, goodFiles()), 'notes.bin', 100);
    const error = parseErrorOf(liar);
    expect(error.message).toMatch(new RegExp(`^${FILE}: notes\\.bin declares 100 bytes but inflates to more`));
    expect(error.location).toEqual({ file: `${FILE}/notes.bin` });
  });
});
