// The store module: components reach state only through `useWorkbench` and change it only
// through `workbenchActions`, each of which applies one pure transition (STYLE.md 7).
import { create } from 'zustand';
import {
  backboneLoadFailed, backboneLoadStarted, backboneLoaded, backboneReopened, backboneSettingsApplied, backboneUnloaded, builtInBackbonesListed,
  demoTargetLoaded, executionProviderChosen, generateBackboneChosen, metadataDialogClosed, metadataDialogOpened, userBackboneAdded, userBackboneRemoved,
} from './backbone';
import { lossCurveLoaded, lossCurveRemoved, lossCurveViewChanged } from './backboneCurves';
import { capabilitiesProbed } from './capabilities';
export { isSoftwareAdapter } from './capabilities';
import {
  comparisonCancelled, comparisonFailed, comparisonFinished, comparisonFormChanged, comparisonProgressed, comparisonStarted,
} from './comparison';
import {
  classifierCancelled, classifierFailed, classifierFinished, classifierFormChanged, classifierProgressed, classifierStarted,
} from './classifier';
import {
  cohortEncoded, cohortLoaded, dataFilesIdentified, dataJobCancelled, dataJobFailed, dataJobFinished, dataJobProgressed,
  dataJobStarted, encodeFormChanged,
} from './data';
import { errorDismissed, errorRaised } from './errors';
import {
  generationCancelled, generationDequeued, generationFailed, generationFinished, generationProgressed, generationQueued, generationStarted,
  setVersionRestored,
} from './generation';
import { evaluationReportCleared, evaluationReportFailed, evaluationReportLoaded, precomputedComparisonLoaded } from './report';
import { sessionRestored, sessionSaveFailed, sessionSaved } from './session';
import { settingChanged } from './settings';
import { syntheticImportEnded, syntheticImportFinished, syntheticImportStarted, syntheticImportsListed } from './syntheticImports';
export { getCurrentSyntheticImports } from './syntheticImports';
import { initialWorkbenchState, type WorkbenchState } from './state';
import { designCancelled, designFailed, designFinished, designFormChanged, designProgressed, designStarted, designTruthChanged } from './design';
import {
  translationCancelled, translationFailed, translationFinished, translationFormChanged, translationProgressed, translationStarted, translationTruthChanged,
  umapSelectionChanged,
} from './translation';
import {
  memorisationCancelled, memorisationFailed, memorisationFinished, memorisationFormChanged, memorisationProgressed, memorisationStarted,
} from './memorisation';

export type * from './state';
export { defaultEncodeForm, defaultSettings, gaussianDemoBackbone } from './state';
export {
  createUserBackboneId, getBackboneState, getExecutionProviderChoice, getExecutionProviders, getGenerateBackboneId, getLoadedBackbones, getUnloadedStatus,
  getUserBackbone,
} from './backbone';
export type { LoadedBackboneEntry } from './backbone';
export { defaultClassifierForm, defaultComparisonForm } from './state';
export { getErrorsFrom } from './errors';
export type { ClassifierFormChange } from './classifier';
export type { SettingChange } from './settings';
export type { ComparisonFormChange } from './comparison';
export { defaultTranslationForm } from './state';
export { defaultMemorisationForm } from './state';
export type { TranslationFormChange, TranslationStep } from './translation';
export { defaultDesignForm } from './state';
export type { DesignFormChange, DesignStep } from './design';
export { getGenerateSettings } from './settings';
export { versionOf } from './generation';
export { getShownComparison, getStaleReasons } from './report';
export type { EncodeFormChange } from './data';
export { getSessionSnapshot, getSessionStatusText, sessionSnapshotFields } from './session';
export type { SessionSnapshot } from './session';

/** Binds a transition to the store: `set` leaves the state untouched when it returns the previous reference. */
type Action<T> = T extends (state: WorkbenchState, ...input: infer I) => Partial<WorkbenchState> ? (...input: I) => void : never;

export const useWorkbench = create<WorkbenchState>()(() => initialWorkbenchState);

const bind = <T extends (state: WorkbenchState, ...input: never[]) => Partial<WorkbenchState>>(transition: T): Action<T> =>
  ((...input: never[]) => useWorkbench.setState((state) => transition(state, ...input))) as Action<T>;

export const workbenchActions = {
  capabilitiesProbed: bind(capabilitiesProbed),
  demoTargetLoaded: bind(demoTargetLoaded),
  backboneLoadStarted: bind(backboneLoadStarted),
  backboneLoaded: bind(backboneLoaded),
  backboneReopened: bind(backboneReopened),
  backboneLoadFailed: bind(backboneLoadFailed),
  backboneUnloaded: bind(backboneUnloaded),
  builtInBackbonesListed: bind(builtInBackbonesListed),
  userBackboneAdded: bind(userBackboneAdded),
  userBackboneRemoved: bind(userBackboneRemoved),
  backboneSettingsApplied: bind(backboneSettingsApplied),
  metadataDialogOpened: bind(metadataDialogOpened),
  metadataDialogClosed: bind(metadataDialogClosed),
  generateBackboneChosen: bind(generateBackboneChosen),
  executionProviderChosen: bind(executionProviderChosen),
  lossCurveLoaded: bind(lossCurveLoaded),
  lossCurveViewChanged: bind(lossCurveViewChanged),
  lossCurveRemoved: bind(lossCurveRemoved),
  settingChanged: bind(settingChanged),
  generationQueued: bind(generationQueued),
  generationDequeued: bind(generationDequeued),
  generationStarted: bind(generationStarted),
  generationProgressed: bind(generationProgressed),
  generationFinished: bind(generationFinished),
  setVersionRestored: bind(setVersionRestored),
  generationCancelled: bind(generationCancelled),
  generationFailed: bind(generationFailed),
  dataJobStarted: bind(dataJobStarted),
  dataJobProgressed: bind(dataJobProgressed),
  dataFilesIdentified: bind(dataFilesIdentified),
  cohortLoaded: bind(cohortLoaded),
  cohortEncoded: bind(cohortEncoded),
  dataJobFinished: bind(dataJobFinished),
  dataJobCancelled: bind(dataJobCancelled),
  dataJobFailed: bind(dataJobFailed),
  encodeFormChanged: bind(encodeFormChanged),
  classifierFormChanged: bind(classifierFormChanged),
  classifierStarted: bind(classifierStarted),
  classifierProgressed: bind(classifierProgressed),
  classifierFinished: bind(classifierFinished),
  classifierCancelled: bind(classifierCancelled),
  classifierFailed: bind(classifierFailed),
  evaluationReportLoaded: bind(evaluationReportLoaded),
  evaluationReportCleared: bind(evaluationReportCleared),
  evaluationReportFailed: bind(evaluationReportFailed),
  precomputedComparisonLoaded: bind(precomputedComparisonLoaded),
  comparisonFormChanged: bind(comparisonFormChanged),
  comparisonStarted: bind(comparisonStarted),
  comparisonProgressed: bind(comparisonProgressed),
  comparisonFinished: bind(comparisonFinished),
  comparisonCancelled: bind(comparisonCancelled),
  comparisonFailed: bind(comparisonFailed),
  translationFormChanged: bind(translationFormChanged),
  translationTruthChanged: bind(translationTruthChanged),
  translationStarted: bind(translationStarted),
  translationProgressed: bind(translationProgressed),
  translationFinished: bind(translationFinished),
  translationCancelled: bind(translationCancelled),
  translationFailed: bind(translationFailed),
  umapSelectionChanged: bind(umapSelectionChanged),
  memorisationFormChanged: bind(memorisationFormChanged),
  memorisationStarted: bind(memorisationStarted),
  memorisationProgressed: bind(memorisationProgressed),
  memorisationFinished: bind(memorisationFinished),
  memorisationCancelled: bind(memorisationCancelled),
  memorisationFailed: bind(memorisationFailed),
  designFormChanged: bind(designFormChanged),
  designTruthChanged: bind(designTruthChanged),
  designStarted: bind(designStarted),
  designProgressed: bind(designProgressed),
  designFinished: bind(designFinished),
  designCancelled: bind(designCancelled),
  designFailed: bind(designFailed),
  syntheticImportStarted: bind(syntheticImportStarted),
  syntheticImportFinished: bind(syntheticImportFinished),
  syntheticImportEnded: bind(syntheticImportEnded),
  syntheticImportsListed: bind(syntheticImportsListed),
  errorRaised: bind(errorRaised),
  errorDismissed: bind(errorDismissed),
  sessionRestored: bind(sessionRestored),
  sessionSaved: bind(sessionSaved),
  sessionSaveFailed: bind(sessionSaveFailed),
};

/** The store's current state, for effects that run outside React. */
export const getWorkbenchState = (): WorkbenchState => useWorkbench.getState();
