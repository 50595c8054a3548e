import { describe, expect, it } from 'vitest';
import { dataProgressFraction, throttleProgress, type DataProgress } from './dataProgress';

describe('dataProgressFraction', () => {
  it('orders the encode phases on one bar and ends at exactly 1', () => {
    const events: DataProgress[] = [
      { status: 'fitting', genesDone: 0, genesTotal: 10 },
      { status: 'fitting', genesDone: 10, genesTotal: 10 },
      { status: 'scaling', genesDone: 5, genesTotal: 10 },
      { status: 'encoding', samplesDone: 100, samplesTotal: 100 },
      { status: 'checking', samplesTotal: 10 },
      { status: 'done', elapsedMs: 3 },
    ];
    const fractions = events.map(dataProgressFraction);
    expect(fractions).toEqual([0, 0.6, 0.675, 0.95, 0.95, 1]);
  });

  it('reads bytes, and 0 when the total is unknown', () => {
    expect(dataProgressFraction({ status: 'reading', bytesRead: 25, bytesTotal: 100 })).toBe(0.25);
    expect(dataProgressFraction({ status: 'reading', bytesRead: 25, bytesTotal: null })).toBe(0);
  });
});

describe('throttleProgress', () => {
  it('drops events within the interval but keeps new phases and phase ends', () => {
    let t = 0;
    const seen: DataProgress[] = [];
    const progress = throttleProgress((e) => seen.push(e), 50, () => t);
    for (let g = 1; g <= 10; g++) {
      t += 10;
      progress({ status: 'fitting', genesDone: g, genesTotal: 10 });
    }
    progress({ status: 'encoding', samplesDone: 0, samplesTotal: 5 });
    expect(seen.map((e) => ('genesDone' in e ? e.genesDone : e.status))).toEqual([1, 6, 10, 'encoding']);
  });
});
