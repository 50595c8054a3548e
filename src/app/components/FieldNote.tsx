// Under a form field: its error while its text does not parse (the message names the field and
// what it accepts), else its hint. The input points at it with aria-describedby.
export const fieldNoteId = (testId: string): string => `${testId}-note`;

export function FieldNote({ testId, error, hint }: { testId: string; error?: string; hint?: string }) {
  if (error) return <span className="field-error" id={fieldNoteId(testId)} data-testid={`${testId}-error`}>{error}</span>;
  return hint ? <span className="field-hint" id={fieldNoteId(testId)}>{hint}</span> : null;
}

/** Beside a button the form's errors hold back: which fields to correct first. */
export function FieldsToFix({ labels, testId }: { labels: string[]; testId: string }) {
  if (labels.length === 0) return null;
  return <span className="field-error button-note" data-testid={testId}>Correct {labels.join(', ')} first</span>;
}
