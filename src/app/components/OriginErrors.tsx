// The errors one panel, card or backbone caused, shown beside the field or button that caused them
// (they are also in the error area at the top); each dismissable, which removes it from both.
import { useWorkbench, workbenchActions, type ErrorOrigin } from '../store';

interface OriginErrorsProps {
  /** The origin shown here, or a test of the origin (a place that shows several). */
  origin: ErrorOrigin | ((origin: ErrorOrigin) => boolean);
  testId: string;
}

export function OriginErrors({ origin, testId }: OriginErrorsProps) {
  const errors = useWorkbench((s) => s.errors);
  const isShownHere = typeof origin === 'function' ? origin : (o: ErrorOrigin) => o === origin;
  const shown = errors.filter((e) => e.origin !== undefined && isShownHere(e.origin));
  if (shown.length === 0) return null;
  return (
    <div className="origin-errors" data-testid={testId} role="alert">
      {shown.map((error) => (
        <p className="form-error" key={error.id} data-testid={`${testId}-item`} data-code={error.code}>
          <span className="error-name">{error.name}</span> {error.message}
          <button type="button" className="button-quiet" onClick={() => workbenchActions.errorDismissed(error.id)}
            aria-label={`Dismiss ${error.name}`}>
            Dismiss
          </button>
        </p>
      ))}
    </div>
  );
}
