// Design and Cancel of the Design card: a thin shell over the design pipeline `gdw design` runs too
// (src/engines/designPipeline.ts). It gathers the encoded dataset and its codec (data worker), the
// chosen backbone's worker (G(z) for the joint method, the denoiser for guidance) and the training
// worker (the predictor, the oracle classifier and their input gradients), runs the pipeline and
// routes its progress, trace points, log and report to the store. The designed sets are held here,
// beside the store, and leave through the data worker's export like a generated set.
import { parseCausalEffects } from '../../core/design/liabilityOracle';
import type { DesignMethod } from '../../core/design/report';
import { parseCausalGenes } from '../../core/translate/truthFile';
import { CancelledError, InvalidRequestError, isCancelled, serializeError } from '../../core/errors';
import type { SyntheticExportFormat } from '../../engines/data';
import { designProgressFraction, runDesignPipeline, type DesignProgress, type DesignSet } from '../../engines/designPipeline';
import { getBackboneState, getWorkbenchState, workbenchActions, type BackboneId, type DesignStep } from '../store';
import { getBackboneClient } from './backbones';
import { getTrainingClient } from './classifier';
import { exportSyntheticData, getEncodedCodec, getEncodedDataset } from './dataJobs';
import { parseDesignForm } from './designRequest';
import { cohortOfDataset, trainingEngineOf } from './translation';

/** The last run's designed sets, held in this tab (not saved with the session). */
interface HeldDesigns {
  runId: number;
  backboneId: string | null;
  sets: DesignSet[];
  genes: number;
  channels: number;
  targetClass: number;
  codecSha256: string;
}

let held: HeldDesigns | null = null;
/** The running design: its abort signal, and whether the training worker is busy with its classifiers. */
let active: { runId: number; controller: AbortController; classifiersTraining: boolean } | null = null;

export const getHeldDesigns = (): Readonly<HeldDesigns> | null => held;

/** The demo cohort's truth file, fetched from this origin. */
export const DEMO_TRUTH_URL = '/demo/cohort/truth.json';

/** Reads a truth.json (the card's file input, or the demo's) into the store; a bad file is an error at the card, the last truth stays. */
export async function readDesignTruth(source: File | 'demo'): Promise<void> {
  try {
    const [name, text] = source === 'demo'
      ? ['truth.json (demo)', await fetch(DEMO_TRUTH_URL).then((r) => {
        if (!r.ok) throw new InvalidRequestError(`${DEMO_TRUTH_URL}: HTTP ${r.status}; the demo's truth file is not served`);
        return r.text();
      })]
      : [source.name, await source.text()];
    workbenchActions.designTruthChanged({ fileName: name, effects: parseCausalEffects(text, name), causalGenes: parseCausalGenes(text, name) });
  } catch (err) {
    workbenchActions.errorRaised(serializeError(err), 'design');
  }
}

/** Checks what the store knows, then returns the plan and the backbone, if one is chosen; a refusal shows in the card. */
function readChoice() {
  const state = getWorkbenchState();
  const { encoding, designForm: form, designRun, comparisonRun, classifierRun, translationRun } = state;
  if (designRun.status === 'running') return null;
  try {
    if (!encoding) throw new InvalidRequestError('nothing is encoded yet: encode the cohort in the Data panel first');
    const backboneId = form.backboneId === '' ? null : (form.backboneId as BackboneId);
    const entry = backboneId ? getBackboneState(state, backboneId) : null;
    const loaded = entry?.status === 'loaded' ? entry.backbone : null;
    if (backboneId && !loaded) throw new InvalidRequestError(`${backboneId} is not loaded: load it in the Backbones panel`);
    const plan = parseDesignForm(form, loaded?.spec ?? null);
    const client = backboneId ? getBackboneClient(backboneId) : null;
    if (backboneId && !client) throw new InvalidRequestError(`${backboneId} is not loaded: load it in the Backbones panel`);
    // One training worker serves the Classifiers card, TSTR, the flip rate and the design classifiers: one job at a time.
    if (comparisonRun.status === 'running' || classifierRun.status === 'running' || translationRun.status === 'running') {
      throw new InvalidRequestError('the training worker is busy (an evaluation, the Classifiers card or a translation): wait for it to finish');
    }
    const backbone = loaded && client ? { spec: loaded.spec, sha256: loaded.sha256, engine: client } : null;
    return { backboneId, plan, backbone, truth: state.designTruth };
  } catch (err) {
    workbenchActions.errorRaised(serializeError(err), 'design');
    return null;
  }
}

/** The store's step for one pipeline event. */
function stepOf(event: DesignProgress, fraction: number): Omit<DesignStep, 'runId'> | null {
  switch (event.status) {
    case 'initiate':
    case 'training':
      return { stage: 'classifiers', fraction };
    case 'progress':
      return {
        stage: event.method, fraction, iterationsDone: event.iterationsDone, iterationsTotal: event.iterationsTotal,
        point: { method: event.method, point: event.point },
      };
    case 'scoring':
      return { stage: 'scoring', fraction };
    default:
      return null;
  }
}

export async function runDesign(): Promise<void> {
  // 1. The form, the backbone and the truth as the store has them.
  const choice = readChoice();
  if (!choice) return;
  const { backboneId, plan, backbone, truth } = choice;
  const runId = getWorkbenchState().nextId;
  workbenchActions.designStarted({ backboneId });
  const run = getWorkbenchState().designRun;
  if (run.status !== 'running' || run.runId !== runId) return;
  const controller = new AbortController();
  active = { runId, controller, classifiersTraining: true };
  const log: string[] = [];
  let lastFraction = 0;
  const onProgress = (event: DesignProgress) => {
    lastFraction = designProgressFraction(event, lastFraction);
    if (active?.runId === runId) active.classifiersTraining = event.status === 'initiate' || event.status === 'training';
    const step = stepOf(event, lastFraction);
    if (step) workbenchActions.designProgressed({ runId, ...step });
  };
  try {
    // 2. The encoded dataset (shared memory where the page is isolated), its codec, and the pipeline.
    const [dataset, codec] = await Promise.all([getEncodedDataset(), getEncodedCodec()]);
    if (controller.signal.aborted) throw new CancelledError('design');
    const result = await runDesignPipeline({
      cohort: { ...cohortOfDataset(dataset), codec }, plan, backbone, training: trainingEngineOf(getTrainingClient()),
      truth: truth?.effects ?? null, generator: 'Gene Diffusion Workbench', signal: controller.signal,
      onLog: (line) => log.push(line), onProgress,
    });
    // 3. Hold the designs for export, then show the report.
    const { report, sets } = result;
    if (report.methods.length === 0) throw new CancelledError('design');
    held = { runId, backboneId, sets, genes: dataset.shape.genes, channels: dataset.shape.channels, targetClass: plan.targetClass, codecSha256: dataset.codecSha256 };
    workbenchActions.designFinished({ runId, report, truthFile: truth?.fileName ?? null, log });
  } catch (err) {
    if (isCancelled(err)) workbenchActions.designCancelled({ runId });
    else workbenchActions.designFailed({ runId, error: serializeError(err) });
  } finally {
    if (active?.runId === runId) active = null;
  }
}

/**
 * Cancel: between two iterations the running method stops and keeps its designs so far, and the
 * methods that finished are reported (the pipeline's rule); while the classifiers train, the
 * training worker stops and the run ends with nothing new reported.
 */
export function cancelDesign(): void {
  if (!active) return;
  active.controller.abort();
  if (active.classifiersTraining) void getTrainingClient().cancel();
}

/** One method's designs as a bundle, VCF or PLINK fileset: the generated sets' export job of the data worker. */
export function exportDesignedSet(method: DesignMethod, format: SyntheticExportFormat): Promise<void> {
  const shown = getWorkbenchState().design;
  const set = held && shown && shown.runId === held.runId ? held.sets.find((s) => s.method === method) : undefined;
  if (!held || !set) {
    workbenchActions.errorRaised(serializeError(new InvalidRequestError(`no ${method} designs are held in this tab: design first`)), 'design');
    return Promise.resolve();
  }
  const name = `designed-${method}-${held.backboneId ?? 'no-backbone'}-class${held.targetClass}`;
  return exportSyntheticData(`the ${format} of ${set.count} ${method} designs`, {
    name, format, samples: set.designs, count: set.count, genes: held.genes, channels: held.channels,
    labels: new Int32Array(set.count).fill(held.targetClass), codecSha256: held.codecSha256,
  }).catch((err: unknown) => workbenchActions.errorRaised(serializeError(err), 'design'));
}
