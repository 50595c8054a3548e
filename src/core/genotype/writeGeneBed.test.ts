import { describe, expect, it } from 'vitest';
import { geneBedText } from './writeGeneBed';

describe('gene BED writer', () => {
  it('writes BED4 lines, 0-based half-open as stored', () => {
    const genes = [{ chrom: '1', start: 0, end: 1200, name: 'GENE001' }, { chrom: '2', start: 99, end: 100, name: 'B' }];
    expect(geneBedText(genes)).toBe('1\t0\t1200\tGENE001\n2\t99\t100\tB\n');
  });
});
