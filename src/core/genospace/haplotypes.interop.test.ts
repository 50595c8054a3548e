// The haplotype AATS of the genotype-space section (Yelmen et al.'s setting) against a brute-force
// numpy computation on the same haplotypes and the same drawn rows: AA truth, AA syn and AATS
// against train and holdout, privacy loss, closer-to-train share (to 1e-12) and exact copies.
import { execFileSync } from 'node:child_process';
import { describe, expect } from 'vitest';
import { createRng } from '../rng';
import { isToolPresent, requireTool } from '../../testing/interop';
import type { VariantTable } from '../genotype/types';
import { createGenotypeMatrix, type GenotypeMatrix } from './matrix';
import { defaultGenotypeSpaceSettings, genotypeSetSection, haplotypeAatsRows } from './section';

const PYTHON = '/usr/bin/python3';
const itWithNumpy = requireTool('python3-numpy', isToolPresent(PYTHON, ['-c', 'import numpy']));

const SCRIPT = String.raw`
import json, sys
import numpy as np
inp = json.load(sys.stdin)
mat = lambda m: np.array(m['data'], dtype=float).reshape(m['samples'], m['snps'])
tr_all, ho_all, sy_all = mat(inp['train']), mat(inp['holdout']), mat(inp['synthetic'])
tr, ho, sy = tr_all[inp['rows']['train']], ho_all[inp['rows']['holdout']], sy_all[inp['rows']['synthetic']]
hamming = lambda x, y: np.abs(x[:, None, :] - y[None, :, :]).sum(2)
def self_min(x):
    d = hamming(x, x); np.fill_diagonal(d, np.inf); return d.min(1)
def side(real):
    ts = hamming(real, sy)
    truth, syn = float((ts.min(1) > self_min(real)).mean()), float((ts.T.min(1) > self_min(sy)).mean())
    return {'aaTruth': truth, 'aaSyn': syn, 'aats': (truth + syn) / 2}, ts.T.min(1)
t, to_t = side(tr)
h, to_h = side(ho)
print(json.dumps({'train': t, 'holdout': h, 'privacyLoss': h['aats'] - t['aats'], 'closerToTrain': float((to_t < to_h).mean()),
  'exactCopies': int((hamming(sy, tr_all).min(1) == 0).sum()), 'holdoutExactCopies': int((hamming(ho, tr_all).min(1) == 0).sum())}))
`;

/** `rows` random 0/1 haplotypes of `snps` SNPs at per-SNP frequencies drawn once per seed. */
function randomHaplotypes(rows: number, snps: number, seed: number): GenotypeMatrix {
  const rng = createRng(seed, 12);
  const freq = Array.from({ length: snps }, () => 0.1 + 0.8 * rng.nextUnit());
  const m = createGenotypeMatrix(rows, snps);
  for (let i = 0; i < rows * snps; i++) m.data[i] = rng.nextUnit() < freq[i % snps] ? 1 : 0;
  return m;
}

/** People from consecutive haplotype pairs: the dosage matrix the section compares beside them. */
function dosagesOf(h: GenotypeMatrix): GenotypeMatrix {
  const out = createGenotypeMatrix(h.samples / 2, h.snps);
  for (let k = 0; k < out.samples; k++) for (let j = 0; j < h.snps; j++) out.data[k * h.snps + j] = h.data[2 * k * h.snps + j] + h.data[(2 * k + 1) * h.snps + j];
  return out;
}

const plain = (m: GenotypeMatrix) => ({ samples: m.samples, snps: m.snps, data: Array.from(m.data) });

describe('haplotype AATS against numpy', () => {
  itWithNumpy('agrees with a brute-force Hamming AATS on the rows the section drew, to 1e-12', () => {
    const snps = 40;
    const train = randomHaplotypes(60, snps, 31);
    const holdout = randomHaplotypes(40, snps, 32);
    const synthetic = randomHaplotypes(70, snps, 33);
    // Six synthetic haplotypes copy training ones: found as exact copies, some drawn into the AATS rows.
    for (let k = 0; k < 6; k++) synthetic.data.set(train.data.subarray(7 * k * snps, (7 * k + 1) * snps), 11 * k * snps);
    const variants: VariantTable = {
      chrom: Array(snps).fill('1'), pos: Float64Array.from({ length: snps }, (_, j) => 1_000 * (j + 1)),
      id: Array.from({ length: snps }, (_, j) => `s${j}`), ref: Array(snps).fill('A'), alt: Array(snps).fill('G'),
    };
    const settings = { ...defaultGenotypeSpaceSettings, seed: 4, maxHaplotypes: 36, ldWindow: 10, pcaComponents: 2, maxPairs: 200 };
    const section = genotypeSetSection({
      id: 'syn', kind: 'imported', train: dosagesOf(train), holdout: dosagesOf(holdout), synthetic: dosagesOf(synthetic), variants, haplotypes: { train, holdout, synthetic },
    }, settings);
    const h = section.haplotypes;
    if (!h?.computed) throw new Error('haplotype AATS not computed');
    // One equal n: maxHaplotypes, below every set's size, so each set is a seeded draw.
    expect(h.samples).toEqual({ train: { n: 36, of: 60 }, holdout: { n: 36, of: 40 }, synthetic: { n: 36, of: 70 } });
    const rows = haplotypeAatsRows({ train: 60, holdout: 40, synthetic: 70 }, settings);
    const ref = JSON.parse(execFileSync(PYTHON, ['-c', SCRIPT], {
      input: JSON.stringify({ train: plain(train), holdout: plain(holdout), synthetic: plain(synthetic), rows: { train: Array.from(rows.train), holdout: Array.from(rows.holdout), synthetic: Array.from(rows.synthetic) } }),
      encoding: 'utf8',
    })) as Record<'train' | 'holdout', Record<'aaTruth' | 'aaSyn' | 'aats', number>> & { privacyLoss: number; closerToTrain: number; exactCopies: number; holdoutExactCopies: number };
    for (const side of ['train', 'holdout'] as const) {
      for (const key of ['aaTruth', 'aaSyn', 'aats'] as const) expect(Math.abs(h.aats[side][key] - ref[side][key]), `${side} ${key}`).toBeLessThan(1e-12);
    }
    expect(Math.abs(h.aats.privacyLoss - ref.privacyLoss)).toBeLessThan(1e-12);
    expect(Math.abs(h.aats.closerToTrain - ref.closerToTrain)).toBeLessThan(1e-12);
    expect([h.exactCopies, h.holdoutExactCopies]).toEqual([ref.exactCopies, ref.holdoutExactCopies]);
    expect(h.exactCopies).toBeGreaterThan(0);
  });
});
