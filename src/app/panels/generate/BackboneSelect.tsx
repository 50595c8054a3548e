// Which loaded backbone the Generate form shows and edits the settings of.
import type { ChangeEvent } from 'react';
import { getGenerateBackboneId, getLoadedBackbones, useWorkbench, workbenchActions, type BackboneId } from '../../store';

export function BackboneSelect({ disabled }: { disabled: boolean }) {
  const builtInBackbones = useWorkbench((s) => s.builtInBackbones);
  const backbones = useWorkbench((s) => s.backbones);
  const userBackbones = useWorkbench((s) => s.userBackbones);
  const selected = useWorkbench(getGenerateBackboneId);
  const loaded = getLoadedBackbones({ builtInBackbones, backbones, userBackbones });
  const onChange = (e: ChangeEvent<HTMLSelectElement>) => workbenchActions.generateBackboneChosen(e.target.value as BackboneId);
  return (
    <label className="field generate-backbone">
      <span className="field-label">Backbone</span>
      <select value={selected ?? ''} onChange={onChange} disabled={disabled || loaded.length === 0} data-testid="generate-backbone">
        {loaded.length === 0 && <option value="">none loaded</option>}
        {loaded.map(({ id, name, backbone }) => (
          <option key={id} value={id}>{name} ({backbone.spec.family}, {backbone.executionProvider})</option>
        ))}
      </select>
    </label>
  );
}
