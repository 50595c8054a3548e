// The padding mask a backbone was trained with, from the data rather than the model: a dataset
// bundle's layout (the loaded encoding, `--bundle`) or a [G, C] array as researchers save it
// (the paper's code keeps `zero_mask`, True = padded slot). The contract writes the mask as real
// genes first and, per real gene, its first k components real (`gdw.genes`, `gdw.components`);
// a mask of another form cannot be written that way and is refused with the first slot that breaks it.

import type { CodecLayout } from '../encode/codecFiles';
import type { NpyArray } from '../encode/npy';
import { ParseError } from '../errors';
import type { EncodingContext } from './resolveSettings';

export interface ComponentMask {
  realGenes: number;
  /** Real components of each real gene. */
  componentsPerGene: number[];
}

/** A [G·C] mask (1 = real) in the contract's form; `file` names it in errors. */
export function componentsFromMask(mask: ArrayLike<number>, genes: number, channels: number, file: string): ComponentMask {
  const counts: number[] = [];
  for (let g = 0; g < genes; g++) {
    let k = 0;
    while (k < channels && mask[g * channels + k] !== 0) k++;
    for (let c = k + 1; c < channels; c++) {
      if (mask[g * channels + c] !== 0) {
        throw new ParseError(`${file}: gene slot ${g} has component ${c} real after padded component ${k}; expected each ` +
          "gene's real components first (components 0 … k−1 real, the rest padded), as per-gene PCA writes them", { file });
      }
    }
    counts.push(k);
  }
  let realGenes = genes;
  while (realGenes > 0 && counts[realGenes - 1] === 0) realGenes--;
  return { realGenes, componentsPerGene: counts.slice(0, realGenes) };
}

/** The loaded encoding or a bundle's layout.json as the settings' encoding source. */
export function encodingFromLayout(layout: Pick<CodecLayout, 'geneSlots' | 'componentsPerGene' | 'mask'>, name: string): EncodingContext {
  const { geneSlots: genes, componentsPerGene: channels } = layout;
  const mask = layout.mask.flat();
  if (mask.length !== genes * channels) {
    throw new ParseError(`${name}: the mask has ${mask.length} slots; expected ${genes} × ${channels}`, { file: name });
  }
  return { name, genes, channels, ...componentsFromMask(mask, genes, channels, name) };
}

/**
 * A [G, C] .npy mask (bool, 0/1 integers or floats): `polarity` says whether 1 marks a real slot
 * ('real') or a padded one ('padded', the paper's zero_mask).
 */
export function encodingFromNpyMask(npy: NpyArray, polarity: 'real' | 'padded', file: string): EncodingContext {
  if (npy.shape.length !== 2) {
    throw new ParseError(`${file}: a padding mask has shape [${npy.shape.join(', ')}]; expected [G, C] (gene slots × components)`, { file });
  }
  const [genes, channels] = npy.shape;
  const values = Array.from(npy.data as ArrayLike<number | bigint>, Number);
  const bad = values.findIndex((v) => v !== 0 && v !== 1);
  if (bad >= 0) {
    throw new ParseError(`${file}: slot ${bad} (gene ${Math.floor(bad / channels)}, component ${bad % channels}) is ${values[bad]}; ` +
      'expected 0 or 1 (or a bool array)', { file });
  }
  const real = polarity === 'real' ? values : values.map((v) => 1 - v);
  const name = `${file} (${polarity === 'real' ? '1 = real slot' : '1 = padded slot, as the paper\'s zero_mask'})`;
  return { name, genes, channels, ...componentsFromMask(real, genes, channels, file) };
}
