// Translate and Cancel of the Translate card: a thin shell over the translation pipeline that
// `gdw translate` runs too (src/engines/translationPipeline.ts). It gathers the encoded dataset
// (data worker), the chosen backbone's worker and the training worker (flip rate), runs the
// pipeline and routes its progress, log and report to the store. The translated samples are held
// here, beside the store, and leave through the data worker's export like a generated set.
import type { BackboneSpec } from '../../core/backbone/spec';
import { CancelledError, InvalidRequestError, isCancelled, serializeError } from '../../core/errors';
import type { TranslationBackboneInfo } from '../../core/translate/translate';
import type { EncodedDataset, SyntheticExportFormat } from '../../engines/data';
import type { TrainingEngine } from '../../engines/training';
import { translationProgressFraction, type TranslationProgress } from '../../engines/translation';
import { runTranslationPipeline, type TranslationCohort } from '../../engines/translationPipeline';
import type { TrainingClient } from '../trainingClient';
import { getBackboneState, getWorkbenchState, workbenchActions, type BackboneId, type TranslationStep } from '../store';
import { getBackboneClient } from './backbones';
import { getTrainingClient } from './classifier';
import { decodeSnpChanges, exportSyntheticData, getEncodedDataset } from './dataJobs';
import { parseTranslationForm } from './translationRequest';

/** What the core needs to know of a backbone to check a translation's settings; a GAN has no denoiser to invert. */
export function getTranslationBackboneInfo(spec: BackboneSpec): TranslationBackboneInfo {
  const numClasses = spec.kind === 'diffusion' && spec.labelInput ? (spec.numClasses ?? 0) : null;
  return { fileName: spec.fileName, timesteps: spec.schedule.timesteps, numClasses };
}

/** The bar's share of each stage: translating dominates; the classifier and the report follow. */
const stageShares = { translating: 0.8, flipRate: 0.15 } as const;

/** The last translation's samples, held in this tab (not saved with the session). */
interface HeldTranslation {
  runId: number;
  backboneId: string;
  samples: Float32Array;
  count: number;
  genes: number;
  channels: number;
  targetClass: number;
  codecSha256: string | null;
}

let held: HeldTranslation | null = null;
/** The running translation: its backbone's client (Cancel during translating) and whether the classifier trains. */
let active: { runId: number; backboneId: BackboneId; classifierTraining: boolean; cancelRequested: boolean } | null = null;

export const getHeldTranslation = (): Readonly<HeldTranslation> | null => held;

/** The pipeline's training engine over the page's training client. */
export function trainingEngineOf(client: TrainingClient): TrainingEngine {
  return {
    init: () => client.init(),
    train: (request, onProgress) => client.train(request, onProgress ?? (() => {})),
    evaluate: (request) => client.evaluate(request),
    tstr: (request, onProgress) => client.tstr(request, onProgress ?? (() => {})),
    inputGradient: (request) => client.inputGradient(request),
    disposeModel: (modelId) => void client.disposeModel(modelId),
    cancel: () => void client.cancel(),
  };
}

export function cohortOfDataset(dataset: EncodedDataset): TranslationCohort {
  const { tensor, shape, mask, labels, roles, sampleIds, classNames, codecSha256 } = dataset;
  return { tensor, shape, mask, labels, roles, sampleIds, classNames, codecSha256, geneNames: dataset.geneNames ?? [], codec: null };
}

/** Checks what the store knows, then returns the chosen backbone and the plan; a refusal shows in the card. */
function readChoice() {
  const state = getWorkbenchState();
  const { encoding, translationForm: form, translationRun, comparisonRun, classifierRun } = state;
  if (translationRun.status === 'running') return null;
  try {
    if (!encoding) throw new InvalidRequestError('nothing is encoded yet: encode the cohort in the Data panel first');
    const backboneId = form.backboneId as BackboneId;
    const entry = getBackboneState(state, backboneId);
    const loaded = entry.status === 'loaded' ? entry.backbone : null;
    const plan = parseTranslationForm(form, loaded ? getTranslationBackboneInfo(loaded.spec) : null, state.umapSelection);
    const client = getBackboneClient(backboneId);
    if (!loaded || !client) throw new InvalidRequestError(`${backboneId} is not loaded: load it in the Backbones panel`);
    // One training worker serves the Classifiers card, TSTR and the flip rate: one job at a time.
    if (plan.classifier && (comparisonRun.status === 'running' || classifierRun.status === 'running' || state.designRun.status === 'running')) {
      throw new InvalidRequestError('the training worker is busy (an evaluation, the Classifiers card or a design run): wait for it, or translate without the flip rate');
    }
    return { backboneId, loaded, plan, client, truth: state.translationTruth };
  } catch (err) {
    workbenchActions.errorRaised(serializeError(err), 'translate');
    return null;
  }
}

export async function translateSamples(): Promise<void> {
  // 1. The form, the backbone and the data as the store has them.
  const choice = readChoice();
  if (!choice) return;
  const { backboneId, loaded, plan, client, truth } = choice;
  const runId = getWorkbenchState().nextId;
  workbenchActions.translationStarted({ backboneId, samplesTotal: 0 });
  const run = getWorkbenchState().translationRun;
  if (run.status !== 'running' || run.runId !== runId) return;
  active = { runId, backboneId, classifierTraining: false, cancelRequested: false };
  const step = (input: Omit<TranslationStep, 'runId'>) => workbenchActions.translationProgressed({ runId, ...input });
  const log: string[] = [];
  let lastFraction = 0;
  const onProgress = (event: TranslationProgress) => {
    lastFraction = translationProgressFraction(event, lastFraction);
    const samples = event.status === 'initiate' || event.status === 'done'
      ? { samplesTotal: event.samplesTotal, ...(event.status === 'done' ? { samplesDone: event.samplesTotal } : {}) }
      : { samplesDone: event.samplesDone, samplesTotal: event.samplesTotal };
    const translating = event.status === 'initiate' || event.status === 'progress';
    if (!translating && plan.classifier && active?.runId === runId) active.classifierTraining = true;
    step({
      stage: translating ? 'translating' : plan.classifier ? 'flip rate' : 'report',
      fraction: translating ? lastFraction * stageShares.translating : stageShares.translating, ...samples,
    });
  };
  try {
    // 2. The encoded dataset (shared memory where the page is isolated) and the pipeline.
    const dataset = await getEncodedDataset();
    // A Cancel before the backbone started has nothing to stop in its worker.
    if (active?.cancelRequested) throw new CancelledError('translation');
    const result = await runTranslationPipeline({
      cohort: cohortOfDataset(dataset), plan, backbone: { spec: loaded.spec, sha256: loaded.sha256, engine: client },
      training: plan.classifier ? trainingEngineOf(getTrainingClient()) : null,
      causalGenes: truth?.causalGenes ?? null, generator: 'Gene Diffusion Workbench',
      // The codec stays in the data worker: the SNP dosage changes are decoded there.
      decodeSnpChanges,
      onLog: (line) => {
        log.push(line);
        if (line.startsWith('flip-rate classifier')) step({ stage: 'report', fraction: stageShares.translating + stageShares.flipRate });
      },
      onProgress,
    });
    // 3. Hold the samples for export, then show the report.
    const { report } = result;
    held = {
      runId, backboneId, samples: result.translated, count: report.data.translated, genes: dataset.shape.genes, channels: dataset.shape.channels,
      targetClass: report.data.targetClass.index, codecSha256: loaded.spec.codecSha256,
    };
    workbenchActions.translationFinished({ runId, report, truthFile: truth?.fileName ?? null, log });
  } catch (err) {
    if (isCancelled(err)) workbenchActions.translationCancelled({ runId });
    else workbenchActions.translationFailed({ runId, error: serializeError(err) });
  } finally {
    if (active?.runId === runId) active = null;
  }
}

/**
 * Cancel: while translating, the backbone stops between two denoiser calls and the samples that
 * finished are reported (the pipeline's rule); once the flip-rate classifier trains, its training
 * stops and every translated sample is reported without a flip rate (the report says why).
 */
export function cancelTranslation(): void {
  if (!active) return;
  active.cancelRequested = true;
  if (active.classifierTraining) void getTrainingClient().cancel();
  else void getBackboneClient(active.backboneId)?.cancel();
}

/** The translated set as a bundle, VCF or PLINK fileset: the generated sets' export job of the data worker. */
export function exportTranslatedSet(format: SyntheticExportFormat): Promise<void> {
  const set = held;
  const shown = getWorkbenchState().translation;
  if (!set || !shown || shown.runId !== set.runId) {
    workbenchActions.errorRaised(serializeError(new InvalidRequestError('no translated samples are held in this tab: translate first')), 'translate');
    return Promise.resolve();
  }
  const name = `translated-${set.backboneId}-to-class${set.targetClass}`;
  return exportSyntheticData(`the ${format} of ${set.count} translated samples`, {
    name, format, samples: set.samples, count: set.count, genes: set.genes, channels: set.channels,
    labels: new Int32Array(set.count).fill(set.targetClass), codecSha256: set.codecSha256,
  }).catch((err: unknown) => workbenchActions.errorRaised(serializeError(err), 'translate'));
}
