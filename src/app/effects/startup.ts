// Starts the workbench once per page: probe what the browser offers, load the Gaussian demo's
// target, list the trained demo backbones with their loss curves, then either restore the session
// saved in this browser or, on first open, load the Gaussian demo backbone (into its own worker),
// the demo cohort, encoded as the demo backbones were trained, and the demo's precomputed
// comparison of the built-in backbones. Saving starts after that.
import { clearOpfsSpillFolder } from '../../engines/opfsHandle';
import { serializeError } from '../../core/errors';
import { probeWebGpu } from '../../engines/gpuProbe';
import { startSessionAutosave } from '../session/autosave';
import { getWrittenState, readSavedSession, restoreSavedSession } from '../session/restore';
import { getSessionStore } from '../session/sessionDb';
import { setSessionAutosave } from '../session/sessionTransfer';
import { gaussianDemoBackbone, workbenchActions } from '../store';
import { fetchOk, loadBackbone, loadBuiltInCatalog } from './backbones';
import { loadAndEncodeDemoCohort } from './dataJobs';
import { parseDemoTarget } from './demoTarget';
import { loadPrecomputedComparison } from './precomputedComparison';

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

/** Spill files a closed or crashed tab left in OPFS (sets are never kept across loads); none without OPFS. */
async function clearSpilledSets(): Promise<void> {
  await clearOpfsSpillFolder().catch(() => undefined);
}

async function start(): Promise<void> {
  // 0. Before any worker opens a store.
  await clearSpilledSets();
  // 1. The saved session, if this browser holds one (a browser without IndexedDB runs unsaved).
  const store = await getSessionStore();
  const saved = store ? await readSavedSession(store) : null;
  // 2. What every start needs, and either the saved session or the first-open demo.
  const catalogListed = loadBuiltInCatalog();
  const common = [probeCapabilities(), loadDemoTarget(), catalogListed];
  if (store && saved) await Promise.all([...common, restoreSavedSession(store, saved, catalogListed)]);
  else await Promise.all([...common, loadBackbone(gaussianDemoBackbone.id), loadAndEncodeDemoCohort(), loadPrecomputedComparison()]);
  // 3. Save from now on: a write before this point would catch the restore half done.
  if (store) setSessionAutosave(startSessionAutosave(store, await getWrittenState(store, saved)));
}

/** Idempotent: React may mount twice in development. */
export function startWorkbench(): Promise<void> {
  started ??= start();
  return started;
}
