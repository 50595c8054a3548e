// A synthetic tensor .npy (issue 12): read as float32 from <f4 and <f8 exactly; refused with a
// SyntheticImportError naming the file for another dtype, Fortran order, another [G, C] or values
// in padded slots.
import { describe, expect, it } from 'vitest';
import { SyntheticImportError } from '../genotype/syntheticImportError';
import { npyHeader, writeNpy } from './npy';
import { readSyntheticTensor } from './tensorImport';

const encoding = { genes: 3, channels: 2, mask: Uint8Array.of(1, 1, 1, 0, 0, 0) };
const values = [0.5, -1.25, 2, 0, 0, 0, 3.5, 4, -0.125, 0, 0, 0];

function mismatch(bytes: Uint8Array, file: string): SyntheticImportError {
  try {
    readSyntheticTensor(bytes, file, encoding);
  } catch (err) {
    expect(err).toBeInstanceOf(SyntheticImportError);
    expect((err as SyntheticImportError).location?.file).toBe(file);
    return err as SyntheticImportError;
  }
  throw new Error('expected a SyntheticImportError');
}

describe('synthetic tensor .npy', () => {
  it('reads float32 and float64 [N, G, C] as float32, exactly', () => {
    for (const data of [Float32Array.from(values), Float64Array.from(values)]) {
      const read = readSyntheticTensor(writeNpy(data, [2, 3, 2]), 'set.npy', encoding);
      expect(read.count).toBe(2);
      expect(Array.from(read.data)).toEqual(values);
    }
  });

  it('refuses another dtype, Fortran order, another shape and values in padded slots', () => {
    expect(mismatch(writeNpy(Int32Array.from(values), [2, 3, 2]), 'ints.npy')).toMatchObject({ mismatch: 'tensor-dtype', message: expect.stringContaining('ints.npy: dtype <i4') });
    // The same header with 'fortran_order': True (one byte shorter, padded with a space).
    const header = npyHeader('<f4', [2, 3, 2]);
    const at = new TextDecoder('latin1').decode(header).indexOf('False');
    header.set(new TextEncoder().encode('True '), at);
    const fortran = new Uint8Array([...header, ...new Uint8Array(Float32Array.from(values).buffer)]);
    expect(mismatch(fortran, 'fortran.npy').mismatch).toBe('tensor-dtype');
    expect(mismatch(writeNpy(Float32Array.from(values), [2, 2, 3]), 'wide.npy')).toMatchObject({ mismatch: 'tensor-shape', message: expect.stringContaining('[N, 3, 2]') });
    expect(mismatch(writeNpy(Float32Array.from(values), [12]), 'flat.npy').mismatch).toBe('tensor-shape');
    const padded = values.slice();
    padded[9] = 0.1;
    expect(mismatch(writeNpy(Float32Array.from(padded), [2, 3, 2]), 'other.npy')).toMatchObject({ mismatch: 'tensor-padding', message: expect.stringContaining('sample 1, gene slot 1, component 1') });
  });
});
