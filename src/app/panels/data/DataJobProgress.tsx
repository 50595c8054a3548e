// The status and progress bar of a data-worker job, with Cancel; when the job shown is of another
// kind, a resting line (what is loaded, what is encoded) stands in its place.
import { dataProgressFraction, type DataProgress } from '../../../engines/dataProgress';
import { cancelDataJob } from '../../effects/dataJobs';
import { formatBytes, formatCount, formatDuration } from '../../format';
import type { DataJobKind, DataJobState } from '../../store';
import { ProgressBar } from '../../components/ProgressBar';

const verbs: Record<DataJobKind, [running: string, done: string]> = {
  load: ['Loading', 'Loaded'],
  encode: ['Encoding', 'Encoded'],
  export: ['Preparing', 'Prepared'],
};

function progressText(progress: DataProgress | null): string {
  if (!progress) return 'starting…';
  switch (progress.status) {
    case 'reading':
      return progress.bytesTotal === null ? `${formatBytes(progress.bytesRead)} read` : `${formatBytes(progress.bytesRead)} of ${formatBytes(progress.bytesTotal)}`;
    case 'fitting':
      return `PCA fitted for ${formatCount(progress.genesDone)} of ${formatCount(progress.genesTotal)} genes`;
    case 'scaling':
      return `slots scaled for ${formatCount(progress.genesDone)} of ${formatCount(progress.genesTotal)} genes`;
    case 'encoding':
      return `${formatCount(progress.samplesDone)} of ${formatCount(progress.samplesTotal)} samples encoded`;
    case 'checking':
      return `round trip on ${formatCount(progress.samplesTotal)} holdout samples`;
    case 'done':
      return `in ${formatDuration(progress.elapsedMs)}`;
  }
}

function statusText(job: Exclude<DataJobState, { status: 'idle' }>): string {
  const [running, done] = verbs[job.kind];
  switch (job.status) {
    case 'running':
      return `${running} ${job.label}…`;
    case 'done':
      return `${done} ${job.label}`;
    case 'cancelled':
      return `Cancelled: ${progressText(job.progress)}`;
    case 'failed':
      return job.kind === 'load' ? 'Failed (see below); the loaded cohort is unchanged' : 'Failed (see below)';
  }
}

interface DataJobProgressProps {
  job: DataJobState;
  kinds: DataJobKind[];
  /** Used for test ids: data-<name>-status, -progress, -cancel. */
  name: string;
  /** What stands when no job of these kinds is under way or failed: "Loaded cohort.vcf in 0.2 s". */
  resting: string;
  /** Whether `resting` names a result (full bar, in green) rather than its absence. */
  hasResult: boolean;
}

export function DataJobProgress({ job, kinds, name, resting, hasResult }: DataJobProgressProps) {
  const shown = job.status !== 'idle' && kinds.includes(job.kind) ? job : null;
  // A finished job reads as its result, which the resting line states with its timing.
  const active = shown && shown.status !== 'done' ? shown : null;
  // With no job of its kinds to show, the line stands for its result: done when there is one.
  const status = shown?.status ?? (hasResult ? 'done' : 'idle');
  const fraction = active ? (active.progress ? dataProgressFraction(active.progress) : 0) : hasResult ? 1 : 0;
  const tone = active ? active.status : hasResult ? 'done' : 'idle';
  return (
    <div className="data-progress">
      <div className="data-progress-line">
        <span className={`status status-${tone}`} data-testid={`data-${name}-status`} data-status={status}>
          {active ? statusText(active) : resting}
        </span>
        {active?.status === 'running' && (
          <button type="button" className="button-quiet" onClick={cancelDataJob} data-testid={`data-${name}-cancel`}>Cancel</button>
        )}
      </div>
      <ProgressBar fraction={fraction} label={`${name} progress`} testId={`data-${name}-progress`} />
      <div className="progress-numbers">{active?.status === 'running' ? progressText(active.progress) : '\u00a0'}</div>
    </div>
  );
}
