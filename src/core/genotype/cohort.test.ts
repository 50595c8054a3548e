import { describe, expect, it } from 'vitest';
import { ParseError } from '../errors';
import { createTextSource } from './byteSource';
import { normalizeChrom } from './chrom';
import { loadCohort } from './cohort';
import { countSnpsPerGene, dosageStats } from './loadReport';
import { PackedDosages } from './packedDosages';
import { fixtureSource, plinkFixture } from './testFixtures';

// small.vcf positions: chr1 1100 1250 3000, chr2 500 900 1800, chrX 2000 2600 (rs3 skipped).
const genesBed = [
  '1\t1000\t1300\tGENE_A', // rs1, rs2 (plain '1' against the VCF's 'chr1')
  'chr1\t1249\t3000\tGENE_B', // rs2 (0-based 1249) and rs4 (POS 3000 = 0-based 2999)
  'chr2\t0\t499\tGENE_C', // POS 500 = 0-based 499, outside the half-open end
  'X\t1999\t2000\tGENE_D', // rs8 exactly (0-based 1999)
  'chr7\t0\t100000\tGENE_E', // no variants
].join('\n');

describe('chromosome names', () => {
  it.each([['chr1', '1'], ['1', '1'], ['CHRX', 'X'], ['23', 'X'], ['chrM', 'MT'], ['26', 'MT'], ['XY', 'X'], ['chr01', '1'], ['scaffold_7', 'scaffold_7']])(
    '%s → %s', (name, want) => expect(normalizeChrom(name)).toBe(want));
});

describe('loadCohort from VCF + label file + gene BED', () => {
  const labels = 'sample,diagnosis\nS1,ALS\nS2,control\nS3,ALS\nS5,NA\nS6,control\nS9,ALS\n';

  it('matches samples by id and reports unmatched ids and samples without labels', async () => {
    const { cohort, report } = await loadCohort({
      genotypes: { vcf: fixtureSource('small.vcf.gz') },
      phenotype: createTextSource('labels.csv', labels),
      geneMap: createTextSource('genes.bed', genesBed),
    });
    expect(cohort.sampleIds).toHaveLength(6);
    expect(cohort.phenotype?.classNames).toEqual(['control', 'ALS']);
    expect(Array.from(cohort.phenotype?.labels ?? [])).toEqual([1, 0, 1, -1, -1, 0]);
    expect(report.phenotypeSource).toBe('file');
    expect(report.unmatchedSampleIds).toEqual(['S9']);
    expect(report.samplesWithoutLabel).toEqual(['S4', 'S5']);
    expect(report.classCounts).toEqual([2, 2]);
    expect(cohort.genes).toHaveLength(5);
  });

  it('counts SNPs per gene on half-open intervals across chr-prefixed and plain names', async () => {
    const { cohort, report } = await loadCohort({
      genotypes: { vcf: fixtureSource('small.vcf') },
      geneMap: createTextSource('genes.bed', genesBed),
    });
    // GENE_B [1249, 3000) holds 0-based 1249 (rs2) and 2999 (rs4); GENE_C [0, 499) holds nothing.
    expect(Array.from(countSnpsPerGene(cohort.variants, cohort.genes ?? []))).toEqual([2, 2, 0, 1, 0]);
    expect(report.genes).toBe(5);
    expect(report.genesCovered).toBe(3);
    expect(report.snpsInGenes).toBe(4); // rs1, rs2, rs4, rs8 (rs2 counted once)
    expect(report.snpsPerGene).toEqual({ min: 1, median: 2, mean: 5 / 3, max: 2, over20: 0, from5To20: 0, upTo4: 3 });
  });

  it('reports size, missingness and the MAF histogram', async () => {
    const { report } = await loadCohort({ genotypes: { vcf: fixtureSource('small.vcf') } });
    expect([report.samples, report.variants, report.multiallelicSkipped]).toEqual([6, 8, 1]);
    expect(report.missingRate).toBeCloseTo(6 / 48, 12); // six missing calls in the eight biallelic rows
    expect(report.phenotypeSource).toBe('none');
    expect(report.mafHistogram.binEdges).toHaveLength(11);
    expect(report.mafHistogram.counts.reduce((a, b) => a + b, 0)).toBe(8);
    expect(report.mafHistogram.counts[0]).toBe(1); // rs6 is monomorphic
  });
});

describe('loadCohort from PLINK', () => {
  it('takes labels from .fam column 6 and gives every sample its family id', async () => {
    const { cohort, report } = await loadCohort({ genotypes: plinkFixture('small') });
    expect(cohort.familyIds).toEqual(cohort.sampleIds);
    expect(Array.from(cohort.phenotype?.labels ?? [])).toEqual([1, 0, 1, -1, 0, 0]);
    expect(report.phenotypeSource).toBe('fam');
    expect(report.samplesWithoutLabel).toEqual(['S4']);
  });

  it('prefers a label file, says so, and matches PLINK FID_IID ids', async () => {
    const { cohort, report } = await loadCohort({
      genotypes: plinkFixture('small'),
      phenotype: createTextSource('p.tsv', 'id\tlabel\nS1_S1\tcase\nS2_S2\tcontrol\n'),
    });
    expect(Array.from(cohort.phenotype?.labels ?? []).slice(0, 3)).toEqual([1, 0, -1]);
    expect(report.notes.join(' ')).toMatch(/labels come from p.tsv/);
  });

  it('refuses a label file whose ids match no sample, naming the file and an example of each', async () => {
    const load = loadCohort({
      genotypes: plinkFixture('small'),
      phenotype: createTextSource('p.tsv', 'id\tlabel\nX1\tcase\nX2\tcontrol\n'),
    });
    await expect(load).rejects.toMatchObject({ name: 'ParseError', location: { file: 'p.tsv' } });
    await expect(load).rejects.toThrow(/no sample id in p.tsv .* matches a genotype sample: e.g. 'X1' vs 'S1'/);
  });

  it('reads the small files first, so a bad label file fails before the genotypes are read', async () => {
    let genotypeBytes = 0;
    const vcf = fixtureSource('big.vcf.gz');
    const counted = { ...vcf, chunks: async function* () {
      for await (const chunk of vcf.chunks()) {
        genotypeBytes += chunk.length;
        yield chunk;
      }
    } };
    const load = loadCohort({ genotypes: { vcf: counted }, phenotype: createTextSource('bad.csv', 'id,label\nS1\n') });
    await expect(load).rejects.toBeInstanceOf(ParseError);
    expect(genotypeBytes).toBe(0);
  });

  it('reports progress over all files, never decreasing, ending at their total size', async () => {
    const geneMap = createTextSource('genes.bed', genesBed);
    const set = plinkFixture('small', 3);
    const total = [geneMap, set.bed, set.bim, set.fam].reduce((n, s) => n + (s.size ?? 0), 0);
    const seen: number[] = [];
    await loadCohort({ genotypes: set, geneMap }, { onProgress: (bytesRead, bytesTotal) => {
      expect(bytesTotal).toBe(total);
      seen.push(bytesRead);
    } });
    expect(seen.every((b, i) => i === 0 || b >= seen[i - 1])).toBe(true);
    expect(seen[seen.length - 1]).toBe(total);
  });
});

describe('loadCohort matches PLINK-renamed sample ids', () => {
  // What `plink1.9 --vcf x.vcf --double-id --make-bed` then `--recode vcf` writes: FID_IID = IID_IID.
  const plinkVcf = (ids: string[]) => ['##fileformat=VCFv4.2', `#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\t${ids.join('\t')}`,
    `1\t100\trs1\tA\tG\t.\t.\t.\tGT\t${ids.map((_, i) => ['0/0', '0/1', '1/1'][i % 3]).join('\t')}`, ''].join('\n');

  it('matches IID labels to --double-id VCF ids (per0 ↔ per0_per0) and reports the rule', async () => {
    const { cohort, report } = await loadCohort({
      genotypes: { vcf: createTextSource('plink.vcf', plinkVcf(['per0_per0', 'per1_per1', 'per2_per2'])) },
      phenotype: createTextSource('labels.csv', 'id,label\nper0,case\nper1,control\n'),
    });
    expect(Array.from(cohort.phenotype?.labels ?? [])).toEqual([1, 0, -1]);
    expect(report.sampleIdMatches).toEqual({ exact: 0, fidIid: 0, doubleId: 2 });
    expect(report.notes.join(' ')).toMatch(/2 samples matched labels.csv as IID_IID ↔ IID \(plink --double-id\)/);
  });

  it('matches a .fam of the same people to the FID_IID ids of `plink --recode vcf`', async () => {
    const { cohort, report } = await loadCohort({
      genotypes: { vcf: createTextSource('plink.vcf', plinkVcf(['fa_per0', 'fb_per1', 'fb_per2'])) },
      phenotype: createTextSource('people.fam', 'fa per0 0 0 1 2\nfb per1 0 0 2 1\nfb per2 0 0 2 2\n'),
    });
    expect(Array.from(cohort.phenotype?.labels ?? [])).toEqual([1, 0, 1]);
    expect(report.sampleIdMatches).toEqual({ exact: 0, fidIid: 3, doubleId: 0 });
  });

  it('says exact when the ids are the same on both sides', async () => {
    const { report } = await loadCohort({
      genotypes: { vcf: createTextSource('c.vcf', plinkVcf(['a', 'b'])) },
      phenotype: createTextSource('labels.csv', 'id,label\na,case\nb,control\n'),
    });
    expect(report.sampleIdMatches).toEqual({ exact: 2, fidIid: 0, doubleId: 0 });
    expect(report.notes).toEqual([]);
  });

  it('refuses a label id that two samples map to, with a typed error', async () => {
    const load = loadCohort({
      genotypes: { vcf: createTextSource('plink.vcf', plinkVcf(['f1_7', 'f2_7'])) },
      phenotype: createTextSource('labels.csv', 'id,label\n7,case\n'),
    });
    await expect(load).rejects.toMatchObject({ name: 'AmbiguousSampleIdError', code: 'parse', location: { file: 'labels.csv' } });
  });
});

describe('dosageStats', () => {
  it('bins MAF in [0, 0.5] with 0.5 in the last bin and skips all-missing variants', () => {
    // Three variants × two samples: MAF 0.5, all missing, MAF 0.25.
    const stats = dosageStats(PackedDosages.fromDosages(Int8Array.of(2, 0, -1, -1, 1, 0), 2));
    expect(stats.variantsAllMissing).toBe(1);
    expect(stats.missingRate).toBeCloseTo(2 / 6, 12);
    expect(stats.mafHistogram.counts).toEqual([0, 0, 0, 0, 0, 1, 0, 0, 0, 1]);
  });
});
