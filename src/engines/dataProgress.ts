// Progress of the DataEngine's long operations, a union keyed by `status` (STYLE.md 2): a load
// counts bytes read over all files; an encode counts genes fitted, genes scaled and samples
// encoded. `dataProgressFraction` turns any event into one bar from 0 to 1.

export type DataProgress =
  /** Raw (still compressed) bytes read over all files of the load. */
  | { status: 'reading'; bytesRead: number; bytesTotal: number | null }
  /** Per-gene PCA fitted on the training split. */
  | { status: 'fitting'; genesDone: number; genesTotal: number }
  /** Per-slot standardisation from the training split. */
  | { status: 'scaling'; genesDone: number; genesTotal: number }
  /** Samples encoded into the [N, G, C] tensor. */
  | { status: 'encoding'; samplesDone: number; samplesTotal: number }
  /** Encode → decode of the holdout for the round-trip ceiling. */
  | { status: 'checking'; samplesTotal: number }
  | { status: 'done'; elapsedMs: number };

/** Where each encode phase sits on the bar: fitting takes most of the time. */
const encodePhases = { fitting: [0, 0.6], scaling: [0.6, 0.75], encoding: [0.75, 0.95], checking: [0.95, 1] } as const;

const share = (done: number, total: number): number => (total > 0 ? Math.min(1, Math.max(0, done / total)) : 0);
const within = ([from, to]: readonly [number, number], part: number): number => from + (to - from) * part;

/** Fraction in [0, 1] of the operation an event belongs to; `done` is exactly 1. */
export function dataProgressFraction(event: DataProgress): number {
  switch (event.status) {
    case 'reading':
      return event.bytesTotal === null ? 0 : share(event.bytesRead, event.bytesTotal);
    case 'fitting':
    case 'scaling':
      return within(encodePhases[event.status], share(event.genesDone, event.genesTotal));
    case 'encoding':
      return within(encodePhases.encoding, share(event.samplesDone, event.samplesTotal));
    case 'checking':
      return encodePhases.checking[0];
    case 'done':
      return 1;
  }
}

/**
 * Passes at most one event per `intervalMs` to `onProgress` (a 1 GB file would otherwise post
 * 16,000 messages), but always the first of a new status and the last of a phase.
 */
export function throttleProgress(
  onProgress: ((event: DataProgress) => void) | undefined, intervalMs: number, now: () => number,
): (event: DataProgress) => void {
  if (!onProgress) return () => {};
  let lastStatus = '';
  let lastMs = -Infinity;
  return (event) => {
    const t = now();
    const isPhaseEnd = dataProgressFraction(event) === 1 || ('genesDone' in event && event.genesDone === event.genesTotal)
      || ('samplesDone' in event && event.samplesDone === event.samplesTotal);
    if (event.status === lastStatus && !isPhaseEnd && t - lastMs < intervalMs) return;
    lastStatus = event.status;
    lastMs = t;
    onProgress(event);
  };
}
