// The typed error of a synthetic cohort that cannot stand beside the loaded one (issue 12).
import { GdwError, errorCodes } from '../errors';

/** What went wrong with an imported file, for the UI and tests to switch on. */
export type SyntheticMismatch = 'no-common-variant' | 'ploidy' | 'odd-haplotypes'
  /** A tensor .npy that is not this encoding's: dtype or layout, shape [N, G, C], or values in padded slots. */
  | 'tensor-dtype' | 'tensor-shape' | 'tensor-padding';

/** Names the file and the mismatch; nothing loaded is replaced when it is thrown. */
export class SyntheticImportError extends GdwError {
  readonly mismatch: SyntheticMismatch;

  constructor(mismatch: SyntheticMismatch, message: string, file: string, line?: number) {
    super(errorCodes.invalidRequest, message, line === undefined ? { file } : { file, line });
    this.name = 'SyntheticImportError';
    this.mismatch = mismatch;
  }
}
