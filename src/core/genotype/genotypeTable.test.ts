import { describe, expect, it } from 'vitest';
import { DosageRows } from './genotypeTable';

describe('DosageRows', () => {
  it('keeps every row across the growing blocks and the full-size ones, in order', () => {
    const samples = 3;
    // 64 + 128 + … rows per block up to 4 MiB / 3 bytes: 5,000 rows cross seven block boundaries.
    const rows = new DosageRows(samples);
    const total = 5000;
    for (let r = 0; r < total; r++) rows.appendRow().set([r % 3, (r >> 2) % 3, -1]);
    const out = rows.finish();
    expect(out.length).toBe(total * samples);
    for (let r = 0; r < total; r++) expect(Array.from(out.subarray(r * samples, (r + 1) * samples))).toEqual([r % 3, (r >> 2) % 3, -1]);
  });

  it('gives zero-filled rows, and an empty matrix with no samples or no rows', () => {
    const rows = new DosageRows(2);
    expect(Array.from(rows.appendRow())).toEqual([0, 0]);
    expect(rows.finish().length).toBe(2);
    expect(new DosageRows(4).finish().length).toBe(0);
    const none = new DosageRows(0);
    none.appendRow();
    expect([none.rows, none.finish().length]).toEqual([1, 0]);
  });
});
