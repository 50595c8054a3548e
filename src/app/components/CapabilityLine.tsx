// What this browser offers and what the loaded backbones run on, in one line at the top.
import { getExecutionProviders, getLoadedBackbones, getUnloadedStatus, useWorkbench } from '../store';

interface ItemProps {
  label: string;
  value: string;
  tone: 'ok' | 'warn' | 'pending';
  testId: string;
  title?: string;
}

function Item({ label, value, tone, testId, title }: ItemProps) {
  return (
    <li className={`capability capability-${tone}`} title={title}>
      <span className="capability-label">{label}</span>
      <span className="capability-value" data-testid={testId}>{value}</span>
    </li>
  );
}

export function CapabilityLine() {
  const capabilities = useWorkbench((s) => s.capabilities);
  const eps = useWorkbench((s) => getExecutionProviders(s).join(', '));
  const loadStatus = useWorkbench(getUnloadedStatus);
  const fallback = useWorkbench((s) => getLoadedBackbones(s).find((b) => b.backbone.fallbackReason)?.backbone.fallbackReason ?? undefined);
  const { probed, gpu, crossOriginIsolated, threads } = capabilities;
  const pending = (value: string) => (probed ? value : 'checking…');
  // The EPs of the loaded backbones; with none loaded, whether one is on its way.
  const ep = eps || (loadStatus === 'loading' ? 'loading…' : loadStatus === 'failed' ? 'none (load failed)' : 'none');
  const epTone = eps ? (eps === 'webgpu' ? 'ok' : 'warn') : loadStatus === 'loading' ? 'pending' : 'warn';
  return (
    <ul className="capability-line" data-testid="capability-line" aria-label="Browser capabilities">
      <Item label="WebGPU" testId="capability-webgpu" tone={!probed ? 'pending' : gpu ? 'ok' : 'warn'}
        value={pending(gpu ? gpu.adapterName : 'no adapter')} />
      <Item label="shader-f16" testId="capability-f16" tone={!probed ? 'pending' : gpu?.hasShaderF16 ? 'ok' : 'warn'}
        value={pending(gpu?.hasShaderF16 ? 'yes' : 'no')} />
      <Item label="cross-origin isolated" testId="capability-isolation" tone={!probed ? 'pending' : crossOriginIsolated ? 'ok' : 'warn'}
        value={pending(crossOriginIsolated ? 'yes' : 'no')} />
      <Item label="threads" testId="capability-threads" tone={probed ? 'ok' : 'pending'} value={pending(String(threads))} />
      <Item label="EP in use" testId="capability-ep" tone={epTone} value={ep} title={fallback} />
    </ul>
  );
}
