// Evaluate: every generated set shaped like the encoding against the real train and holdout, by
// the one evaluation pipeline (src/engines/evaluationPipeline.ts) that `gdw evaluate` runs too.
// This shell gathers its inputs — the encoded dataset, the held sets, the form — and hands it the
// workers: sample-set metrics and the cosine UMAP (evaluation worker), reconstruction curve,
// validation loss and TSTR training sets (each backbone's own worker, while it is loaded), TSTR
// (training worker).
import { InvalidRequestError, isCancelled, serializeError } from '../../core/errors';
import { defaultGenotypeSpaceSettings } from '../../core/genospace/section';
import { getDisplayName } from '../../core/report/identity';
import type { EvaluationReport } from '../../core/report/types';
import { runEvaluationPipeline } from '../../engines/evaluationPipeline';
import { createEvaluationClient, type EvaluationClient } from '../evaluationClient';
import { listSyntheticSets } from '../sampleSets';
import { getBackboneState, getWorkbenchState, workbenchActions, type BackboneId } from '../store';
import { getBackboneClient } from './backbones';
import { getTrainingClient } from './classifier';
import {
  cohortOfDataset, codecMismatch, evaluationPlanOf, parseComparisonForm, pickComparableSets, pipelineBackboneOf, type ComparisonChoice,
} from './comparisonPlan';
import { getDataWorkerClient, getEncodedDataset } from './dataJobs';
import { createWorkerSlot } from './workerSlot';

/** The evaluation worker, started on first use and again after it failed. */
const evaluationWorker = createWorkerSlot(createEvaluationClient);
const getEvaluationClient = (): EvaluationClient => evaluationWorker.get();

/** The running evaluation's Cancel. */
let active: AbortController | null = null;

async function evaluateAll(choice: ComparisonChoice, signal: AbortSignal, say: (stage: string, fraction: number) => void): Promise<EvaluationReport> {
  const dataset = await getEncodedDataset();
  const { usable, skipped } = pickComparableSets(listSyntheticSets(), dataset);
  const warnings = skipped.map((s) => `${getDisplayName({ id: s.backboneId })} left out: ${s.reason}`);
  const mismatched = usable.map((s) => codecMismatch(s, dataset)).find((m) => m !== null);
  if (mismatched) throw new InvalidRequestError(mismatched);
  if (usable.length === 0) {
    throw new InvalidRequestError(skipped.length > 0
      ? `no generated set matches the encoding: ${warnings.join('; ')}`
      : 'nothing is generated yet: generate samples from at least one backbone in the Generate panel');
  }
  const state = getWorkbenchState();
  const loadedClient = (id: BackboneId) => (getBackboneState(state, id).status === 'loaded' ? getBackboneClient(id) : null);
  // Imported synthetic sets (issue 12) beside the backbones' sets; the genotype-space step runs in
  // the data worker, which holds the genotypes the codec was fitted on (not a bundle's encoding).
  const dataClient = getDataWorkerClient();
  const imported = await dataClient.getImportedSets();
  const genotypes = state.encoding?.source === 'genotypes';
  if (!genotypes) warnings.push('the encoding was read from a dataset bundle without genotypes: no genotype-space section (load the VCF or PLINK files and encode them)');
  return runEvaluationPipeline({
    cohort: cohortOfDataset(dataset, state.encoding?.realGenes ?? 0),
    plan: evaluationPlanOf(choice),
    backbones: usable.map((set) => pipelineBackboneOf(set, loadedClient(set.backboneId))),
    ...(imported.length > 0 ? { imported } : {}),
    ...(genotypes ? { genotypeSpace: (sets) => dataClient.genotypeSpace(sets, { ...defaultGenotypeSpaceSettings, seed: choice.seed }) } : {}),
    engines: { evaluation: getEvaluationClient(), training: getTrainingClient },
    generator: 'Gene Diffusion Workbench',
    warnings, signal, onProgress: say,
  });
}

export async function evaluateComparison(): Promise<void> {
  let choice: ComparisonChoice;
  try {
    const { encoding, classifierRun, designRun } = getWorkbenchState();
    if (!encoding) throw new InvalidRequestError('nothing is encoded yet: encode the cohort in the Data panel first');
    // One training worker serves both: its jobs run one at a time.
    if (classifierRun.status === 'running') throw new InvalidRequestError('the Classifiers card is training: wait for it or cancel it, then evaluate');
    if (designRun.status === 'running') throw new InvalidRequestError('the Design card is using the training worker: wait for it or cancel it, then evaluate');
    choice = parseComparisonForm(getWorkbenchState().comparisonForm);
  } catch (err) {
    workbenchActions.errorRaised(serializeError(err));
    return;
  }
  const runId = getWorkbenchState().nextId;
  workbenchActions.comparisonStarted({ startedAtMs: Date.now() });
  const run = getWorkbenchState().comparisonRun;
  if (run.status !== 'running' || run.runId !== runId) return;
  const controller = new AbortController();
  active = controller;
  try {
    const report = await evaluateAll(choice, controller.signal, (stage, fraction) => workbenchActions.comparisonProgressed({ runId, stage, fraction }));
    workbenchActions.comparisonFinished({ runId, report });
  } catch (err) {
    if (isCancelled(err) || controller.signal.aborted) workbenchActions.comparisonCancelled({ runId });
    else workbenchActions.comparisonFailed({ runId, error: serializeError(err) });
  } finally {
    active = null;
  }
}

export function cancelComparison(): void {
  active?.abort();
}
