// "Add a synthetic set from a file" (issue 12): the files go to the data worker, which reads,
// matches and encodes them through the held codec and keeps the set; a failure shows in the
// import card and in the error area, and the sets held stay as they were.
import { InvalidRequestError, isCancelled, serializeError } from '../../core/errors';
import type { HaptOneAllele } from '../../core/genotype/hapt';
import { getWorkbenchState, workbenchActions } from '../store';
import { getDataWorkerClient } from './dataJobs';

/** 'cohort.vcf.gz' → 'cohort': the name a set takes when none is typed. */
export function defaultSyntheticName(fileNames: readonly string[]): string {
  const first = fileNames.find((n) => !/\.(bim|fam|legend(\.gz)?)$/i.test(n)) ?? fileNames[0] ?? '';
  return first.replace(/\.(b?gz)$/i, '').replace(/\.(vcf|bed|hapt|npy)$/i, '').replace(/[^\w.+-]/g, '_').slice(0, 40);
}

export async function importSyntheticFiles(typedName: string, files: File[], haptOne: HaptOneAllele): Promise<void> {
  if (files.length === 0) return;
  const names = files.map((f) => f.name);
  const raise = (err: unknown) => workbenchActions.errorRaised(serializeError(err), 'synthetic-import');
  if (!getWorkbenchState().encoding) {
    raise(new InvalidRequestError('nothing is encoded yet: encode the cohort in the Data panel first, then add synthetic sets'));
    return;
  }
  const name = typedName.trim() || defaultSyntheticName(names);
  const runId = getWorkbenchState().nextId;
  workbenchActions.syntheticImportStarted({ label: names.join(', ') });
  if (getWorkbenchState().syntheticImports.job?.runId !== runId) {
    raise(new InvalidRequestError('a synthetic set is being imported: wait for it first'));
    return;
  }
  try {
    const summary = await getDataWorkerClient().importSynthetic(name, files.map((f) => ({ name: f.name, data: f })), { haptOne }, () => {});
    workbenchActions.syntheticImportFinished({ runId, summary });
  } catch (err) {
    workbenchActions.syntheticImportEnded({ runId });
    if (!isCancelled(err)) raise(err);
  }
}

export async function removeSyntheticImport(name: string): Promise<void> {
  try {
    workbenchActions.syntheticImportsListed(await getDataWorkerClient().removeSynthetic(name));
  } catch (err) {
    workbenchActions.errorRaised(serializeError(err), 'synthetic-import');
  }
}
