// The comparison the Compare panel's report card shows: a loaded `gdw evaluate --out report.json`
// or one evaluated here (`evaluationReport`), else the demo's precomputed one. A load replaces the
// report, a clear removes what is shown; a failed load raises the error and keeps the report there.
// A comparison evaluated here is marked stale when what it used changed (getStaleReasons).
import { DEFAULT_DDIM_STEPS } from '../../core/diffusion/sampler';
import type { SerializedError } from '../../core/errors';
import { getDisplayName } from '../../core/report/identity';
import { generationText } from '../../core/report/provenance';
import type { EvaluationReport, GenerationSection } from '../../core/report/types';
import { errorRaised } from './errors';
import { versionOf } from './generation';
import type { BackboneId, GenerationSummary, PrecomputedComparison, WorkbenchState } from './state';

export function evaluationReportLoaded(state: WorkbenchState, input: { fileName: string; report: EvaluationReport }): Partial<WorkbenchState> {
  const current = state.evaluationReport;
  if (current && current.fileName === input.fileName && current.report === input.report) return state;
  return { evaluationReport: { fileName: input.fileName, report: input.report } };
}

/** Clears what is shown: the user's report, and the precomputed one it may have covered. */
export function evaluationReportCleared(state: WorkbenchState): Partial<WorkbenchState> {
  if (!state.evaluationReport && !state.precomputedComparison) return state;
  return { evaluationReport: null, precomputedComparison: null };
}

/** The error goes to the one error area; the previous report stays. */
export function evaluationReportFailed(state: WorkbenchState, error: SerializedError): Partial<WorkbenchState> {
  return errorRaised(state, error);
}

/** The demo's precomputed comparison arrived; it waits behind a comparison of the user's own, if one came first. */
export function precomputedComparisonLoaded(state: WorkbenchState, input: { fileName: string; report: EvaluationReport }): Partial<WorkbenchState> {
  const current = state.precomputedComparison;
  if (current && current.fileName === input.fileName && current.report === input.report) return state;
  return { precomputedComparison: { precomputed: true, fileName: input.fileName, report: input.report } };
}

/**
 * What the report card shows: the user's comparison, else the precomputed one while the loaded
 * encoding is the one it was computed on (or nothing is encoded yet: the demo is encoding).
 * Returns references held in the state, so it can be a store selector.
 */
export function getShownComparison(state: Pick<WorkbenchState, 'evaluationReport' | 'precomputedComparison' | 'encoding'>):
  WorkbenchState['evaluationReport'] | PrecomputedComparison | null {
  if (state.evaluationReport) return state.evaluationReport;
  const precomputed = state.precomputedComparison;
  if (!precomputed) return null;
  const encoded = state.encoding?.codecSha256 ?? null;
  return encoded === null || encoded === precomputed.report.bundle.codecSha256 ? precomputed : null;
}

/** A generation as the report and the Generate panel both describe it: what makes its samples. */
function generationKey(g: { count: number; sampler: string; steps: number; eta: number | null; seed: number; executionProvider: string }): string {
  return `${g.count} ${g.sampler} ${g.sampler === 'ddim' ? g.steps : '-'} ${g.eta ?? '-'} ${g.seed} ${g.executionProvider}`;
}

/**
 * Why a comparison evaluated in this session no longer describes what is loaded: the encoding
 * changed, or a backbone's current set was regenerated with other settings, swapped for an earlier
 * version or removed. Empty when it still does (a set generated again with the same settings is
 * the same set: sampling is seeded). Loaded
 * report files and the precomputed comparison describe their own sets and are never stale here.
 */
export function getStaleReasons(state: Pick<WorkbenchState, 'evaluationReport' | 'syntheticSets' | 'encoding'>): string[] {
  const shown = state.evaluationReport;
  if (!shown || shown.fileName !== null) return [];
  const { report } = shown;
  const reasons: string[] = [];
  const codec = state.encoding?.codecSha256 ?? null;
  if (codec !== null && codec !== report.bundle.codecSha256) {
    reasons.push(`the data was encoded again (codec ${codec.slice(0, 12)}…, the comparison used ${report.bundle.codecSha256.slice(0, 12)}…)`);
  }
  for (const backbone of report.backbones) {
    const name = getDisplayName({ id: backbone.id, fileName: backbone.file.name });
    const set = state.syntheticSets[backbone.id as BackboneId];
    if (!set) {
      reasons.push(`${name}'s set is no longer held`);
      continue;
    }
    const now = describeSummary(set, backbone.generation.steps);
    if (set.fileName !== backbone.file.name || generationKey(now) !== generationKey(backbone.generation)) {
      const how = versionOf(set) > (backbone.generation.setVersion ?? 0) ? 'was generated again' : 'has an earlier set in use';
      reasons.push(`${name} ${how} (${generationText(now)}; the comparison used ${generationText(backbone.generation)})`);
    }
  }
  return reasons;
}

/** A held set's generation in the report's terms; DDPM runs all T steps, which the summary does not record. */
function describeSummary(set: GenerationSummary, ddpmSteps: number): GenerationSection {
  const { request } = set;
  const gan = set.backboneKind === 'gan-generator';
  const ddim = request.sampler === 'ddim';
  return {
    count: set.count, classCounts: set.classCounts, sampler: gan ? 'gan' : request.sampler,
    steps: gan ? 1 : ddim ? request.steps ?? DEFAULT_DDIM_STEPS : ddpmSteps, eta: ddim && !gan ? request.eta ?? 0 : null,
    seed: request.seed, batchSize: request.batchSize, executionProvider: set.executionProvider, elapsedMs: set.elapsedMs,
    setVersion: versionOf(set),
  };
}
