// Seeded random genotype matrices for the genotype-space tests.
import { createRng } from '../rng';
import { createGenotypeMatrix, type GenotypeMatrix } from './matrix';

/** samples × snps dosages drawn per SNP from Hardy–Weinberg at a random frequency; `missingRate` of calls missing. */
export function randomGenotypes(samples: number, snps: number, seed: number, missingRate = 0): GenotypeMatrix {
  const rng = createRng(seed, 11);
  const freq = Array.from({ length: snps }, () => 0.05 + 0.9 * rng.nextUnit());
  const m = createGenotypeMatrix(samples, snps);
  for (let i = 0; i < samples; i++) {
    for (let j = 0; j < snps; j++) {
      const d = (rng.nextUnit() < freq[j] ? 1 : 0) + (rng.nextUnit() < freq[j] ? 1 : 0);
      m.data[i * snps + j] = rng.nextUnit() < missingRate ? -1 : d;
    }
  }
  return m;
}
