// Evaluate: every generated set shaped like the encoding against the real train and holdout, in
// the workers — sample-set metrics and the cosine UMAP (evaluation worker), reconstruction curve
// and validation loss (each backbone's own worker, while it is loaded), TSTR (training worker) —
// put together as one versioned EvaluationReport, the same document `gdw evaluate` writes.
import { defaultBootstrapSettings } from '../../core/classify/evaluate';
import { defaultClassifierSpecs } from '../../core/classify/models';
import { defaultTrainSettings } from '../../core/classify/train';
import { sampleRoles } from '../../core/encode/split';
import { CancelledError, InvalidRequestError, isCancelled, serializeError } from '../../core/errors';
import { countClasses } from '../../core/report/plan';
import { validationLossSection } from '../../core/report/sections';
import {
  REPORT_FORMAT, REPORT_VERSION, type BackboneReport, type EvaluationReport, type EvaluationSettings, type TstrRun, type TstrSection,
} from '../../core/report/types';
import type { EncodedDataset } from '../../engines/data';
import { evaluationProgressFraction, type SampleSetData } from '../../engines/evaluation';
import { trainingProgressFraction } from '../../engines/training';
import { createEvaluationClient, type EvaluationClient } from '../evaluationClient';
import { listSyntheticSets, type SyntheticSet } from '../sampleSets';
import { getBackboneState, getWorkbenchState, workbenchActions } from '../store';
import { getBackboneClient } from './backbones';
import { getTrainingClient } from './classifier';
import { labelledRows } from './classifierRequest';
import {
  backboneHeaderOf, bundleSummaryOf, classCountOf, codecMismatch, evaluationSettingsOf, parseComparisonForm, pickComparableSets,
  realSetsOf, type ComparisonChoice,
} from './comparisonPlan';
import { getEncodedDataset } from './dataJobs';
import { createWorkerSlot } from './workerSlot';

/** The evaluation worker, started on first use and again after it failed. */
const evaluationWorker = createWorkerSlot(createEvaluationClient);
const getEvaluationClient = (): EvaluationClient => evaluationWorker.get();

/** Where the running evaluation is, for Cancel: the engine to tell, and a flag for the gaps between calls. */
let active: { runId: number; cancel: () => void; cancelled: boolean } | null = null;

function checkCancelled(): void {
  if (active?.cancelled) throw new CancelledError('the evaluation');
}

/** What Cancel tells from now on: the engine the evaluation is waiting on. */
function onCancel(cancel: () => void): void {
  if (active) active.cancel = cancel;
}

type Say = (stage: string, fraction: number) => void;

/** The curves need a denoiser and the backbone's worker: a GAN generator or an unloaded backbone has none. */
async function runCurves(
  set: SyntheticSet, holdout: SampleSetData, dataset: EncodedDataset, choice: ComparisonChoice, warnings: string[], say: (f: number) => void,
) {
  const client = getBackboneClient(set.backboneId);
  if (set.spec.kind !== 'diffusion') return { reconstruction: null, validationLoss: null };
  if (!client || getBackboneState(getWorkbenchState(), set.backboneId).status !== 'loaded') {
    warnings.push(`${set.backboneId}: not loaded any more, so no reconstruction curve or validation loss (load it and evaluate again)`);
    return { reconstruction: null, validationLoss: null };
  }
  const { genes, channels } = dataset.shape;
  const classes = set.spec.numClasses ?? classCountOf(dataset);
  const labels = set.spec.labelInput
    ? Int32Array.from(holdout.labels ?? [], (l, i) => (l >= 0 && l < classes ? l : i % classes)) : null;
  const evaluationSet = { x0: holdout.data, shape: { batch: holdout.count, genes, channels }, mask: dataset.mask };
  const common = { seed: choice.seed, batchSize: 64, labels };
  onCancel(() => void client.cancel());
  const reconstruction = await client.reconstructionCurve(evaluationSet, { ...common, levels: choice.levels }, (e) => {
    if (e.status === 'progress') say(0.8 * (e.callsDone / Math.max(1, e.callsTotal)));
  });
  checkCancelled();
  const loss = await client.validationLoss(evaluationSet, { ...common, drawsPerSample: 1 });
  return { reconstruction, validationLoss: validationLossSection(loss) };
}

/** TSTR (paper Table 1) for every chosen classifier: real, then each conditional backbone's set. */
async function runTstr(
  sets: SyntheticSet[], dataset: EncodedDataset, choice: ComparisonChoice, warnings: string[], say: (f: number) => void,
): Promise<TstrSection> {
  if (choice.classifiers.length === 0) return { status: 'not-run', reason: 'no classifier was chosen' };
  const realTrain = labelledRows(dataset, sampleRoles.train);
  const holdout = labelledRows(dataset, sampleRoles.holdout);
  const classes = classCountOf(dataset);
  const trainPerClass = countClasses(realTrain.labels, classes);
  if (trainPerClass.filter((n) => n > 0).length < 2 || countClasses(holdout.labels, classes).filter((n) => n > 0).length < 2) {
    return { status: 'not-run', reason: 'the encoding needs at least two labelled classes in both the training split and the holdout' };
  }
  const conditional = sets.filter((s) => s.labels !== null);
  const synthetic = conditional.map((s) => ({
    id: s.backboneId, set: { data: s.samples, shape: { batch: s.count, genes: s.genes, channels: s.channels }, labels: Int8Array.from(s.labels!), mask: dataset.mask },
  }));
  // The paper trains on as many synthetic samples per class as real ones; with fewer, each set is used as it is.
  const matchRealTrain = conditional.every((s) => countClasses(s.labels!, classes).every((n, c) => n >= trainPerClass[c]));
  if (!matchRealTrain && conditional.length > 0) {
    warnings.push(`TSTR: a synthetic set has fewer samples of some class than the real training set (${trainPerClass.join('/')}); each was used as generated, so training sizes differ between rows (see n per row)`);
  }
  const training = getTrainingClient();
  await training.init();
  const runs: TstrRun[] = [];
  for (const [i, classifier] of choice.classifiers.entries()) {
    checkCancelled();
    onCancel(() => void training.cancel());
    const result = await training.tstr({
      realTrain, holdout, synthetic, classes, matchRealTrain,
      train: { ...defaultTrainSettings, model: defaultClassifierSpecs[classifier], seed: choice.seed, epochs: choice.tstrEpochs },
      bootstrap: { ...defaultBootstrapSettings, resamples: choice.bootstrapResamples, seed: choice.seed },
    }, (event) => say((i + trainingProgressFraction(event)) / choice.classifiers.length));
    const { backend, elapsedMs, ...report } = result;
    runs.push({ classifier, report, tfBackend: backend, elapsedMs });
  }
  const first = conditional[0];
  return {
    status: 'done', runs,
    skipped: sets.filter((s) => s.labels === null).map((s) => ({ backboneId: s.backboneId, reason: 'unconditional: takes no class label, so it has no class-conditional synthetic set' })),
    synthetic: first
      ? { count: matchRealTrain ? realTrain.shape.batch : first.count, classCounts: matchRealTrain ? trainPerClass : countClasses(first.labels!, classes), seed: choice.seed }
      : { count: 0, classCounts: new Array<number>(classes).fill(0), seed: choice.seed },
  };
}

/** Steps 1–5 of an evaluation; each stage owns a slice of the bar. */
async function evaluateAll(choice: ComparisonChoice, say: Say): Promise<EvaluationReport> {
  // 1. The encoded dataset and the sets that can be compared with it.
  const dataset = await getEncodedDataset();
  const { usable, skipped } = pickComparableSets(listSyntheticSets(), dataset);
  const warnings = skipped.map((s) => `${s.backboneId} left out: ${s.reason}`);
  const mismatched = usable.map((s) => codecMismatch(s, dataset)).find((m) => m !== null);
  if (mismatched) throw new InvalidRequestError(mismatched);
  if (usable.length === 0) {
    throw new InvalidRequestError(skipped.length > 0
      ? `no generated set matches the encoding: ${warnings.join('; ')}`
      : 'nothing is generated yet: generate samples from at least one backbone in the Generate panel');
  }
  usable.filter((s) => !s.spec.codecSha256).forEach((s) => warnings.push(`${s.backboneId} (${s.spec.fileName}) names no codec (gdw.codec_sha256): it may have been trained on another encoding of these genes`));
  const settings: EvaluationSettings = evaluationSettingsOf(choice, usable);
  const stages = usable.length * 2 + 2;
  let stage = 0;
  const sayStage = (label: string) => (f: number) => say(label, (stage + f) / stages);
  // 2. Sample-set metrics (NNAA, NN test, DCR, memorisation) per backbone.
  const engine = getEvaluationClient();
  onCancel(() => void engine.cancel());
  const real = realSetsOf(dataset);
  await engine.setRealSets(real);
  const backbones: BackboneReport[] = [];
  for (const set of usable) {
    checkCancelled();
    await engine.putSyntheticSet(set.backboneId, { data: set.samples, count: set.count, labels: set.labels });
    onCancel(() => void engine.cancel());
    const metricsSay = sayStage(`metrics of ${set.backboneId}`);
    const metrics = await engine.evaluateSyntheticSet(set.backboneId, settings.metrics, (e) => metricsSay(evaluationProgressFraction(e)));
    stage++;
    // 3. Reconstruction curve and validation loss on the real holdout, in the backbone's worker.
    checkCancelled();
    const curves = await runCurves(set, real.holdout, dataset, choice, warnings, sayStage(`reconstruction curve of ${set.backboneId}`));
    stage++;
    backbones.push({ ...backboneHeaderOf(set, dataset), ...curves, metrics });
  }
  // 4. One cosine UMAP of every set.
  checkCancelled();
  onCancel(() => void engine.cancel());
  const umapSay = sayStage('cosine UMAP');
  const umap = settings.umap ? await engine.embed(settings.umap, (e) => umapSay(evaluationProgressFraction(e))) : null;
  stage++;
  // 5. TSTR, then the report.
  const tstr = await runTstr(usable, dataset, choice, warnings, sayStage('TSTR classifiers'));
  return {
    format: REPORT_FORMAT, version: REPORT_VERSION, createdAt: new Date().toISOString(), generator: 'Gene Diffusion Workbench',
    bundle: bundleSummaryOf(dataset, getWorkbenchState().encoding?.realGenes ?? 0), settings, backbones, umap, tstr, warnings,
  };
}

export async function evaluateComparison(): Promise<void> {
  let choice: ComparisonChoice;
  try {
    const { encoding, classifierRun } = getWorkbenchState();
    if (!encoding) throw new InvalidRequestError('nothing is encoded yet: encode the cohort in the Data panel first');
    // One training worker serves both: its jobs run one at a time.
    if (classifierRun.status === 'running') throw new InvalidRequestError('the Classifiers card is training: wait for it or cancel it, then evaluate');
    choice = parseComparisonForm(getWorkbenchState().comparisonForm);
  } catch (err) {
    workbenchActions.errorRaised(serializeError(err));
    return;
  }
  const runId = getWorkbenchState().nextId;
  workbenchActions.comparisonStarted({ startedAtMs: Date.now() });
  const run = getWorkbenchState().comparisonRun;
  if (run.status !== 'running' || run.runId !== runId) return;
  active = { runId, cancel: () => undefined, cancelled: false };
  try {
    const report = await evaluateAll(choice, (stage, fraction) => workbenchActions.comparisonProgressed({ runId, stage, fraction }));
    workbenchActions.comparisonFinished({ runId, report });
  } catch (err) {
    if (isCancelled(err)) workbenchActions.comparisonCancelled({ runId });
    else workbenchActions.comparisonFailed({ runId, error: serializeError(err) });
  } finally {
    active = null;
  }
}

export function cancelComparison(): void {
  if (!active) return;
  active.cancelled = true;
  active.cancel();
}
