// The Generate form: one field changes at a time; the strings are parsed on Generate.
import type { GenerateSettings, WorkbenchState } from './state';

export type SettingChange =
  | { field: Exclude<keyof GenerateSettings, 'sampler'>; value: string }
  | { field: 'sampler'; value: GenerateSettings['sampler'] };

export function settingChanged(state: WorkbenchState, change: SettingChange): Partial<WorkbenchState> {
  if (state.settings[change.field] === change.value) return state;
  return { settings: { ...state.settings, [change.field]: change.value } };
}
