// The Compare panel's synthetic sets imported from files (issue 12): what the data worker holds,
// as the page shows it; the sets themselves stay in the worker.
import type { SyntheticImportSummary } from '../../engines/data';

export interface SyntheticImportsState {
  /** The sets held, in import order; each names the codec it was encoded with. */
  sets: SyntheticImportSummary[];
  /** The import running now: its files; null when none. */
  job: { runId: number; label: string } | null;
}
