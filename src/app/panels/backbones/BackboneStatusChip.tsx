// A listed backbone's load state: where it runs once loaded, a load under way or failed; nothing
// when it is not loaded (its button then says Load).
import type { BackboneState } from '../../store';

export function BackboneStatusChip({ entry, testId }: { entry: BackboneState; testId: string }) {
  switch (entry.status) {
    case 'idle':
      return null;
    case 'loading':
      return <span className="chip chip-pending">loading…</span>;
    case 'failed':
      return <span className="chip chip-error" title="See the error under its row">failed</span>;
    case 'loaded':
      return <span className={`badge badge-${entry.backbone.executionProvider}`} data-testid={testId}>{entry.backbone.executionProvider}</span>;
  }
}
