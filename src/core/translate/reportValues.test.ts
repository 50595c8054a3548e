import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { computeChangeMap, perSampleDistance, summarizeDistance } from './changeMap';
import { causalGeneAuc, classRate, wilsonInterval } from './outcome';

describe('computeChangeMap', () => {
  // 3 samples × 4 gene slots × 2 components; gene 1 has one real component, gene 3 is padding.
  const shape = { genes: 4, channels: 2 };
  const mask = Uint8Array.from([1, 1, 1, 0, 1, 1, 0, 0]);
  const rng = createRng(11);
  const before = Float32Array.from({ length: 3 * 8 }, () => rng.nextNormal());
  const after = Float32Array.from(before, (v, i) => v + (mask[i % 8] ? (i % 5) * 0.25 - 0.5 : 7));

  it('equals the brute-force mean over samples of the mean |Δ| over each gene\'s real components (1e-12)', () => {
    const map = computeChangeMap(before, after, mask, shape, { geneNames: ['A', 'B', 'C'], resamples: 200 });
    expect(map.genes.map((g) => g.name)).toEqual(['A', 'B', 'C']); // the padded slot is left out
    for (const gene of map.genes) {
      const comps = [0, 1].filter((c) => mask[gene.gene * 2 + c]);
      let sum = 0;
      for (let i = 0; i < 3; i++) for (const c of comps) sum += Math.abs(after[i * 8 + gene.gene * 2 + c] - before[i * 8 + gene.gene * 2 + c]) / comps.length;
      expect(Math.abs(gene.change - sum / 3)).toBeLessThan(1e-12);
      expect(gene.components).toBe(comps.length);
      expect(gene.interval!.lower).toBeLessThanOrEqual(gene.change + 1e-12);
      expect(gene.interval!.upper).toBeGreaterThanOrEqual(gene.change - 1e-12);
    }
    // Ranks follow the change, largest first.
    const byRank = [...map.genes].sort((a, b) => a.rank - b.rank);
    expect(byRank.map((g) => g.gene)).toEqual(map.ranking);
    for (let r = 1; r < byRank.length; r++) expect(byRank[r].change).toBeLessThanOrEqual(byRank[r - 1].change);
  });

  it('gives intervals only to the top genes when asked, and refuses a mismatched pair', () => {
    const map = computeChangeMap(before, after, mask, shape, { intervalsForTop: 1, resamples: 50 });
    expect(map.genes.filter((g) => g.interval !== null).map((g) => g.rank)).toEqual([1]);
    expect(() => computeChangeMap(before, after.subarray(1), mask, shape)).toThrow(/expected two sets of \[N, 4, 2\]/);
  });

  it('distances: mean |Δ| and ‖Δ‖ over real slots per sample, averaged with an interval', () => {
    const { meanAbs, l2 } = perSampleDistance(before, after, mask, shape);
    for (let i = 0; i < 3; i++) {
      let abs = 0;
      let sq = 0;
      for (let d = 0; d < 8; d++) if (mask[d]) { const x = after[i * 8 + d] - before[i * 8 + d]; abs += Math.abs(x); sq += x * x; }
      expect(Math.abs(meanAbs[i] - abs / 5)).toBeLessThan(1e-12);
      expect(Math.abs(l2[i] - Math.sqrt(sq))).toBeLessThan(1e-12);
    }
    const summary = summarizeDistance(before, after, mask, shape, { resamples: 100 });
    expect(summary.l2.estimate).toBeCloseTo((l2[0] + l2[1] + l2[2]) / 3, 12);
  });
});

describe('wilsonInterval and classRate', () => {
  it('matches the closed form at 0, 5 and 10 of 10 (95 %, 1e-4)', () => {
    // 0/10: upper = z²/(n + z²) = 3.8415/13.8415; 5/10: 0.5 ± 0.2634 (standard tables).
    const none = wilsonInterval(0, 10);
    expect(none.lower).toBe(0);
    expect(none.upper).toBeCloseTo(3.841459 / 13.841459, 4);
    const half = wilsonInterval(5, 10);
    expect(half.lower).toBeCloseTo(0.2366, 4);
    expect(half.upper).toBeCloseTo(0.7634, 4);
    expect(wilsonInterval(10, 10).upper).toBe(1);
    expect(() => wilsonInterval(3, 0)).toThrow(/3 successes in 0 trials/);
  });

  it('classRate counts the predictions equal to the target', () => {
    expect(classRate([1, 0, 1, 1], 1)).toMatchObject({ successes: 3, trials: 4, estimate: 0.75 });
  });
});

describe('causalGeneAuc', () => {
  it('equals the brute-force share of (causal, other) pairs ranked right, ties counting ½', () => {
    const genes = [3, 1, 4, 1, 5, 9, 2, 6].map((score, i) => ({ name: `g${i}`, score }));
    const causal = ['g2', 'g5', 'g3'];
    let wins = 0;
    let pairs = 0;
    for (const p of genes.filter((g) => causal.includes(g.name))) {
      for (const n of genes.filter((g) => !causal.includes(g.name))) {
        pairs++;
        wins += p.score > n.score ? 1 : p.score === n.score ? 0.5 : 0;
      }
    }
    const result = causalGeneAuc(genes, [...causal, 'absent'], { resamples: 300 });
    expect(result.auc).toBeCloseTo(wins / pairs, 12);
    expect(result.lower).toBeLessThanOrEqual(result.auc);
    expect(result.upper).toBeGreaterThanOrEqual(result.auc);
    expect(result).toMatchObject({ causalGenes: 3, otherGenes: 5, unmatched: ['absent'] });
  });

  it('is 1 for a perfect ranking and refuses a truth with no causal gene in the map', () => {
    const genes = [0.9, 0.8, 0.1, 0.2].map((score, i) => ({ name: `g${i}`, score }));
    expect(causalGeneAuc(genes, ['g0', 'g1'])).toMatchObject({ auc: 1, lower: 1, upper: 1 });
    expect(() => causalGeneAuc(genes, ['x'])).toThrow(/0 causal and 4 other genes.*not in the encoding: x/);
  });
});
