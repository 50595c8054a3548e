// Two sanity numbers of a generated set that show a diverged sampler at a glance: the rms over
// real slots (padded slots excluded by the mask) and the count of non-finite values. Read a block
// of rows at a time, so a set in a store (spilled past memory) is summarised where it lies.
import { forEachRowBlock, type RowData } from '../store/rowData';

export interface SampleHealth {
  /** √(mean x²) over the finite values of real slots; NaN when there is none. */
  realSlotRms: number;
  /** NaN or ±∞ values over every slot. */
  nonFiniteCount: number;
}

/** The health of `rows` rows of `dims` values; `mask` (length dims, 1 = real) or null for all slots real. */
export function sampleHealth(data: RowData, rows: number, dims: number, mask: ArrayLike<number> | null): SampleHealth {
  let sumSquares = 0;
  let realValues = 0;
  let nonFiniteCount = 0;
  forEachRowBlock(data, dims, rows, (block) => {
    for (let i = 0; i < block.length; i++) {
      const x = block[i];
      if (!Number.isFinite(x)) nonFiniteCount++;
      else if (mask === null || mask[i % dims] === 1) {
        sumSquares += x * x;
        realValues++;
      }
    }
  });
  return { realSlotRms: realValues > 0 ? Math.sqrt(sumSquares / realValues) : NaN, nonFiniteCount };
}
