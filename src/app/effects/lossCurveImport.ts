// Imports a training log the user picks, a Lightning metrics.csv or a TensorBoard event file, as a
// loss curve drawn over the built-in backbones' ones. A file that fails to parse shows in the
// error area and leaves the curves as they were.
import type { MetricsLog } from '../../core/curves/lightningMetrics';
import { parseLightningMetrics } from '../../core/curves/lightningMetrics';
import { hasTfRecordHeader, parseTfEvents } from '../../core/curves/tfevents';
import { InvalidRequestError, serializeError } from '../../core/errors';
import { lossMetrics } from '../plots/lossCurveTraces';
import { workbenchActions, type BackboneId, type LossCurve } from '../store';

/** Imported runs get ids `import:<run name>`, apart from the built-in `builtin:<family>`. */
const IMPORT_PREFIX = 'import:';
/** The `family` of every imported run. */
export const importedFamily = 'imported';

export const isImportedCurve = (curve: LossCurve): boolean => curve.backboneId.startsWith(IMPORT_PREFIX);

/** The run name an imported curve was given. */
export const getImportedRunName = (curve: LossCurve): string => curve.backboneId.slice(IMPORT_PREFIX.length);

/** The file name without its last extension: `metrics.csv` → `metrics`. */
export function getDefaultRunName(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? fileName.slice(0, dot) : fileName;
}

/** A TensorBoard event file when the name says so or the bytes open with a valid TFRecord header, else a metrics.csv. */
export function readTrainingLog(bytes: Uint8Array, fileName: string): MetricsLog {
  if (fileName.includes('tfevents') || hasTfRecordHeader(bytes)) return parseTfEvents(bytes, fileName);
  return parseLightningMetrics(new TextDecoder().decode(bytes), fileName);
}

/** The figure draws train_loss and val_loss only: a log with neither would import as nothing. */
function checkDrawable(log: MetricsLog): void {
  const drawn = Object.keys(lossMetrics);
  if (drawn.some((name) => (log.series[name]?.steps.length ?? 0) > 0)) return;
  const found = log.columns.length > 0 ? log.columns.join(', ') : 'no scalars';
  throw new InvalidRequestError(`${log.file} has no ${drawn.join(' or ')} values (found ${found}); `
    + `the loss-curve figure draws those metrics, so log them under these names`);
}

/** Reads the file and adds (or, for a run name already imported, replaces) its curve. */
export async function importLossCurve(file: File, runName: string): Promise<void> {
  try {
    const log = readTrainingLog(new Uint8Array(await file.arrayBuffer()), file.name);
    checkDrawable(log);
    const name = runName.trim() || getDefaultRunName(file.name);
    workbenchActions.lossCurveLoaded({ backboneId: `${IMPORT_PREFIX}${name}` as BackboneId, family: importedFamily, log });
  } catch (err) {
    workbenchActions.errorRaised(serializeError(err));
  }
}
