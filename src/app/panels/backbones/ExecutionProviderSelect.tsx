// Where one backbone runs: Auto (WebGPU when an adapter exists, else WASM), WebGPU or WASM, chosen
// before Load or at any time after (a loaded backbone reopens on it). With a software WebGPU
// adapter the row says WASM is likely faster.
import type { ChangeEvent } from 'react';
import { chooseExecutionProvider } from '../../effects/backbones';
import { getExecutionProviderChoice, isSoftwareAdapter, useWorkbench, type BackboneId, type ExecutionProviderChoice } from '../../store';

export function ExecutionProviderSelect({ id, disabled }: { id: BackboneId; disabled: boolean }) {
  const choice = useWorkbench((s) => getExecutionProviderChoice(s, id));
  const gpu = useWorkbench((s) => s.capabilities.gpu);
  const software = isSoftwareAdapter(gpu);
  const onChange = (e: ChangeEvent<HTMLSelectElement>) => void chooseExecutionProvider(id, e.target.value as ExecutionProviderChoice);
  return (
    <select className="ep-select" value={choice} onChange={onChange} disabled={disabled} aria-label="Execution provider"
      title={`Where this backbone runs (auto: ${gpu ? 'WebGPU' : 'WASM'} here); a loaded one reopens on the new choice${software ? '. The WebGPU adapter is a software one: WASM is likely faster' : ''}`}
      data-testid="backbone-ep-choice">
      <option value="auto">auto</option>
      <option value="webgpu" disabled={gpu === null}>WebGPU</option>
      <option value="wasm">WASM</option>
    </select>
  );
}

/** One line above the backbone lists when WebGPU here is a software adapter. */
export function SoftwareAdapterHint() {
  const gpu = useWorkbench((s) => s.capabilities.gpu);
  if (!gpu || !isSoftwareAdapter(gpu)) return null;
  return (
    <p className="note" data-testid="software-adapter-hint">
      WebGPU here is a software adapter ({gpu.adapterName}): WASM is likely faster. Choose it per backbone in the “runs on” column.
    </p>
  );
}
