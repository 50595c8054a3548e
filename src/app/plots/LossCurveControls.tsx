// TensorBoard's controls for the loss curves: a smoothing slider (debiased EMA weight), log y and log x.
// One view for every loss figure, so the Backbones and Compare panels draw the same way.
import type { ChangeEvent } from 'react';
import { useWorkbench, workbenchActions } from '../store';

export function LossCurveControls({ testIdPrefix = 'loss' }: { testIdPrefix?: string }) {
  const view = useWorkbench((s) => s.lossCurveView);
  const onSmoothing = (e: ChangeEvent<HTMLInputElement>) => workbenchActions.lossCurveViewChanged({ smoothing: Number(e.target.value) });
  const onLogY = (e: ChangeEvent<HTMLInputElement>) => workbenchActions.lossCurveViewChanged({ logY: e.target.checked });
  const onLogX = (e: ChangeEvent<HTMLInputElement>) => workbenchActions.lossCurveViewChanged({ logX: e.target.checked });
  return (
    <div className="loss-controls">
      <label className="slider-field">
        <span>Smoothing</span>
        <input type="range" min={0} max={0.99} step={0.01} value={view.smoothing} onChange={onSmoothing} data-testid={`${testIdPrefix}-smoothing`} />
        <output className="numeric" data-testid={`${testIdPrefix}-smoothing-value`}>{view.smoothing.toFixed(2)}</output>
      </label>
      <label className="check-line">
        <input type="checkbox" checked={view.logY} onChange={onLogY} data-testid={`${testIdPrefix}-log-y`} />
        log y
      </label>
      <label className="check-line">
        <input type="checkbox" checked={view.logX} onChange={onLogX} data-testid={`${testIdPrefix}-log-x`} />
        log x
      </label>
    </div>
  );
}
