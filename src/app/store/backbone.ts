// Loading the demo target and backbone. A failed load never replaces a loaded backbone.
import type { SerializedError } from '../../core/errors';
import type { GaussianDemoTarget } from '../../core/sim/gaussianBackboneDemo';
import type { LoadedBackbone } from '../../engines/inference';
import { errorRaised } from './errors';
import type { WorkbenchState } from './state';

export function demoTargetLoaded(state: WorkbenchState, target: GaussianDemoTarget): Partial<WorkbenchState> {
  return state.demoTarget === target ? state : { demoTarget: target };
}

export function backboneLoadStarted(state: WorkbenchState, fileName: string): Partial<WorkbenchState> {
  const { backbone } = state;
  if (backbone.status === 'loading' && backbone.fileName === fileName) return state;
  // Keep showing a loaded backbone until its replacement is ready.
  if (backbone.status === 'loaded') return state;
  return { backbone: { status: 'loading', fileName } };
}

export function backboneLoaded(
  state: WorkbenchState, input: { backbone: LoadedBackbone; byteLength: number },
): Partial<WorkbenchState> {
  const now = state.backbone;
  if (now.status === 'loaded' && now.backbone === input.backbone) return state;
  return { backbone: { status: 'loaded', backbone: input.backbone, byteLength: input.byteLength } };
}

export function backboneLoadFailed(
  state: WorkbenchState, input: { fileName: string; error: SerializedError },
): Partial<WorkbenchState> {
  const withError = errorRaised(state, input.error);
  if (state.backbone.status === 'loaded') return withError;
  return { ...withError, backbone: { status: 'failed', fileName: input.fileName } };
}
