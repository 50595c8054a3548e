// Generate and Cancel: send the form's request to the chosen backbone's worker, stream its
// progress into the store, and summarise the samples; for the Gaussian demo, check their moments
// against the target it represents. A cancel is not an error.
import { InvalidRequestError, isCancelled, serializeError } from '../../core/errors';
import { gaussianDemoBackbone, getBackboneState, getGenerateBackboneId, getWorkbenchState, workbenchActions } from '../store';
import { getBackboneClient } from './backbones';
import { createGenerationReport } from './generationReport';
import { summarizeGeneration } from './generationSummary';
import { parseSampleRequest } from './sampleRequest';

export async function generate(): Promise<void> {
  // 1. Everything needed must be there, and the form must parse.
  const state = getWorkbenchState();
  const backboneId = getGenerateBackboneId(state);
  const entry = backboneId === null ? null : getBackboneState(state, backboneId);
  const client = backboneId === null ? null : getBackboneClient(backboneId);
  const isGaussianDemo = backboneId === gaussianDemoBackbone.id;
  let request;
  try {
    if (backboneId === null || entry?.status !== 'loaded' || !client) throw new InvalidRequestError('no backbone is loaded: load one in the Backbones panel');
    if (isGaussianDemo && !state.demoTarget) throw new InvalidRequestError('the demo target (gaussian-demo.json) is not loaded yet');
    request = parseSampleRequest(state.settings, entry.backbone.spec);
  } catch (err) {
    workbenchActions.errorRaised(serializeError(err));
    return;
  }
  // 2. Start the run (a no-op while one runs).
  const runId = getWorkbenchState().nextId;
  workbenchActions.generationStarted(backboneId);
  const generation = getWorkbenchState().generation;
  if (generation.status !== 'running' || generation.runId !== runId) return;
  // 3. Sample in the worker, then summarise here; the moment check applies to the Gaussian demo only.
  try {
    const { spec } = entry.backbone;
    const result = await client.sample(request, (progress) => workbenchActions.generationProgressed({ runId, progress }));
    const summary = summarizeGeneration(result, backboneId, spec);
    const report = isGaussianDemo && state.demoTarget ? createGenerationReport(result, spec, state.demoTarget) : null;
    workbenchActions.generationFinished({ runId, summary, report });
  } catch (err) {
    if (isCancelled(err)) workbenchActions.generationCancelled({ runId });
    else workbenchActions.generationFailed({ runId, error: serializeError(err) });
  }
}

export function cancelGeneration(): void {
  const { generation } = getWorkbenchState();
  if (generation.status === 'running') void getBackboneClient(generation.backboneId)?.cancel();
}
