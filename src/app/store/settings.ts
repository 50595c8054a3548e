// The Generate form: one field changes at a time; the strings are parsed on Generate. Each
// backbone keeps its own settings: the form shows and edits the chosen backbone's, and a
// backbone never edited starts from the last settings typed.
import { getGenerateBackboneId } from './backbone';
import type { BackboneId, GenerateSettings, WorkbenchState } from './state';

export type SettingChange =
  | { field: Exclude<keyof GenerateSettings, 'sampler'>; value: string }
  | { field: 'sampler'; value: GenerateSettings['sampler'] };

/** The settings a backbone generates with. */
export function getGenerateSettings(state: WorkbenchState, id: BackboneId | null = getGenerateBackboneId(state)): GenerateSettings {
  return (id !== null ? state.settingsByBackbone[id] : undefined) ?? state.settings;
}

export function settingChanged(state: WorkbenchState, change: SettingChange): Partial<WorkbenchState> {
  const id = getGenerateBackboneId(state);
  const current = getGenerateSettings(state, id);
  if (current[change.field] === change.value) return state;
  const settings = { ...current, [change.field]: change.value };
  return id === null ? { settings } : { settings, settingsByBackbone: { ...state.settingsByBackbone, [id]: settings } };
}
