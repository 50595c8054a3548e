// Phenotype TSV writer: a header "sample_id<TAB>label", then one line per sample with the class
// name (e.g. control / case); a missing label is written NA. Readers match samples by id.

import { InvalidRequestError } from '../errors';
import type { Phenotype } from './types';
import { checkFieldText, chunksToText, encodeLines } from './writeChunks';

export const missingLabelText = 'NA';

function* phenotypeLines(sampleIds: string[], phenotype: Phenotype): Generator<string> {
  phenotype.classNames.forEach((name) => checkFieldText('class name', name, /[\t\n\r]/));
  yield 'sample_id\tlabel\n';
  for (let i = 0; i < sampleIds.length; i++) {
    checkFieldText('sample id', sampleIds[i], /[\t\n\r]/);
    const label = phenotype.labels[i];
    if (label >= phenotype.classNames.length) {
      throw new InvalidRequestError(`label ${label} of sample ${sampleIds[i]} has no class name (${phenotype.classNames.length} classes)`);
    }
    yield `${sampleIds[i]}\t${label >= 0 ? phenotype.classNames[label] : missingLabelText}\n`;
  }
}

/** The phenotype TSV as chunks; sampleIds[i] has label phenotype.labels[i]. */
export function phenotypeTsvChunks(sampleIds: string[], phenotype: Phenotype): Generator<Uint8Array> {
  return encodeLines(phenotypeLines(sampleIds, phenotype));
}

/** The phenotype TSV in memory. */
export function phenotypeTsvText(sampleIds: string[], phenotype: Phenotype): string {
  return chunksToText(phenotypeTsvChunks(sampleIds, phenotype));
}
