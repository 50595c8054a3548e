// The genotype-space statistics against an independent numpy computation on the same inputs
// (issue 12, done when): allele frequencies, r², heterozygosity and LD decay exactly (to float64
// rounding), AATS on Manhattan distances to 1e-12, the mean distance between sets, the
// Wasserstein-1 distance by scipy's CDF formula, PCA scores by SVD up to sign. numpy is the machine's /usr/bin/python3 (scripts/setup.mjs installs it).
import { execFileSync } from 'node:child_process';
import { describe, expect } from 'vitest';
import { isToolPresent, requireTool } from '../../testing/interop';
import { genotypeAats } from './aats';
import { alleleFrequencies } from './alleleFrequency';
import { pairwiseDistances } from './distances';
import { ldDecay, ldMatrix } from './linkage';
import { fitGenotypePca, projectGenotypes, scoreColumn, wasserstein1d } from './pca';
import { sampleStatistics } from './sampleStats';
import { randomGenotypes } from './testMatrices';
import type { GenotypeMatrix } from './matrix';

const PYTHON = '/usr/bin/python3';
const itWithNumpy = requireTool('python3-numpy', isToolPresent(PYTHON, ['-c', 'import numpy']));

const SCRIPT = String.raw`
import json, sys
import numpy as np
inp = json.load(sys.stdin)
def mat(m): return np.array(m['data'], dtype=float).reshape(m['samples'], m['snps'])
tr, ho, sy = mat(inp['train']), mat(inp['holdout']), mat(inp['synthetic'])
M = lambda x: np.ma.masked_less(x, 0)
af = (M(tr).sum(0) / (2 * M(tr).count(0))).filled(np.nan)
def r2(x, a, b):
    ok = (x[:, a] >= 0) & (x[:, b] >= 0)
    return np.corrcoef(x[ok, a], x[ok, b])[0, 1] ** 2
w = inp['window']
ld = [[r2(tr, a, b) for b in range(w)] for a in range(w)]
def cityblock(x, y):
    ok = (x[:, None, :] >= 0) & (y[None, :, :] >= 0)
    return (np.abs(x[:, None, :] - y[None, :, :]) * ok).sum(2)
def aats(real, syn):
    tt = cityblock(real, real); np.fill_diagonal(tt, np.inf)
    ss = cityblock(syn, syn); np.fill_diagonal(ss, np.inf)
    ts = cityblock(real, syn)
    return ((ts.min(1) > tt.min(1)).mean() + (ts.T.min(1) > ss.min(1)).mean()) / 2
def wasserstein(u, v):
    allv = np.sort(np.concatenate([u, v])); d = np.diff(allv)
    cu = np.searchsorted(np.sort(u), allv[:-1], 'right') / len(u)
    cv = np.searchsorted(np.sort(v), allv[:-1], 'right') / len(v)
    return float(np.sum(np.abs(cu - cv) * d))
full = lambda x: np.where(x < 0, np.nan, x)
mu = np.nanmean(full(tr), 0)
X = np.where(tr < 0, mu, tr) - mu
Y = np.where(sy < 0, mu, sy) - mu
_, _, vt = np.linalg.svd(X, full_matrices=False)
k = inp['components']
pcr, pcs = X @ vt[:k].T, Y @ vt[:k].T
het = ((tr == 1).sum(1) / (tr >= 0).sum(1)).tolist()
pos = np.array(inp['positions']); binbp = inp['binBp']; nb = inp['bins']
sums = np.zeros(nb); counts = np.zeros(nb)
for a in range(w):
    for b in range(a + 1, w):
        bin = int(abs(pos[b] - pos[a]) // binbp)
        v = ld[a][b]
        if bin < nb and not np.isnan(v): sums[bin] += v; counts[bin] += 1
decay = [None if c == 0 else s / c for s, c in zip(sums, counts)]
between = cityblock(tr, sy)
print(json.dumps({'het': het, 'decay': decay, 'decayPairs': counts.tolist(), 'betweenMean': float(between.mean()), 'af': af.tolist(), 'ld': ld, 'aatsTrain': aats(tr, sy), 'aatsHoldout': aats(ho, sy),
  'pcReal': pcr.tolist(), 'pcSyn': pcs.tolist(), 'w1': [wasserstein(pcr[:, j], pcs[:, j]) for j in range(k)]}))
`;

const plain = (m: GenotypeMatrix) => ({ samples: m.samples, snps: m.snps, data: Array.from(m.data) });

describe('genotype space against numpy', () => {
  itWithNumpy('allele frequencies, r², heterozygosity, LD decay, distances, AATS, PCA projections and their Wasserstein distances agree', () => {
    const train = randomGenotypes(40, 25, 21, 0.03);
    const holdout = randomGenotypes(40, 25, 22, 0.03);
    const synthetic = randomGenotypes(35, 25, 23, 0.03);
    const window = 10;
    const components = 3;
    const positions = Array.from({ length: 25 }, (_, j) => 5_000 + 130 * j + 70 * (j % 4));
    const binBp = 300;
    const bins = 5;
    const ref = JSON.parse(execFileSync(PYTHON, ['-c', SCRIPT], {
      input: JSON.stringify({ train: plain(train), holdout: plain(holdout), synthetic: plain(synthetic), window, components, positions, binBp, bins }), encoding: 'utf8',
    })) as {
      af: number[]; ld: number[][]; aatsTrain: number; aatsHoldout: number; pcReal: number[][]; pcSyn: number[][]; w1: number[];
      het: number[]; decay: (number | null)[]; decayPairs: number[]; betweenMean: number;
    };
    // 1. Allele frequencies and r²: the same arithmetic, so equal to float64 rounding.
    alleleFrequencies(train).forEach((f, j) => expect(f).toBeCloseTo(ref.af[j], 15));
    const ld = ldMatrix(train, { start: 0, length: window });
    for (let a = 0; a < window; a++) for (let b = 0; b < window; b++) expect(ld[a * window + b]).toBeCloseTo(ref.ld[a][b], 13);
    // 1b. Heterozygosity, LD decay and the mean distance between the sets (every pair).
    sampleStatistics(train).heterozygosity.forEach((h, i) => expect(h).toBeCloseTo(ref.het[i], 15));
    ldDecay(train, positions, { window: { start: 0, length: window }, binBp, bins }).forEach((bin, k) => {
      expect(bin.pairs).toBe(ref.decayPairs[k]);
      if (ref.decay[k] === null) expect(bin.meanR2).toBeNull();
      else expect(bin.meanR2).toBeCloseTo(ref.decay[k]!, 13);
    });
    expect(pairwiseDistances(train, synthetic, { maxPairs: 40 * 35, seed: 0, stream: 0 }).mean).toBeCloseTo(ref.betweenMean, 10);
    // 2. AATS: indicator means, so exact to 1e-12.
    const aats = genotypeAats(train, holdout, synthetic);
    expect(Math.abs(aats.train.aats - ref.aatsTrain)).toBeLessThan(1e-12);
    expect(Math.abs(aats.holdout.aats - ref.aatsHoldout)).toBeLessThan(1e-12);
    // 3. PCA: scores equal up to each component's sign (eigen vs SVD) to 1e-9; W₁ is sign-sensitive only jointly.
    const pca = fitGenotypePca(train, components);
    const real = projectGenotypes(pca, train);
    const syn = projectGenotypes(pca, synthetic);
    for (let j = 0; j < components; j++) {
      const sign = Math.sign(real[j]) === Math.sign(ref.pcReal[0][j]) ? 1 : -1;
      scoreColumn(real, components, j).forEach((x, i) => expect(sign * x).toBeCloseTo(ref.pcReal[i][j], 9));
      scoreColumn(syn, components, j).forEach((x, i) => expect(sign * x).toBeCloseTo(ref.pcSyn[i][j], 9));
      expect(wasserstein1d(scoreColumn(real, components, j), scoreColumn(syn, components, j))).toBeCloseTo(ref.w1[j], 9);
    }
  });
});
