// The Session section of the header: the session is saved in this browser as it changes; these
// controls move it to and from a file, or forget it, with a line saying how it stands.
import { useState, type ChangeEvent } from 'react';
import { exportSession, forgetSession, importSession } from '../session/sessionTransfer';
import { getSessionStatusText, useWorkbench } from '../store';

function onSessionFileChosen(event: ChangeEvent<HTMLInputElement>): void {
  const input = event.currentTarget;
  const file = input.files?.[0];
  // Cleared so that choosing the same file again imports it again.
  input.value = '';
  if (file) void importSession(file);
}

export function SessionControls() {
  const status = useWorkbench(getSessionStatusText);
  const saveFailed = useWorkbench((s) => s.session.saveFailed);
  const [confirming, setConfirming] = useState(false);
  const forget = () => {
    if (confirming) void forgetSession();
    else setConfirming(true);
  };
  return (
    <section className="session-controls" aria-label="Session" data-testid="session-controls">
      <span className="session-title">Session</span>
      <button type="button" className="button-small" onClick={exportSession} data-testid="session-export"
        title="Download the settings, generated sets and results as a zip">
        Export session
      </button>
      <label className="button-file button-small" title="Load a session exported earlier, made on the data and backbones loaded now">
        Import session
        <input type="file" accept=".zip,application/zip" className="visually-hidden" onChange={onSessionFileChosen}
          data-testid="session-import-input" />
      </label>
      <button type="button" className={`button-small${confirming ? ' button-danger' : ''}`} onClick={forget} onBlur={() => setConfirming(false)}
        data-testid="session-forget" title="Clear what this browser keeps of the session and start afresh">
        {confirming ? 'Click again to forget' : 'Forget session'}
      </button>
      <span className={`session-status${saveFailed ? ' session-status-failed' : ''}`} data-testid="session-status" aria-live="polite">
        {status}
      </span>
    </section>
  );
}
