// Which loaded backbone Generate samples from.
import type { ChangeEvent } from 'react';
import { getGenerateBackboneId, getLoadedBackbones, useWorkbench, workbenchActions, type BackboneId } from '../../store';

export function BackboneSelect({ disabled }: { disabled: boolean }) {
  const builtInBackbones = useWorkbench((s) => s.builtInBackbones);
  const backbones = useWorkbench((s) => s.backbones);
  const selected = useWorkbench(getGenerateBackboneId);
  const loaded = getLoadedBackbones({ builtInBackbones, backbones });
  const onChange = (e: ChangeEvent<HTMLSelectElement>) => workbenchActions.generateBackboneChosen(e.target.value as BackboneId);
  return (
    <label className="field generate-backbone">
      <span className="field-label">Backbone</span>
      <select value={selected ?? ''} onChange={onChange} disabled={disabled || loaded.length === 0} data-testid="generate-backbone">
        {loaded.length === 0 && <option value="">none loaded</option>}
        {loaded.map(({ id, backbone }) => (
          <option key={id} value={id}>{backbone.spec.fileName} ({backbone.spec.family}, {backbone.executionProvider})</option>
        ))}
      </select>
    </label>
  );
}
