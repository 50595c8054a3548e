// Before Generate: the memory the samples will take and, once this backbone has run here, how
// long they will take at its measured speed; warnings past 1 GB, 10 minutes, or a denoiser call
// too long for Cancel to act within a second.
import type { GenerationEstimate as Estimate } from '../../effects/generationEstimate';
import { formatBytes, formatCount, formatDuration } from '../../format';

function timeText({ timeMs, speed }: Estimate): string {
  if (timeMs === null || speed === null) return 'time unknown until this backbone has generated here: the first batch gives an ETA';
  const from = `${formatCount(speed.count)} samples × ${formatCount(speed.callsPerSample)} steps in ${formatDuration(speed.elapsedMs)}`;
  return `≈ ${formatDuration(timeMs)} at its last run's speed (${from})`;
}

export function GenerationEstimate({ estimate, count }: { estimate: Estimate; count: number }) {
  const warn = estimate.warnings.length > 0;
  return (
    <div className={`generation-estimate${warn ? ' estimate-warn' : ''}`} data-testid="generate-estimate"
      data-bytes={estimate.bytes} data-time-ms={estimate.timeMs ?? ''} data-call-ms={estimate.callMs ?? ''} data-warn={warn}>
      <span>
        Estimate: {formatBytes(estimate.bytes)} for {formatCount(count)} samples (float32) · {formatCount(estimate.calls)} denoiser calls · {timeText(estimate)}
      </span>
      {estimate.warnings.map((w) => <span key={w} className="chip chip-warn" data-testid="generate-estimate-warning">{w}</span>)}
    </div>
  );
}
