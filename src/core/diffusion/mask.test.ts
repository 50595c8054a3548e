import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../errors';
import { createGeneMask, createSlotMask } from './mask';

const rows = (mask: Uint8Array | null, channels: number): string[] | null =>
  mask && Array.from({ length: mask.length / channels }, (_, g) => mask.slice(g * channels, (g + 1) * channels).join(''));

describe('createSlotMask', () => {
  it('marks components 0 … k−1 of each real gene real, and every slot of the padded genes padded', () => {
    expect(rows(createSlotMask(5, 4, 3, [4, 1, 2]), 4)).toEqual(['1111', '1000', '1100', '0000', '0000']);
  });

  it('keeps a real gene with 0 components entirely padded', () => {
    expect(rows(createSlotMask(2, 3, 2, [0, 3]), 3)).toEqual(['000', '111']);
  });

  it('without components per gene, pads whole genes only (the gene-level mask)', () => {
    expect(rows(createSlotMask(4, 2, 3, null), 2)).toEqual(['11', '11', '11', '00']);
    expect(createSlotMask(4, 2, 3, null)).toEqual(createGeneMask(4, 2, 3));
  });

  it('is null when every slot is real', () => {
    expect(createSlotMask(3, 2, 3, null)).toBeNull();
    expect(createSlotMask(3, 2, null, null)).toBeNull();
    expect(createSlotMask(3, 2, 3, [2, 2, 2])).toBeNull();
    expect(createGeneMask(3, 2, null)).toBeNull();
  });

  it('is a mask when all genes are real but some components are not', () => {
    expect(rows(createSlotMask(2, 2, null, [2, 1]), 2)).toEqual(['11', '10']);
  });

  it.each([
    [() => createSlotMask(4, 2, 5, null), /real genes = 5; expected an integer from 0 to 4/],
    [() => createSlotMask(4, 2, 1.5, null), /real genes = 1.5/],
    [() => createSlotMask(4, 2, 3, [2, 2]), /components per gene has 2 entries; expected one per real gene \(3\)/],
    [() => createSlotMask(4, 2, 2, [2, 3]), /components of real gene 1 = 3; expected an integer from 0 to 2/],
    [() => createSlotMask(4, 2, 2, [-1, 2]), /components of real gene 0 = -1/],
    [() => createGeneMask(4, 2, -1), /real genes = -1/],
  ])('rejects an inconsistent description (%#)', (make, message) => {
    expect(make).toThrow(InvalidRequestError);
    expect(make).toThrow(message);
  });
});
