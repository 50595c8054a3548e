// Backbones: the built-in list, and each backbone's load → loaded → unload, one worker each.
// A failed load shows its error and changes no other backbone; a loaded one is never replaced.
import { backboneFamilies } from '../../core/backbone/spec';
import type { SerializedError } from '../../core/errors';
import type { GaussianDemoTarget } from '../../core/sim/gaussianBackboneDemo';
import type { ExecutionProviderName, LoadedBackbone } from '../../engines/inference';
import { errorRaised } from './errors';
import type { BackboneId, BackboneState, BuiltInBackbone, WorkbenchState } from './state';

const idle: BackboneState = { status: 'idle' };

/** The slices the backbone selectors read, so components can pass what they subscribed to. */
type BackboneSlices = Pick<WorkbenchState, 'builtInBackbones' | 'backbones'>;

/** A backbone's load state; 'idle' when it has none. */
export const getBackboneState = (state: BackboneSlices, id: BackboneId): BackboneState => state.backbones[id] ?? idle;

/** The loaded backbones, in the order the panel lists them (new objects: compute from subscribed slices). */
export function getLoadedBackbones(state: BackboneSlices): { id: BackboneId; backbone: LoadedBackbone; byteLength: number }[] {
  return state.builtInBackbones.flatMap(({ id }) => {
    const entry = getBackboneState(state, id);
    return entry.status === 'loaded' ? [{ id, backbone: entry.backbone, byteLength: entry.byteLength }] : [];
  });
}

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
  const builtIn = state.builtInBackbones.find((b) => b.id === id);
  if (!builtIn || entry.status === 'loading' || entry.status === 'loaded') return state;
  return { backbones: { ...state.backbones, [id]: { status: 'loading', fileName: builtIn.fileName } } };
}

export function backboneLoaded(
  state: WorkbenchState, input: { id: BackboneId; backbone: LoadedBackbone; byteLength: number },
): Partial<WorkbenchState> {
  const entry = getBackboneState(state, input.id);
  if (entry.status !== 'loading') return state;
  return { backbones: { ...state.backbones, [input.id]: { status: 'loaded', backbone: input.backbone, byteLength: input.byteLength } } };
}

export function backboneLoadFailed(
  state: WorkbenchState, input: { id: BackboneId; fileName: string; error: SerializedError },
): Partial<WorkbenchState> {
  const withError = errorRaised(state, input.error);
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
  return { backbones };
}

export function generateBackboneChosen(state: WorkbenchState, id: BackboneId): Partial<WorkbenchState> {
  return state.generateBackboneId === id ? state : { generateBackboneId: id };
}
