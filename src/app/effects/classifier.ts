// Train and Cancel of the Classifiers card: the encoded dataset comes from the data worker, the
// classifier trains in the training worker (created on first use, once) and streams one record
// per epoch into the store for the live curves. A cancel is not an error.
import { CancelledError, InvalidRequestError, isCancelled, serializeError } from '../../core/errors';
import { getWorkbenchState, workbenchActions } from '../store';
import { createTrainingClient, type TrainingClient } from '../trainingClient';
import { createRealTstrRequest, parseClassifierForm, type ClassifierChoice } from './classifierRequest';
import { getEncodedDataset } from './dataJobs';
import { createWorkerSlot } from './workerSlot';

/**
 * The one training worker, shared by the Classifiers card and the comparison's TSTR (one job at a
 * time); started on first use and again after it failed.
 */
const trainingWorker = createWorkerSlot(createTrainingClient);
export const getTrainingClient = (): TrainingClient => trainingWorker.get();

/**
 * The run whose Cancel came before its job reached the worker (while the dataset was fetched or
 * the backend started): the worker has nothing to cancel yet, so the run stops here instead.
 */
let cancelRequestedFor: number | null = null;

function readChoice(): ClassifierChoice | null {
  try {
    const { encoding, classifierForm, comparisonRun } = getWorkbenchState();
    if (!encoding) throw new InvalidRequestError('nothing is encoded yet: encode the cohort in the Data panel first');
    if (comparisonRun.status === 'running') throw new InvalidRequestError('an evaluation is running in the Compare panel: wait for it or cancel it, then train');
    return parseClassifierForm(classifierForm);
  } catch (err) {
    workbenchActions.errorRaised(serializeError(err), 'classifier');
    return null;
  }
}

/** The real row of TSTR: train on the real training split, select on validation, test on the real holdout. */
export async function trainRealClassifier(): Promise<void> {
  // 1. An encoding must be there and the form must parse.
  const choice = readChoice();
  if (!choice) return;
  // 2. Start the run (a no-op while one runs).
  const runId = getWorkbenchState().nextId;
  workbenchActions.classifierStarted({ kind: choice.kind, epochsMax: choice.epochs });
  const run = getWorkbenchState().classifierRun;
  if (run.status !== 'running' || run.runId !== runId) return;
  // 3. The dataset from the data worker and a started tfjs backend, then the job in the worker.
  try {
    const training = getTrainingClient();
    const [dataset, backend] = await Promise.all([getEncodedDataset(), training.init()]);
    const request = createRealTstrRequest(dataset, choice);
    if (cancelRequestedFor === runId) throw new CancelledError('training');
    const result = await training.tstr(request, (event) => workbenchActions.classifierProgressed({ runId, event }));
    workbenchActions.classifierFinished({
      runId, report: { result, backendReport: backend, classNames: dataset.classNames, codecSha256: dataset.codecSha256 },
    });
  } catch (err) {
    if (isCancelled(err)) workbenchActions.classifierCancelled({ runId });
    else workbenchActions.classifierFailed({ runId, error: serializeError(err) });
  }
}

export function cancelClassifier(): void {
  const run = getWorkbenchState().classifierRun;
  if (run.status !== 'running') return;
  cancelRequestedFor = run.runId;
  void trainingWorker.peek()?.cancel();
}
