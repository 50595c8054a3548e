// Generate and Cancel: send the form's request to the demo backbone's worker, stream its
// progress into the store, and turn the samples into moment checks. A cancel is not an error.
import { InvalidRequestError, isCancelled, serializeError } from '../../core/errors';
import { getWorkbenchState, workbenchActions } from '../store';
import { createGenerationReport } from './generationReport';
import { parseSampleRequest } from './sampleRequest';
import { getDemoClient } from './startup';

export async function generate(): Promise<void> {
  // 1. Everything needed must be there, and the form must parse.
  const { backbone, demoTarget, settings } = getWorkbenchState();
  const client = getDemoClient();
  let request;
  try {
    if (backbone.status !== 'loaded' || !client) throw new InvalidRequestError('the demo backbone is not loaded yet');
    if (!demoTarget) throw new InvalidRequestError('the demo target (gaussian-demo.json) is not loaded yet');
    request = parseSampleRequest(settings, backbone.backbone.spec);
  } catch (err) {
    workbenchActions.errorRaised(serializeError(err));
    return;
  }
  // 2. Start the run (a no-op while one runs).
  const runId = getWorkbenchState().nextId;
  workbenchActions.generationStarted();
  const generation = getWorkbenchState().generation;
  if (generation.status !== 'running' || generation.runId !== runId) return;
  // 3. Sample in the worker, then check the moments here.
  try {
    const result = await client.sample(request, (progress) => workbenchActions.generationProgressed({ runId, progress }));
    const report = createGenerationReport(result, backbone.backbone.spec, demoTarget);
    workbenchActions.generationFinished({ runId, report });
  } catch (err) {
    if (isCancelled(err)) workbenchActions.generationCancelled({ runId });
    else workbenchActions.generationFailed({ runId, error: serializeError(err) });
  }
}

export function cancelGeneration(): void {
  void getDemoClient()?.cancel();
}
