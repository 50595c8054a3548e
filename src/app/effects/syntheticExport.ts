// Download a backbone's synthetic set as a dataset bundle, a VCF or a PLINK fileset: the set held
// beside the store, the codec hash its backbone names (null once it is unloaded: not checked),
// decoded through the loaded encoding's codec as an export job of the data worker.
import { InvalidRequestError, serializeError } from '../../core/errors';
import type { SyntheticExportFormat } from '../../engines/data';
import { getSyntheticSet } from '../sampleSets';
import { getBackboneState, getWorkbenchState, workbenchActions, type BackboneId } from '../store';
import { exportSyntheticData } from './dataJobs';

/** What the Data panel's progress line calls each export. */
const formatLabels: Record<SyntheticExportFormat, string> = { bundle: 'dataset bundle', vcf: 'VCF', plink: 'PLINK fileset' };

export function exportSyntheticSet(backboneId: BackboneId, format: SyntheticExportFormat): Promise<void> {
  const set = getSyntheticSet(backboneId);
  if (!set) {
    workbenchActions.errorRaised(serializeError(new InvalidRequestError(`${backboneId} has no synthetic samples to export: generate them first`)));
    return Promise.resolve();
  }
  const backbone = getBackboneState(getWorkbenchState(), backboneId);
  const { samples, count, genes, channels, labels } = set;
  return exportSyntheticData(`the ${formatLabels[format]} of ${backboneId}'s synthetic samples`, {
    name: backboneId, format, samples, count, genes, channels, labels,
    codecSha256: backbone.status === 'loaded' ? backbone.backbone.spec.codecSha256 : null,
  }).catch((err: unknown) => workbenchActions.errorRaised(serializeError(err)));
}
