import { describe, expect, it } from 'vitest';
import { formatBytes, formatCount, formatDims, formatDuration, formatFixed, formatPercent } from './format';

describe('format', () => {
  it('formats durations with their unit', () => {
    expect(formatDuration(849.6)).toBe('850 ms');
    expect(formatDuration(1234)).toBe('1.2 s');
    expect(formatDuration(125_000)).toBe('2 min 05 s');
    expect(formatDuration(NaN)).toBe('—');
  });

  it('formats numbers so Number() reads them back', () => {
    expect(Number(formatFixed(-0.81234))).toBe(-0.812);
    expect(formatFixed(Infinity)).toBe('—');
  });

  it('formats sizes and shapes', () => {
    expect(formatBytes(1_024_675)).toBe('1.0 MB');
    expect(formatBytes(2048)).toBe('2 kB');
    expect(formatBytes(3_276_800_000)).toBe('3.3 GB');
    expect(formatDims(['batch', 16, 8])).toBe('[batch, 16, 8]');
    expect(formatDims(null)).toBe('unknown');
  });

  it('formats counts with separators and shares as percentages', () => {
    expect(formatCount(2082)).toBe('2,082');
    expect(Number(formatCount(2082).replace(/,/g, ''))).toBe(2082);
    expect(formatPercent(0.96355)).toBe('96.4 %');
    expect(formatPercent(NaN)).toBe('—');
  });
});
