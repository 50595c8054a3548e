import { describe, expect, it } from 'vitest';
import { InvalidRequestError, errorCodes } from '../../core/errors';
import type { EvaluationReport } from '../../core/report/types';
import { initialWorkbenchState, type BackboneId, type WorkbenchState } from '../store/state';
import { createLoadedBackboneFixture } from '../store/testFixtures';
import { checkSessionMatches, getReferencedBackbones, type LoadedIdentity } from './sessionMatch';
import { codecSha, createSetFixture, userSha } from './testSession';

const FILE = 'gdw-session-2025-01-31.zip';
const otherCodec = '8515345e6163'.padEnd(64, '1');
const demoSha = 'ef'.repeat(32);
const demo = { id: 'builtin:gaussian-demo' as BackboneId, fileName: 'gaussian-demo.onnx', sha256: demoSha };
const mine = { id: `file:${userSha.slice(0, 12)}` as BackboneId, fileName: 'mine.onnx', sha256: userSha };

function refusal(session: LoadedIdentity, loaded: LoadedIdentity): InvalidRequestError {
  try {
    checkSessionMatches(FILE, session, loaded);
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect((err as InvalidRequestError).code).toBe(errorCodes.invalidRequest);
    return err as InvalidRequestError;
  }
  throw new Error('expected the session to be refused');
}

describe('checkSessionMatches', () => {
  it('accepts a session made on the loaded encoding with its backbones loaded', () => {
    expect(() => checkSessionMatches(FILE, { codecSha256: codecSha, backbones: [mine] }, { codecSha256: codecSha, backbones: [demo, mine] }))
      .not.toThrow();
  });

  it('refuses another encoding, naming both hashes', () => {
    const err = refusal({ codecSha256: codecSha, backbones: [] }, { codecSha256: otherCodec, backbones: [] });
    expect(err.message).toBe(`${FILE}: this session was made on encoding 2c421fd51f97…, the loaded data is encoded as 8515345e6163…: `
      + 'load and encode the same data first');
    expect(refusal({ codecSha256: codecSha, backbones: [] }, { codecSha256: null, backbones: [] }).message).toContain('nothing is encoded now');
  });

  it('refuses when a backbone it refers to is not loaded with the same file, naming each one', () => {
    const changed = { ...mine, sha256: '34'.repeat(32) };
    const err = refusal({ codecSha256: null, backbones: [demo, mine] }, { codecSha256: null, backbones: [changed] });
    expect(err.message).toContain('not loaded now: gaussian-demo.onnx (efefefefefef…), mine.onnx (121212121212…)');
  });
});

describe('getReferencedBackbones', () => {
  it('lists the loaded backbones, those with a set and those in a comparison evaluated here, each file once', () => {
    const loaded = createLoadedBackboneFixture();
    const state: WorkbenchState = {
      ...initialWorkbenchState,
      backbones: { [demo.id]: { status: 'loaded', backbone: { ...loaded, spec: { ...loaded.spec, fileName: demo.fileName } }, byteLength: 10 } },
      evaluationReport: {
        fileName: null,
        report: { backbones: [{ id: 'cli-name', file: { name: 'cnn.onnx', sha256: 'aa'.repeat(32), bytes: 1 } }] } as unknown as EvaluationReport,
      },
    };
    const refs = getReferencedBackbones(state, [createSetFixture(), createSetFixture(mine.id)]);
    expect(refs).toEqual([demo, mine, { id: 'cli-name', fileName: 'cnn.onnx', sha256: 'aa'.repeat(32) }]);
    const loadedFromFile = { ...state, evaluationReport: state.evaluationReport && { ...state.evaluationReport, fileName: 'report.json' } };
    expect(getReferencedBackbones(loadedFromFile, [])).toEqual([demo]);
  });
});
