// The Design card: one run at a time, started → progress (the two classifiers, then each method's
// iterations with a trace point each, then scoring) … → done | cancelled | failed. A cancel after a
// method started still brings its report (status 'cancelled'); events of another run are ignored.
import type { CausalEffect } from '../../core/design/liabilityOracle';
import type { DesignReport } from '../../core/design/report';
import type { SerializedError } from '../../core/errors';
import type { DesignForm, DesignRunState, DesignStage, LiveDesignPoint } from './designState';
import { errorRaised } from './errors';
import type { WorkbenchState } from './state';

export type DesignFormChange =
  | { field: 'activation' | 'joint' | 'guidance'; value: boolean }
  | { field: 'start'; value: DesignForm['start'] }
  | { field: Exclude<keyof DesignForm, 'activation' | 'joint' | 'guidance' | 'start'>; value: string };

type RunningDesign = Extract<DesignRunState, { status: 'running' }>;

function currentRun(state: WorkbenchState, runId: number): RunningDesign | null {
  const run = state.designRun;
  return run.status === 'running' && run.runId === runId ? run : null;
}

export function designFormChanged(state: WorkbenchState, change: DesignFormChange): Partial<WorkbenchState> {
  if (state.designForm[change.field] === change.value) return state;
  return { designForm: { ...state.designForm, [change.field]: change.value } };
}

/** A truth.json read in the card (null: cleared); the next run scores designs by their true liability. */
export function designTruthChanged(state: WorkbenchState, truth: { fileName: string; effects: CausalEffect[]; causalGenes: string[] } | null): Partial<WorkbenchState> {
  if (state.designTruth === truth) return state;
  return { designTruth: truth };
}

export function designStarted(state: WorkbenchState, input: { backboneId: string | null }): Partial<WorkbenchState> {
  if (state.designRun.status === 'running') return state;
  return {
    designRun: { status: 'running', runId: state.nextId, backboneId: input.backboneId, stage: 'classifiers', fraction: 0, iterationsDone: 0, iterationsTotal: 0, points: [] },
    nextId: state.nextId + 1,
  };
}

export interface DesignStep {
  runId: number;
  stage: DesignStage;
  /** Share of the whole run in [0, 1]; the bar never moves back. */
  fraction: number;
  iterationsDone?: number;
  iterationsTotal?: number;
  /** A trace point just measured. */
  point?: LiveDesignPoint;
}

export function designProgressed(state: WorkbenchState, input: DesignStep): Partial<WorkbenchState> {
  const run = currentRun(state, input.runId);
  if (!run) return state;
  const fraction = Math.min(1, Math.max(run.fraction, input.fraction));
  const iterationsDone = input.iterationsDone ?? run.iterationsDone;
  const iterationsTotal = input.iterationsTotal ?? run.iterationsTotal;
  const points = input.point ? [...run.points, input.point] : run.points;
  if (fraction === run.fraction && input.stage === run.stage && iterationsDone === run.iterationsDone && iterationsTotal === run.iterationsTotal && points === run.points) return state;
  return { designRun: { ...run, stage: input.stage, fraction, iterationsDone, iterationsTotal, points } };
}

/** The pipeline's report: a whole run ('done'), or what finished before a Cancel ('cancelled'). */
export function designFinished(state: WorkbenchState, input: { runId: number; report: DesignReport; truthFile: string | null; log: string[] }): Partial<WorkbenchState> {
  const run = currentRun(state, input.runId);
  if (!run) return state;
  return {
    designRun: { status: input.report.status, runId: run.runId, backboneId: run.backboneId },
    design: { runId: run.runId, backboneId: run.backboneId, report: input.report, truthFile: input.truthFile, log: input.log },
  };
}

/** Cancelled before any method ran (the classifiers were training): nothing to report, the last outcome stays. */
export function designCancelled(state: WorkbenchState, input: { runId: number }): Partial<WorkbenchState> {
  const run = currentRun(state, input.runId);
  if (!run) return state;
  return { designRun: { status: 'cancelled', runId: run.runId, backboneId: run.backboneId } };
}

export function designFailed(state: WorkbenchState, input: { runId: number; error: SerializedError }): Partial<WorkbenchState> {
  const run = currentRun(state, input.runId);
  if (!run) return state;
  return { ...errorRaised(state, input.error, 'design'), designRun: { status: 'failed', runId: run.runId, backboneId: run.backboneId } };
}
