// Which training runs a loss figure draws: the user's choice in the run selector where there is
// one, else the figure's default (the loaded backbones' runs in the Backbones panel, the compared
// ones in Compare, every imported log), so a catalogue of six runs never crowds a figure of two.
import type { LossCurve } from '../store';

/** Imported training logs (effects/lossCurveImport.ts gives them this prefix) are shown unless removed. */
export const isImportedRun = (curve: LossCurve): boolean => curve.backboneId.startsWith('import:');

/** The curves drawn, in their order: chosen ones as chosen, the others when `isDefault` says so. */
export function getShownRuns(
  curves: readonly LossCurve[], choices: Readonly<Record<string, boolean>>, isDefault: (curve: LossCurve) => boolean,
): LossCurve[] {
  return curves.filter((curve) => choices[curve.backboneId] ?? (isImportedRun(curve) || isDefault(curve)));
}
