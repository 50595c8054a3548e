import { describe, expect, it } from 'vitest';
import { parseLightningMetrics } from '../../core/curves/lightningMetrics';
import { errorCodes } from '../../core/errors';
import { getSessionSnapshot, getSessionStatusText, sessionRestored, sessionSaveFailed, sessionSaved, type SessionSnapshot } from './session';
import { initialWorkbenchState, type BackboneId, type GenerationSummary, type LossCurve, type WorkbenchState } from './state';

const apply = (state: WorkbenchState, patch: Partial<WorkbenchState>): WorkbenchState => ({ ...state, ...patch });
const curve = (id: string): LossCurve => ({
  backboneId: id as BackboneId, family: id.startsWith('import:') ? 'imported' : 'unet-cnn',
  log: parseLightningMetrics('step,train_loss\n1,0.5\n2,nan\n', 'metrics.csv'),
});
const summary = (id: string): GenerationSummary => ({
  backboneId: id as BackboneId, fileName: `${id}.onnx`, backboneKind: 'diffusion', count: 8, genes: 4, channels: 2, classCounts: [4, 4],
  realSlotRms: 1, nonFiniteCount: 0, request: { count: 8, genes: 4, channels: 2, sampler: 'ddim', seed: 1, batchSize: 8, mask: new Uint8Array(8).fill(1) },
  elapsedMs: 10, executionProvider: 'wasm',
});

/** A state as a session leaves it: edited forms, a set, an imported curve beside a built-in one. */
function editedState(): WorkbenchState {
  const id = 'builtin:unet-cnn' as BackboneId;
  return {
    ...initialWorkbenchState,
    settings: { ...initialWorkbenchState.settings, seed: '7', steps: '20' },
    settingsByBackbone: { [id]: { ...initialWorkbenchState.settings, seed: '7' } },
    encodeForm: { ...initialWorkbenchState.encodeForm, splitSeed: '1', geneSlots: '128' },
    classifierForm: { ...initialWorkbenchState.classifierForm, kind: 'cnn' },
    comparisonForm: { ...initialWorkbenchState.comparisonForm, k: '5' },
    lossCurveView: { smoothing: 0.5, logY: false, logX: true, runs: { 'builtin:unet-cnn': false } },
    generateBackboneId: id,
    syntheticSets: { [id]: summary(id) },
    lastRun: summary(id),
    lossCurves: [curve('builtin:unet-cnn'), curve('import:run-a')],
  };
}

describe('getSessionSnapshot', () => {
  it('takes the persisted slices by reference and only the imported loss curves', () => {
    const state = editedState();
    const snapshot = getSessionSnapshot(state);
    expect(snapshot.settings).toBe(state.settings);
    expect(snapshot.syntheticSets).toBe(state.syntheticSets);
    expect(snapshot.importedLossCurves).toEqual([state.lossCurves[1]]);
  });
});

describe('sessionRestored', () => {
  it('gives back every persisted slice of the state it was taken from', () => {
    const saved = editedState();
    const fresh = { ...initialWorkbenchState, lossCurves: [curve('builtin:unet-cnn')] };
    const restored = apply(fresh, sessionRestored(fresh, getSessionSnapshot(saved)));
    expect(getSessionSnapshot(restored)).toEqual(getSessionSnapshot(saved));
    expect(restored.lossCurves).toEqual(saved.lossCurves);
    expect(restored.session.origin).toBe('restored');
  });

  it('replaces the imported curves shown and keeps the built-in ones', () => {
    const state = { ...initialWorkbenchState, lossCurves: [curve('import:old'), curve('builtin:unet-cnn')] };
    const snapshot = { ...getSessionSnapshot(state), importedLossCurves: [curve('import:new')] };
    const restored = apply(state, sessionRestored(state, snapshot, 'imported'));
    expect(restored.lossCurves.map((c) => c.backboneId)).toEqual(['builtin:unet-cnn', 'import:new']);
    expect(restored.session.origin).toBe('imported');
  });

  it('keeps the current value of a form field an older snapshot lacks', () => {
    const older: Partial<SessionSnapshot['settings']> = { ...editedState().settings };
    delete older.classBalance;
    const snapshot: SessionSnapshot = { ...getSessionSnapshot(editedState()), settings: older as SessionSnapshot['settings'] };
    const restored = apply(initialWorkbenchState, sessionRestored(initialWorkbenchState, snapshot));
    expect(restored.settings.classBalance).toBe(initialWorkbenchState.settings.classBalance);
    expect(restored.settings.seed).toBe('7');
  });
});

describe('session saving', () => {
  const error = { name: 'RuntimeFailureError', code: errorCodes.runtime, message: 'quota exceeded' };

  it('shows a failed write once, however many fail after it, until one succeeds', () => {
    const once = apply(initialWorkbenchState, sessionSaveFailed(initialWorkbenchState, error));
    expect(once.errors).toHaveLength(1);
    expect(sessionSaveFailed(once, error)).toBe(once);
    const saved = apply(once, sessionSaved(once, { savedAtMs: 1000 }));
    expect(saved.session).toEqual({ origin: 'new', savedAtMs: 1000, saveFailed: false });
    expect(apply(saved, sessionSaveFailed(saved, error)).errors).toHaveLength(2);
  });

  it('returns the previous state when a write changes nothing it shows', () => {
    const saved = apply(initialWorkbenchState, sessionSaved(initialWorkbenchState, { savedAtMs: 5 }));
    expect(sessionSaved(saved, { savedAtMs: 5 })).toBe(saved);
  });
});

describe('getSessionStatusText', () => {
  it('says where the session came from, when it was saved, and what it holds', () => {
    const savedAtMs = new Date(2025, 0, 31, 12, 3, 14).getTime();
    const state = { ...editedState(), session: { origin: 'restored' as const, savedAtMs, saveFailed: false } };
    expect(getSessionStatusText(state)).toBe('restored from this browser · saved 12:03:14 · 1 set');
    expect(getSessionStatusText(initialWorkbenchState)).toBe('not saved yet · 0 sets');
    const failed = { ...initialWorkbenchState, session: { origin: 'new' as const, savedAtMs, saveFailed: true } };
    expect(getSessionStatusText(failed)).toBe('not saved in this browser · 0 sets');
  });
});
