// A synthetic set given as a tensor (issue 12): a `.npy` [N, G, C] already in the loaded encoding
// (another tool's samples in this latent space), float32 or float64, little-endian, C order. It is
// refused, naming the file, when it cannot be this encoding's: another dtype or Fortran order,
// another [G, C], or values in slots the encoding pads (its padding mask; the codec's own tensors
// hold exactly 0 there, so a tensor of another encoding shows itself).
import { ParseError } from '../errors';
import { SyntheticImportError } from '../genotype/syntheticImportError';
import { readNpy, readNpyHeader } from './npy';

export interface TensorEncoding {
  genes: number;
  channels: number;
  /** [G, C]: 1 a real component, 0 padding. */
  mask: Uint8Array;
}

const accepted = ['<f4', '<f8'];

/** The samples as float32 [N, G, C] row-major, with N. */
export function readSyntheticTensor(bytes: Uint8Array, file: string, encoding: TensorEncoding): { data: Float32Array; count: number } {
  // 1. The header: dtype and order first (readNpyHeader refuses Fortran order and unknown dtypes as ParseErrors).
  let header;
  try {
    header = readNpyHeader(bytes, file);
  } catch (err) {
    if (err instanceof ParseError && /Fortran-order|dtype '/.test(err.message)) throw new SyntheticImportError('tensor-dtype', err.message, file);
    throw err;
  }
  if (!accepted.includes(header.dtype)) {
    throw new SyntheticImportError('tensor-dtype', `${file}: dtype ${header.dtype}; a synthetic tensor must be float32 or float64 (<f4, <f8), little-endian, C order`, file);
  }
  // 2. The shape: [N, G, C] of this encoding.
  const { genes, channels } = encoding;
  const [n, g, c] = header.shape;
  if (header.shape.length !== 3 || g !== genes || c !== channels || !(n >= 1)) {
    throw new SyntheticImportError('tensor-shape', `${file}: shape [${header.shape.join(', ')}]; the loaded encoding takes [N, ${genes}, ${channels}] (N ≥ 1 samples × G genes × C components)`, file);
  }
  // 3. The values, and zeros in every padded slot.
  const { data } = readNpy(bytes, file);
  const dims = genes * channels;
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < dims; k++) {
      if (encoding.mask[k] === 0 && data[i * dims + k] !== 0) {
        throw new SyntheticImportError('tensor-padding', `${file}: sample ${i}, gene slot ${Math.floor(k / channels)}, component ${k % channels} holds ${data[i * dims + k]} `
          + 'where the loaded encoding pads with 0: the tensor was made with another encoding (codec) of these genes', file);
      }
    }
  }
  for (let k = 0; k < data.length; k++) {
    if (!Number.isFinite(data[k])) throw new SyntheticImportError('tensor-dtype', `${file}: value ${k} (sample ${Math.floor(k / dims)}) is ${data[k]}; expected finite numbers`, file);
  }
  return { data: data instanceof Float32Array ? data : Float32Array.from(data), count: n };
}
