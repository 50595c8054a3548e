// 2- and 3-SNP co-occurrence agreement against an independent numpy computation (issue 12):
// every tuple's frequency by masked products, and Pearson r by np.corrcoef, to 1e-12; and on
// 0/1 haplotypes (Manhattan AATS on haplotypes uses the same code) the frequencies are the shares
// carrying ALT at every SNP of the tuple.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { isToolPresent, requireTool } from '../../testing/interop';
import { genotypeAats } from './aats';
import { createGenotypeMatrix, type GenotypeMatrix } from './matrix';
import { multiSnpAgreement } from './multiSnp';
import { randomGenotypes } from './testMatrices';

const PYTHON = '/usr/bin/python3';
const itWithNumpy = requireTool('python3-numpy', isToolPresent(PYTHON, ['-c', 'import numpy']));

const SCRIPT = String.raw`
import json, sys, itertools
import numpy as np
inp = json.load(sys.stdin)
def mat(m): return np.array(m['data'], dtype=float).reshape(m['samples'], m['snps'])
def tuples(p, span, size):
    return [t for t in itertools.combinations(range(p), size) if t[-1] - t[0] <= span]
def freq(x, t):
    cols = x[:, list(t)]
    ok = (cols >= 0).all(1)
    return np.nan if ok.sum() == 0 else float(np.prod(cols[ok] / 2, axis=1).mean())
def agree(r, s, span, size):
    fr = np.array([freq(r, t) for t in tuples(r.shape[1], span, size)])
    fs = np.array([freq(s, t) for t in tuples(r.shape[1], span, size)])
    ok = ~np.isnan(fr) & ~np.isnan(fs)
    return {'tuples': int(ok.sum()), 'pearson': float(np.corrcoef(fr[ok], fs[ok])[0, 1])}
r, s = mat(inp['real']), mat(inp['synthetic'])
print(json.dumps({'pairs': agree(r, s, inp['span'], 2), 'triplets': agree(r, s, inp['span'], 3)}))
`;

const plain = (m: GenotypeMatrix) => ({ samples: m.samples, snps: m.snps, data: Array.from(m.data) });

/** 0/1 haplotypes: rows 2i and 2i+1 split sample i's dosage (1 → 1, 0 as ALT on the first). */
function haplotypes(m: GenotypeMatrix): GenotypeMatrix {
  const out = createGenotypeMatrix(2 * m.samples, m.snps);
  for (let i = 0; i < m.samples; i++) for (let j = 0; j < m.snps; j++) {
    const d = m.data[i * m.snps + j];
    out.data[2 * i * m.snps + j] = d >= 1 ? 1 : 0;
    out.data[(2 * i + 1) * m.snps + j] = d === 2 ? 1 : 0;
  }
  return out;
}

describe('2- and 3-SNP co-occurrence agreement', () => {
  itWithNumpy('matches numpy on dosages with missing calls, tuple counts exactly and r to 1e-12', () => {
    const real = randomGenotypes(45, 18, 31, 0.05);
    const synthetic = randomGenotypes(30, 18, 32, 0.05);
    const span = 4;
    const ours = multiSnpAgreement(real, synthetic, span);
    const ref = JSON.parse(execFileSync(PYTHON, ['-c', SCRIPT], { input: JSON.stringify({ real: plain(real), synthetic: plain(synthetic), span }), encoding: 'utf8' })) as {
      pairs: { tuples: number; pearson: number }; triplets: { tuples: number; pearson: number };
    };
    expect(ours.pairs.tuples).toBe(ref.pairs.tuples);
    expect(ours.triplets.tuples).toBe(ref.triplets.tuples);
    expect(Math.abs(ours.pairs.pearson - ref.pairs.pearson)).toBeLessThan(1e-12);
    expect(Math.abs(ours.triplets.pearson - ref.triplets.pearson)).toBeLessThan(1e-12);
  });

  it('counts p·span − span(span+1)/2 pairs and gives r = 1 for a set against itself, also on haplotypes', () => {
    const real = randomGenotypes(30, 12, 41);
    const self = multiSnpAgreement(real, real, 3);
    expect(self.pairs.tuples).toBe(12 * 3 - 6);
    expect(self.triplets.tuples).toBe(9 * 3 + 1); // a = 0..8: C(3, 2) each; a = 9: C(2, 2)
    expect(self.pairs.pearson).toBeCloseTo(1, 12);
    // AATS of haplotype copies is 0 vs train, as for genotype copies.
    const haps = haplotypes(real);
    expect(genotypeAats(haps, haplotypes(randomGenotypes(30, 12, 42)), haps).train.aats).toBe(0);
    expect(multiSnpAgreement(haps, haps, 3).triplets.pearson).toBeCloseTo(1, 12);
  });
});
