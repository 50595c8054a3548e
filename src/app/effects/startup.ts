// Starts the workbench once per page: probe what the browser offers, load the built-in Gaussian
// demo backbone (into its own worker) and its target, list the trained demo backbones with their
// loss curves, and load the demo cohort into the data worker.
import { serializeError } from '../../core/errors';
import { probeWebGpu } from '../../engines/gpuProbe';
import { gaussianDemoBackbone, workbenchActions } from '../store';
import { fetchOk, loadBackbone, loadBuiltInCatalog } from './backbones';
import { loadDemoCohort } from './dataJobs';
import { parseDemoTarget } from './demoTarget';

/** The Gaussian oracle's target moments and schedule. */
export const demoTargetFile = '/demo/gaussian-demo.json';

let started: Promise<void> | null = null;

async function probeCapabilities(): Promise<void> {
  const gpu = await probeWebGpu();
  workbenchActions.capabilitiesProbed({
    gpu, crossOriginIsolated: globalThis.crossOriginIsolated === true, threads: navigator.hardwareConcurrency || 1,
  });
}

async function loadDemoTarget(): Promise<void> {
  try {
    const text = await (await fetchOk(demoTargetFile)).text();
    workbenchActions.demoTargetLoaded(parseDemoTarget(text, demoTargetFile.slice(demoTargetFile.lastIndexOf('/') + 1)));
  } catch (err) {
    workbenchActions.errorRaised(serializeError(err));
  }
}

/** Idempotent: React may mount twice in development. */
export function startWorkbench(): Promise<void> {
  started ??= Promise.all([
    probeCapabilities(), loadDemoTarget(), loadBackbone(gaussianDemoBackbone.id), loadBuiltInCatalog(), loadDemoCohort(),
  ]).then(() => undefined);
  return started;
}
