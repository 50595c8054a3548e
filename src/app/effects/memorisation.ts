// Run and Cancel of the Memorisation card, and its demo pairs: a thin shell over the memorisation
// pipeline `gdw memorisation` runs too (src/engines/memorisationPipeline.ts). The two backbones
// generate on their own workers from the same seeds; the encoded dataset comes from the data worker.
import { CancelledError, InvalidRequestError, isCancelled, serializeError } from '../../core/errors';
import { sha256Hex } from '../../core/report/plan';
import {
  labelsInTurn, memorisationDataOfDataset, runMemorisationPipeline, type MemorisationMember, type MemorisationProgress,
} from '../../engines/memorisationPipeline';
import type { InferenceClient } from '../inferenceClient';
import {
  createUserBackboneId, getBackboneState, getExecutionProviderChoice, getLoadedBackbones, getWorkbenchState, isSoftwareAdapter, workbenchActions,
  type BackboneId,
} from '../store';
import { addUserBackboneFiles, fetchOk, getBackboneClient } from './backbones';
import { getEncodedDataset } from './dataJobs';
import { parseMemorisationForm } from './memorisationRequest';

/** The shipped pairs of models/demo/memorisation (README there), served at this path by scripts/demoBackbones.ts. */
export const demoPairsUrl = '/demo/memorisation/';
export const demoPairs = [
  { id: 'half', a: 'half-A', b: 'half-B', title: '450 / 450 rows, from scratch' },
  { id: 'n200', a: 'n200-a', b: 'n200-b', title: '200 / 200 rows, from scratch' },
  { id: 'n50', a: 'n50-a', b: 'n50-b', title: '50 / 50 rows, from scratch' },
  { id: 'full50', a: 'full50-a', b: 'full50-b', title: '50 / 50 rows, full fine-tuning of half-B' },
  { id: 'lora50', a: 'lora50-a', b: 'lora50-b', title: '50 / 50 rows, LoRA fine-tuning of half-B' },
] as const;

/** The running test: which backbone generates now (Cancel stops it between two denoiser calls). */
let active: { runId: number; generating: InferenceClient | null; cancelRequested: boolean } | null = null;

/** The form's two backbones, loaded, as the pipeline's pair; throws a typed refusal naming what is missing. */
function readPair() {
  const state = getWorkbenchState();
  if (!state.encoding) throw new InvalidRequestError('nothing is encoded yet: encode the cohort (or load the bundle the models were trained on) in the Data panel first');
  const plan = parseMemorisationForm(state.memorisationForm);
  const loaded = getLoadedBackbones(state);
  const members = [state.memorisationForm.backboneA, state.memorisationForm.backboneB].map((id) => {
    const entry = loaded.find((b) => b.id === id);
    const client = getBackboneClient(id as BackboneId);
    if (!entry || !client) throw new InvalidRequestError(`${id} is not loaded: load it in the Backbones panel (or load a demo pair here)`);
    const member: MemorisationMember = {
      id: entry.name, spec: entry.backbone.spec, file: { name: entry.backbone.spec.fileName, sha256: entry.backbone.sha256, bytes: entry.byteLength },
      engine: { sample: (request, onProgress) => client.sample(request, onProgress ?? (() => {})) },
    };
    return { member, client };
  });
  return { plan, members };
}

export async function runMemorisation(): Promise<void> {
  if (getWorkbenchState().memorisationRun.status === 'running') return;
  // 1. The form and the two loaded backbones.
  let choice: ReturnType<typeof readPair>;
  try {
    choice = readPair();
  } catch (err) {
    workbenchActions.errorRaised(serializeError(err), 'memorisation');
    return;
  }
  const { plan, members } = choice;
  const runId = getWorkbenchState().nextId;
  workbenchActions.memorisationStarted();
  active = { runId, generating: null, cancelRequested: false };
  const onProgress = (event: MemorisationProgress) => {
    if (event.status === 'measuring') {
      workbenchActions.memorisationProgressed({ runId, stage: 'measuring', fraction: 0.95 });
      return;
    }
    if (active?.runId === runId) active.generating = members[event.member].client;
    const e = event.event;
    const share = e.status === 'progress' ? e.stepsDone / e.stepsTotal : e.status === 'initiate' ? 0 : 1;
    workbenchActions.memorisationProgressed({ runId, stage: event.member === 0 ? 'generating A' : 'generating B', fraction: 0.475 * (event.member + share) });
  };
  try {
    // 2. The encoded dataset, then the shared pipeline.
    const dataset = await getEncodedDataset();
    if (active.cancelRequested) throw new CancelledError('memorisation test');
    const { report } = await runMemorisationPipeline({
      data: memorisationDataOfDataset(dataset), pair: [members[0].member, members[1].member], plan, labelsFor: labelsInTurn,
      generator: 'Gene Diffusion Workbench', onProgress,
    });
    workbenchActions.memorisationFinished({ runId, report });
  } catch (err) {
    if (isCancelled(err)) workbenchActions.memorisationCancelled({ runId });
    else workbenchActions.memorisationFailed({ runId, error: serializeError(err) });
  } finally {
    if (active?.runId === runId) active = null;
  }
}

/** Cancel: the backbone that generates stops between two denoiser calls; the last report stays. */
export function cancelMemorisation(): void {
  if (!active) return;
  active.cancelRequested = true;
  active.generating?.cancel();
}

/** Adds (if needed) and loads a shipped demo pair as the user's backbones, and chooses it in the form. */
export async function loadDemoPair(pairId: string): Promise<void> {
  const pair = demoPairs.find((p) => p.id === pairId);
  if (!pair) return;
  try {
    const ids: BackboneId[] = [];
    for (const name of [pair.a, pair.b]) {
      const bytes = new Uint8Array(await (await fetchOk(`${demoPairsUrl}${name}.onnx`)).arrayBuffer());
      const id = createUserBackboneId(await sha256Hex(bytes));
      // A software WebGPU adapter (SwiftShader) takes about a second a denoiser call; these 0.4 MB models run faster on WASM.
      const state = getWorkbenchState();
      if (isSoftwareAdapter(state.capabilities.gpu) && getExecutionProviderChoice(state, id) === 'auto') {
        workbenchActions.executionProviderChosen({ id, choice: 'wasm' });
      }
      if (getBackboneState(getWorkbenchState(), id).status !== 'loaded') await addUserBackboneFiles([new File([bytes], `${name}.onnx`)]);
      if (getBackboneState(getWorkbenchState(), id).status !== 'loaded') return;
      ids.push(id);
    }
    workbenchActions.memorisationFormChanged({ field: 'backboneA', value: ids[0] });
    workbenchActions.memorisationFormChanged({ field: 'backboneB', value: ids[1] });
  } catch (err) {
    workbenchActions.errorRaised(serializeError(err), 'memorisation');
  }
}
