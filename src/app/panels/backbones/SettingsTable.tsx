// Every setting the sampler uses, and where it came from: the model's metadata, its sidecar,
// the user (answered now, or remembered for the file), the loaded encoding's mask, the graph
// (declared shapes, label table), or the contract's default (a setting still to answer).
import { backboneKinds, type BackboneSpec, type SettingKey, type SettingSource } from '../../../core/backbone/spec';

/** A GAN generator has no noise schedule or prediction target: its table leaves them out. */
const isDiffusionOnly = (key: SettingKey): boolean => key.startsWith('schedule.') || key === 'prediction';

function settingValue(spec: BackboneSpec, key: SettingKey): string {
  const value = key.startsWith('schedule.')
    ? spec.schedule[key.slice('schedule.'.length) as keyof BackboneSpec['schedule']]
    : spec[key as Exclude<SettingKey, `schedule.${string}`>];
  if (value === null || value === undefined) return '—';
  // componentsPerGene: one count per real gene; the first few, and how many real slots in all.
  if (Array.isArray(value)) {
    const shown = value.slice(0, 12).join(',') + (value.length > 12 ? ',…' : '');
    return `${shown} (${value.length} genes, ${value.reduce((sum: number, k: number) => sum + k, 0)} real slots)`;
  }
  return String(value);
}

/** `overrideLabel` names who gave the answers ('user', 'remembered'); default 'override'. */
export function SettingsTable({ spec, overrideLabel }: { spec: BackboneSpec; overrideLabel?: string }) {
  const keys = (Object.keys(spec.sources) as SettingKey[])
    .filter((key) => spec.kind !== backboneKinds.ganGenerator || !isDiffusionOnly(key));
  const sourceLabel = (source: SettingSource) => (source === 'override' && overrideLabel ? overrideLabel : source);
  return (
    <table className="table" data-testid="backbone-settings">
      <caption>Settings</caption>
      <thead>
        <tr><th scope="col">setting</th><th scope="col">value</th><th scope="col">from</th></tr>
      </thead>
      <tbody>
        {keys.map((key) => (
          <tr key={key}>
            <td>{key}</td>
            <td className="value-cell">{settingValue(spec, key)}</td>
            <td><span className={`source source-${spec.sources[key]}`}>{sourceLabel(spec.sources[key])}</span></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
