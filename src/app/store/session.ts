// The session as the store holds it: the forms and results that survive a reload or travel in a
// session file (src/app/session). Data and backbones are restored by loading them again, so the
// snapshot holds neither; restoring it is one transition, and the comparison shows at once.
import type { SerializedError } from '../../core/errors';
import { errorRaised } from './errors';
import type { BackboneId, LossCurve, WorkbenchState } from './state';

/** The persisted slices of the state, as they are, plus the loss curves the user imported. */
export interface SessionSnapshot extends Pick<WorkbenchState,
  | 'settings' | 'settingsByBackbone' | 'encodeForm' | 'classifierForm' | 'comparisonForm' | 'lossCurveView'
  | 'generateBackboneId' | 'evaluationReport' | 'classifierReport' | 'syntheticSets' | 'lastRun' | 'report'> {
  /** Curves imported from the user's training logs; the built-in ones are fetched again at startup. */
  importedLossCurves: LossCurve[];
}

export const sessionSnapshotFields = [
  'settings', 'settingsByBackbone', 'encodeForm', 'classifierForm', 'comparisonForm', 'lossCurveView',
  'generateBackboneId', 'evaluationReport', 'classifierReport', 'syntheticSets', 'lastRun', 'report',
] as const satisfies readonly (keyof SessionSnapshot)[];

/** The id prefix of imported training logs (effects/lossCurveImport.ts gives them this prefix). */
const IMPORTED_CURVE_PREFIX = 'import:';
export const isImportedCurveId = (id: BackboneId): boolean => id.startsWith(IMPORTED_CURVE_PREFIX);

/** What a write or an export saves of the state; the same references, nothing copied. */
export function getSessionSnapshot(state: WorkbenchState): SessionSnapshot {
  const snapshot = Object.fromEntries(sessionSnapshotFields.map((field) => [field, state[field]])) as Omit<SessionSnapshot, 'importedLossCurves'>;
  return { ...snapshot, importedLossCurves: state.lossCurves.filter((c) => isImportedCurveId(c.backboneId)) };
}

/**
 * Puts a saved or imported session's forms and results in place. Form fields missing from an
 * older snapshot keep their current values; imported curves replace the imported ones shown.
 */
export function sessionRestored(
  state: WorkbenchState, snapshot: SessionSnapshot, origin: 'restored' | 'imported' = 'restored',
): Partial<WorkbenchState> {
  const builtInCurves = state.lossCurves.filter((c) => !isImportedCurveId(c.backboneId));
  return {
    settings: { ...state.settings, ...snapshot.settings },
    settingsByBackbone: snapshot.settingsByBackbone,
    encodeForm: { ...state.encodeForm, ...snapshot.encodeForm },
    classifierForm: { ...state.classifierForm, ...snapshot.classifierForm },
    comparisonForm: { ...state.comparisonForm, ...snapshot.comparisonForm },
    lossCurveView: { ...state.lossCurveView, ...snapshot.lossCurveView },
    generateBackboneId: snapshot.generateBackboneId,
    evaluationReport: snapshot.evaluationReport,
    classifierReport: snapshot.classifierReport,
    syntheticSets: snapshot.syntheticSets,
    // Earlier versions live in this tab only; the sets restored are the current ones.
    earlierSets: {},
    lastRun: snapshot.lastRun,
    report: snapshot.report,
    lossCurves: [...builtInCurves, ...snapshot.importedLossCurves],
    session: { ...state.session, origin },
  };
}

export function sessionSaved(state: WorkbenchState, input: { savedAtMs: number }): Partial<WorkbenchState> {
  if (state.session.savedAtMs === input.savedAtMs && !state.session.saveFailed) return state;
  return { session: { ...state.session, savedAtMs: input.savedAtMs, saveFailed: false } };
}

/** Shows the first failure only: a full quota fails every write after it, and one message says so. */
export function sessionSaveFailed(state: WorkbenchState, error: SerializedError): Partial<WorkbenchState> {
  if (state.session.saveFailed) return state;
  return { ...errorRaised(state, error), session: { ...state.session, saveFailed: true } };
}

const twoDigits = (n: number): string => String(n).padStart(2, '0');

const originText = { new: null, restored: 'restored from this browser', imported: 'imported from a session file' } as const;

/** "restored from this browser · saved 12:03:14 · 3 sets · 1 comparison"; says so when it is not saved. */
export function getSessionStatusText(state: Pick<WorkbenchState, 'session' | 'syntheticSets' | 'evaluationReport'>): string {
  const { origin, savedAtMs, saveFailed } = state.session;
  const sets = Object.keys(state.syntheticSets).length;
  const at = savedAtMs === null ? null : new Date(savedAtMs);
  const saved = saveFailed ? 'not saved in this browser'
    : at ? `saved ${twoDigits(at.getHours())}:${twoDigits(at.getMinutes())}:${twoDigits(at.getSeconds())}` : 'not saved yet';
  const parts = [originText[origin], saved, `${sets} set${sets === 1 ? '' : 's'}`, state.evaluationReport ? '1 comparison' : null];
  return parts.filter((p) => p !== null).join(' · ');
}
