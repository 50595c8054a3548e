// The [G, C] padding mask (1 = real slot, 0 = padded) a sampler clamps to, from what the backbone
// contract says (DESIGN.md): `gdw.genes` real genes come first and the padded gene slots trail
// them; `gdw.components`, when given, says how many components k of each real gene are real
// (slots 0 … k−1; a dataset bundle's per-component mask, layout.json genes[].components).
import { InvalidRequestError } from '../errors';

/**
 * The slot mask, or null when every slot is real. `realGenes` null means all genes are real;
 * `componentsPerGene` null means all C components of each real gene are real, else it holds one
 * count per real gene, each 0 … C.
 */
export function createSlotMask(genes: number, channels: number, realGenes: number | null,
  componentsPerGene: readonly number[] | null): Uint8Array | null {
  const real = realGenes ?? genes;
  if (!(Number.isInteger(real) && real >= 0 && real <= genes)) {
    throw new InvalidRequestError(`real genes = ${real}; expected an integer from 0 to ${genes}`);
  }
  if (componentsPerGene !== null) {
    if (componentsPerGene.length !== real) {
      throw new InvalidRequestError(
        `components per gene has ${componentsPerGene.length} entries; expected one per real gene (${real})`);
    }
    const bad = componentsPerGene.findIndex((k) => !(Number.isInteger(k) && k >= 0 && k <= channels));
    if (bad >= 0) {
      throw new InvalidRequestError(
        `components of real gene ${bad} = ${componentsPerGene[bad]}; expected an integer from 0 to ${channels}`);
    }
  }
  const allComponents = componentsPerGene === null || componentsPerGene.every((k) => k === channels);
  if (real === genes && allComponents) return null;
  const mask = new Uint8Array(genes * channels);
  for (let g = 0; g < real; g++) {
    mask.fill(1, g * channels, g * channels + (componentsPerGene === null ? channels : componentsPerGene[g]));
  }
  return mask;
}

/** The mask when only the number of real genes is known: every component of a real gene is real. */
export function createGeneMask(genes: number, channels: number, realGenes: number | null): Uint8Array | null {
  if (realGenes === null) return null;
  return createSlotMask(genes, channels, realGenes, null);
}
