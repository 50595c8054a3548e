// Starts the workbench once per page: probe what the browser offers, fetch the built-in demo
// backbone and its target from this origin, load the backbone into its own worker, and load the
// demo cohort into the data worker.
import { RuntimeFailureError, serializeError } from '../../core/errors';
import { probeWebGpu } from '../../engines/gpuProbe';
import { createInferenceClient, type InferenceClient } from '../inferenceClient';
import { workbenchActions } from '../store';
import { loadDemoCohort } from './dataJobs';
import { parseDemoTarget } from './demoTarget';

export const demoFiles = {
  /** The Gaussian oracle as an ONNX backbone. */
  model: '/demo/gaussian-demo.onnx',
  /** Its target moments and schedule. */
  target: '/demo/gaussian-demo.json',
} as const;

const fileName = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

let started: Promise<void> | null = null;
let demoClient: InferenceClient | null = null;

/** The worker that holds the demo backbone, once loaded. */
export const getDemoClient = (): InferenceClient | null => demoClient;

async function fetchOk(path: string): Promise<Response> {
  const response = await fetch(path);
  if (!response.ok) throw new RuntimeFailureError(`could not fetch ${path}: HTTP ${response.status} ${response.statusText}`);
  return response;
}

async function probeCapabilities(): Promise<void> {
  const gpu = await probeWebGpu();
  workbenchActions.capabilitiesProbed({
    gpu, crossOriginIsolated: globalThis.crossOriginIsolated === true, threads: navigator.hardwareConcurrency || 1,
  });
}

async function loadDemoTarget(): Promise<void> {
  try {
    const text = await (await fetchOk(demoFiles.target)).text();
    workbenchActions.demoTargetLoaded(parseDemoTarget(text, fileName(demoFiles.target)));
  } catch (err) {
    workbenchActions.errorRaised(serializeError(err));
  }
}

async function loadDemoBackbone(): Promise<void> {
  const name = fileName(demoFiles.model);
  workbenchActions.backboneLoadStarted(name);
  try {
    const bytes = new Uint8Array(await (await fetchOk(demoFiles.model)).arrayBuffer());
    const client = createInferenceClient();
    try {
      const backbone = await client.load(bytes, { fileName: name });
      demoClient = client;
      workbenchActions.backboneLoaded({ backbone, byteLength: bytes.byteLength });
    } catch (err) {
      client.terminate();
      throw err;
    }
  } catch (err) {
    workbenchActions.backboneLoadFailed({ fileName: name, error: serializeError(err) });
  }
}

/** Idempotent: React may mount twice in development. */
export function startWorkbench(): Promise<void> {
  started ??= Promise.all([probeCapabilities(), loadDemoTarget(), loadDemoBackbone(), loadDemoCohort()]).then(() => undefined);
  return started;
}
