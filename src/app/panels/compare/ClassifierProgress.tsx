// The classifier run's status line and progress bar: epoch done / at most, the last losses, the
// tfjs backend and the time so far; a cancel says how far it got.
import { trainingProgressFraction } from '../../../engines/training';
import { classifierNames } from '../../effects/classifierRequest';
import { formatDuration, formatFixed } from '../../format';
import type { ClassifierReport, ClassifierRunState } from '../../store';
import { ProgressBar } from '../../components/ProgressBar';

function statusText(run: ClassifierRunState, report: ClassifierReport | null): string {
  switch (run.status) {
    case 'idle':
      return 'Not trained yet';
    case 'running':
      if (!run.backend) return `Starting TensorFlow.js for the ${classifierNames[run.kind]}…`;
      return run.progress?.status === 'evaluating' ? 'Testing on the real holdout…' : `Training the ${classifierNames[run.kind]} on ${run.backend}…`;
    case 'done':
      return report ? `Done in ${formatDuration(report.result.elapsedMs)} on ${report.result.backend}` : 'Done';
    case 'cancelled':
      return `Cancelled after ${run.history.length} of ${run.epochsMax} epochs`;
    case 'failed':
      return 'Failed (the error is shown above)';
  }
}

function fractionOf(run: ClassifierRunState): number {
  switch (run.status) {
    case 'running':
      return run.progress ? trainingProgressFraction(run.progress) : 0;
    case 'cancelled':
      return run.history.length / Math.max(1, run.epochsMax);
    case 'done':
      return 1;
    default:
      return 0;
  }
}

function Numbers({ run }: { run: ClassifierRunState }) {
  if (run.status !== 'running') return <span>&nbsp;</span>;
  const last = run.history.at(-1);
  const elapsedMs = run.progress && 'elapsedMs' in run.progress ? run.progress.elapsedMs : null;
  return (
    <>
      <span data-testid="classifier-epochs-done">epoch {run.history.length} / {run.epochsMax}</span>
      {last && <span>train loss {formatFixed(last.trainLoss)} · val loss {formatFixed(last.valLoss)} · val acc {formatFixed(last.valAcc)}</span>}
      {elapsedMs !== null && <span>{formatDuration(elapsedMs)} elapsed</span>}
    </>
  );
}

export function ClassifierProgress({ run, report }: { run: ClassifierRunState; report: ClassifierReport | null }) {
  const fraction = fractionOf(run);
  return (
    <div className="generation-progress">
      <div className={`status status-${run.status}`} data-testid="classifier-status" data-status={run.status}>
        {statusText(run, report)}
      </div>
      <ProgressBar fraction={fraction} label="Classifier training progress" testId="classifier-progress" />
      <div className="progress-numbers"><Numbers run={run} /></div>
    </div>
  );
}
