// The progress bar every job shows (generation, encoding, training, evaluation, translation): an
// accessible progressbar, 0–100, with its fill. Extra `data-*` attributes go on the bar itself.
import type { HTMLAttributes } from 'react';

type DataAttributes = { [key: `data-${string}`]: string | number };

interface ProgressBarProps {
  /** Done, 0 … 1. */
  fraction: number;
  /** What progresses, for assistive technology ("Evaluation progress"). */
  label?: string;
  testId?: string;
  /** The thin bar of a table row. */
  small?: boolean;
  data?: DataAttributes;
}

export function ProgressBar({ fraction, label, testId, small = false, data }: ProgressBarProps) {
  const attributes: HTMLAttributes<HTMLDivElement> & DataAttributes = { ...data };
  return (
    <div className={small ? 'progress-track small' : 'progress-track'} role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100}
      aria-valuenow={Math.round(fraction * 100)} data-testid={testId} {...attributes}>
      <div className="progress-fill" style={{ width: `${fraction * 100}%` }} />
    </div>
  );
}
