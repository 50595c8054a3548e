// The run's status, a progress bar with steps done / total and the time left, and what the last
// run produced.
import { progressFraction } from '../../../engines/progress';
import { SLOW_CALL_MS } from '../../effects/generationEstimate';
import { formatDuration } from '../../format';
import type { GenerationState, GenerationSummary } from '../../store';
import { RunSummary } from './RunSummary';
import { ProgressBar } from '../../components/ProgressBar';

function statusText(generation: GenerationState, lastRun: GenerationSummary | null): string {
  switch (generation.status) {
    case 'idle':
      return 'Ready';
    case 'running':
      return generation.progress ? `Generating from ${generation.progress.backbone}…` : 'Generating…';
    case 'done':
      return lastRun ? `Done in ${formatDuration(lastRun.elapsedMs)} on ${lastRun.executionProvider}` : 'Done';
    case 'cancelled':
      return `Cancelled after ${generation.stepsDone} of ${generation.stepsTotal} steps`;
    case 'failed':
      return 'Failed (the error is shown above)';
  }
}

export function GenerationProgress({ generation, lastRun }: { generation: GenerationState; lastRun: GenerationSummary | null }) {
  const progress = generation.status === 'running' ? generation.progress : null;
  const fraction = generation.status === 'done' ? 1
    : generation.status === 'cancelled' ? generation.stepsDone / Math.max(1, generation.stepsTotal)
      : progress ? progressFraction(progress) : 0;
  const steps = progress?.status === 'progress' ? progress : null;
  return (
    <div className="generation-progress">
      <div className={`status status-${generation.status}`} data-testid="generate-status" data-status={generation.status}>
        {statusText(generation, lastRun)}
      </div>
      <ProgressBar fraction={fraction} label="Generation progress" testId="generate-progress"
        data={{ 'data-steps-done': steps?.stepsDone ?? 0, 'data-steps-total': steps?.stepsTotal ?? 0 }} />
      <div className="progress-numbers" data-testid="progress-text">
        {steps ? (
          <>
            <span data-testid="progress-steps">step {steps.stepsDone} / {steps.stepsTotal}</span>
            <span>samples {steps.samplesDone} / {steps.samplesTotal}</span>
            <span data-testid="progress-eta">ETA {steps.etaMs === null ? '—' : formatDuration(steps.etaMs)}</span>
            <span>{formatDuration(steps.elapsedMs)} elapsed</span>
          </>
        ) : generation.status === 'running' ? <span>starting…</span> : <span>&nbsp;</span>}
      </div>
      {steps && steps.stepsDone > 0 && steps.elapsedMs / steps.stepsDone > SLOW_CALL_MS && (
        <p className="note" data-testid="generate-slow-call">
          Each denoiser call takes ≈ {formatDuration(steps.elapsedMs / steps.stepsDone)} here: Cancel acts when the call under way ends.
        </p>
      )}
      {lastRun?.fallback && generation.status === 'done' && <p className="note" data-testid="generate-fallback">{lastRun.fallback}</p>}
      {lastRun && generation.status !== 'running' && <RunSummary summary={lastRun} />}
    </div>
  );
}
