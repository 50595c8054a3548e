// Backbones: the built-in list, and each backbone's load → loaded → unload, one worker each.
// A failed load shows its error and changes no other backbone; a loaded one is never replaced.
import { backboneFamilies } from '../../core/backbone/spec';
import type { SerializedError } from '../../core/errors';
import type { GaussianDemoTarget } from '../../core/sim/gaussianBackboneDemo';
import type { ExecutionProviderName, LoadedBackbone } from '../../engines/inference';
import { errorRaised } from './errors';
import { getGenerateSettings } from './settings';
import type {
  BackboneId, BackboneState, BuiltInBackbone, ExecutionProviderChoice, SettingsAnswerOrigin, UserBackbone, WorkbenchState,
} from './state';

const idle: BackboneState = { status: 'idle' };

/**
 * The slices the backbone selectors read, so components can pass what they subscribed to; without
 * `userBackbones`, the user's loaded backbones come in load order, named by their spec's file name.
 */
type BackboneSlices = Pick<WorkbenchState, 'builtInBackbones' | 'backbones'> & Partial<Pick<WorkbenchState, 'userBackbones'>>;

/** A loaded backbone as lists show it. */
export interface LoadedBackboneEntry {
  id: BackboneId;
  /** Its file name; a user file named like another listed backbone adds its hash prefix. */
  name: string;
  backbone: LoadedBackbone;
  byteLength: number;
}

/** 'file:' and the first 12 hex digits of the model's SHA-256. */
export const createUserBackboneId = (sha256: string): BackboneId => `file:${sha256.slice(0, 12)}` as BackboneId;

/** A backbone's load state; 'idle' when it has none. */
export const getBackboneState = (state: BackboneSlices, id: BackboneId): BackboneState => state.backbones[id] ?? idle;

/** The loaded backbones, built-in then the user's, in the order the panel lists them (new objects: compute from subscribed slices). */
export function getLoadedBackbones(state: BackboneSlices): LoadedBackboneEntry[] {
  const builtInIds = new Set<string>(state.builtInBackbones.map((b) => b.id));
  const users = state.userBackbones;
  const listed = [...state.builtInBackbones, ...(users ?? [])];
  const named = (fileName: string) => listed.filter((b) => b.fileName === fileName).length;
  const listedNames: { id: BackboneId; name: string | null }[] = [
    ...state.builtInBackbones.map(({ id, fileName }) => ({ id, name: fileName })),
    ...(users
      ? users.map(({ id, fileName, sha256 }) => ({ id, name: named(fileName) > 1 ? `${fileName} (${sha256.slice(0, 8)})` : fileName }))
      : (Object.keys(state.backbones) as BackboneId[]).filter((id) => !builtInIds.has(id)).map((id) => ({ id, name: null }))),
  ];
  return listedNames.flatMap(({ id, name }) => {
    const entry = getBackboneState(state, id);
    if (entry.status !== 'loaded') return [];
    return [{ id, name: name ?? entry.backbone.spec.fileName, backbone: entry.backbone, byteLength: entry.byteLength }];
  });
}

export const getUserBackbone = (state: Pick<WorkbenchState, 'userBackbones'>, id: BackboneId): UserBackbone | null =>
  state.userBackbones.find((b) => b.id === id) ?? null;

/** The backbone Generate uses: the chosen one while it is loaded, else the first loaded one. */
export function getGenerateBackboneId(state: WorkbenchState): BackboneId | null {
  const loaded = getLoadedBackbones(state);
  return loaded.find((b) => b.id === state.generateBackboneId)?.id ?? loaded[0]?.id ?? null;
}

/** The EPs the loaded backbones run on, each once, for the capability line. */
export function getExecutionProviders(state: BackboneSlices): ExecutionProviderName[] {
  return [...new Set(getLoadedBackbones(state).map((b) => b.backbone.executionProvider))];
}

/** With no backbone loaded: whether one is loading, the last tries failed, or none was asked for. */
export function getUnloadedStatus(state: WorkbenchState): 'loading' | 'failed' | 'none' {
  const statuses = Object.values(state.backbones).map((b) => b?.status);
  return statuses.includes('loading') ? 'loading' : statuses.includes('failed') ? 'failed' : 'none';
}

export function demoTargetLoaded(state: WorkbenchState, target: GaussianDemoTarget): Partial<WorkbenchState> {
  return state.demoTarget === target ? state : { demoTarget: target };
}

/** Families in the paper's order (DESIGN.md), unknown ones last. */
const familyOrder: string[] = Object.values(backboneFamilies);
const familyRank = (family: string): number => {
  const rank = familyOrder.indexOf(family);
  return rank < 0 ? familyOrder.length : rank;
};

/** Adds the catalogue's backbones after the ones already listed (the Gaussian demo), in family order. */
export function builtInBackbonesListed(state: WorkbenchState, listed: BuiltInBackbone[]): Partial<WorkbenchState> {
  const known = new Set(state.builtInBackbones.map((b) => b.id));
  const added = listed.filter((b) => !known.has(b.id))
    .sort((a, b) => familyRank(a.family) - familyRank(b.family) || a.family.localeCompare(b.family));
  if (added.length === 0) return state;
  return { builtInBackbones: [...state.builtInBackbones, ...added] };
}

export function backboneLoadStarted(state: WorkbenchState, id: BackboneId): Partial<WorkbenchState> {
  const entry = getBackboneState(state, id);
  const listed = state.builtInBackbones.find((b) => b.id === id) ?? getUserBackbone(state, id);
  if (!listed || entry.status === 'loading' || entry.status === 'loaded') return state;
  return { backbones: { ...state.backbones, [id]: { status: 'loading', fileName: listed.fileName } } };
}

export function backboneLoaded(
  state: WorkbenchState, input: { id: BackboneId; backbone: LoadedBackbone; byteLength: number },
): Partial<WorkbenchState> {
  const entry = getBackboneState(state, input.id);
  if (entry.status !== 'loading') return state;
  return { backbones: { ...state.backbones, [input.id]: { status: 'loaded', backbone: input.backbone, byteLength: input.byteLength } } };
}

/**
 * A loaded backbone whose worker lost its GPU, opened again in a new worker (on WASM) while its run
 * goes on: the entry stays loaded and now describes the new worker.
 */
export function backboneReopened(
  state: WorkbenchState, input: { id: BackboneId; backbone: LoadedBackbone; byteLength: number },
): Partial<WorkbenchState> {
  if (getBackboneState(state, input.id).status !== 'loaded') return state;
  return { backbones: { ...state.backbones, [input.id]: { status: 'loaded', backbone: input.backbone, byteLength: input.byteLength } } };
}

export function backboneLoadFailed(
  state: WorkbenchState, input: { id: BackboneId; fileName: string; error: SerializedError },
): Partial<WorkbenchState> {
  const withError = errorRaised(state, input.error, `backbone:${input.id}`);
  if (getBackboneState(state, input.id).status === 'loaded') return withError;
  return { ...withError, backbones: { ...state.backbones, [input.id]: { status: 'failed', fileName: input.fileName } } };
}

/** Unloading the backbone a run is sampling from is refused: cancel the run first. */
export function backboneUnloaded(state: WorkbenchState, id: BackboneId): Partial<WorkbenchState> {
  const { generation } = state;
  if (!(id in state.backbones)) return state;
  if (generation.status === 'running' && generation.backboneId === id) return state;
  const backbones = { ...state.backbones };
  delete backbones[id];
  return { backbones, ...(state.metadataDialogBackboneId === id ? { metadataDialogBackboneId: null } : {}) };
}

/**
 * Chooses the backbone the Generate form shows. One chosen for the first time keeps, as its own,
 * the settings the form shows now: what is on screen is what it will generate with, even if the
 * form is then edited for another backbone.
 */
export function generateBackboneChosen(state: WorkbenchState, id: BackboneId): Partial<WorkbenchState> {
  if (state.generateBackboneId === id) return state;
  if (state.settingsByBackbone[id]) return { generateBackboneId: id };
  const shown = getGenerateSettings(state);
  return { generateBackboneId: id, settingsByBackbone: { ...state.settingsByBackbone, [id]: shown } };
}

const sameUserBackbone = (a: UserBackbone, b: UserBackbone): boolean => a.fileName === b.fileName &&
  a.sha256 === b.sha256 && a.byteLength === b.byteLength && a.settingsAnsweredBy === b.settingsAnsweredBy &&
  a.externalDataFiles.join('\n') === b.externalDataFiles.join('\n');

/** Lists a user's file after the others; the same file (same id) again replaces its entry in place. */
export function userBackboneAdded(state: WorkbenchState, added: UserBackbone): Partial<WorkbenchState> {
  const at = state.userBackbones.findIndex((b) => b.id === added.id);
  if (at < 0) return { userBackbones: [...state.userBackbones, added] };
  if (sameUserBackbone(state.userBackbones[at], added)) return state;
  return { userBackbones: state.userBackbones.map((b, i) => (i === at ? added : b)) };
}

/** Takes a user's file off the list (unloaded with it); refused while a run samples from it. */
export function userBackboneRemoved(state: WorkbenchState, id: BackboneId): Partial<WorkbenchState> {
  if (!getUserBackbone(state, id)) return state;
  if (state.generation.status === 'running' && state.generation.backboneId === id) return state;
  const unloaded = { ...state, ...backboneUnloaded(state, id) };
  return {
    userBackbones: state.userBackbones.filter((b) => b.id !== id), backbones: unloaded.backbones,
    metadataDialogBackboneId: unloaded.metadataDialogBackboneId,
  };
}

/** A loaded backbone reopened with the user's answers replaces itself; the dialog that asked closes. */
export function backboneSettingsApplied(
  state: WorkbenchState, input: { id: BackboneId; backbone: LoadedBackbone; byteLength: number; answeredBy: SettingsAnswerOrigin },
): Partial<WorkbenchState> {
  if (getBackboneState(state, input.id).status !== 'loaded') return state;
  return {
    backbones: { ...state.backbones, [input.id]: { status: 'loaded', backbone: input.backbone, byteLength: input.byteLength } },
    userBackbones: state.userBackbones.map((b) => (b.id === input.id ? { ...b, settingsAnsweredBy: input.answeredBy } : b)),
    metadataDialogBackboneId: state.metadataDialogBackboneId === input.id ? null : state.metadataDialogBackboneId,
  };
}

/** Opens the metadata dialog for a loaded backbone. */
export function metadataDialogOpened(state: WorkbenchState, id: BackboneId): Partial<WorkbenchState> {
  if (state.metadataDialogBackboneId === id || getBackboneState(state, id).status !== 'loaded') return state;
  return { metadataDialogBackboneId: id };
}

/** Closes the dialog: dismissing it keeps the settings the backbone loaded with. */
export function metadataDialogClosed(state: WorkbenchState): Partial<WorkbenchState> {
  return state.metadataDialogBackboneId === null ? state : { metadataDialogBackboneId: null };
}

/** The EP a backbone is to load on from now on (its row's choice); it applies at its next load. */
export function executionProviderChosen(
  state: WorkbenchState, input: { id: BackboneId; choice: ExecutionProviderChoice },
): Partial<WorkbenchState> {
  if ((state.executionProviderChoices[input.id] ?? 'auto') === input.choice) return state;
  return { executionProviderChoices: { ...state.executionProviderChoices, [input.id]: input.choice } };
}

/** The EP a backbone loads on as chosen: 'auto' unless its row says otherwise. */
export const getExecutionProviderChoice = (state: Pick<WorkbenchState, 'executionProviderChoices'>, id: BackboneId): ExecutionProviderChoice =>
  state.executionProviderChoices[id] ?? 'auto';
