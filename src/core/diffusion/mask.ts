// The [G, C] padding mask (1 = real slot, 0 = padded) when only the number of real genes is
// known: padded gene slots are the trailing ones (DESIGN.md, `gdw.genes`).
import { InvalidRequestError } from '../errors';

export function createGeneMask(genes: number, channels: number, realGenes: number | null): Uint8Array | null {
  if (realGenes === null || realGenes === genes) return null;
  if (!(Number.isInteger(realGenes) && realGenes >= 0 && realGenes <= genes)) {
    throw new InvalidRequestError(`real genes = ${realGenes}; expected an integer from 0 to ${genes}`);
  }
  const mask = new Uint8Array(genes * channels);
  mask.fill(1, 0, realGenes * channels);
  return mask;
}
