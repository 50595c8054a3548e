// The one place errors show: each typed error with its name, code and message.
import { useWorkbench, workbenchActions } from '../store';

export function ErrorArea() {
  const errors = useWorkbench((s) => s.errors);
  return (
    <div className="error-area" data-testid="error-area" role="alert" aria-live="assertive">
      {errors.map((error) => (
        <div className="error-item" key={error.id} data-testid="error-item">
          <span className="error-name">{error.name}</span>
          <code className="error-code" data-testid="error-code">{error.code}</code>
          <span className="error-message">{error.message}</span>
          <button type="button" className="button-quiet" onClick={() => workbenchActions.errorDismissed(error.id)}
            aria-label={`Dismiss ${error.name}`}>
            Dismiss
          </button>
        </div>
      ))}
    </div>
  );
}
