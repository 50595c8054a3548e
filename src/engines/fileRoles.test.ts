import { readFileSync } from 'node:fs';
import { gzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { identifyFile, planCohortFiles, requireLoadablePlan, type IdentifiedFile } from './fileRoles';

const demoDir = new URL('../../public/demo/cohort/', import.meta.url);
const demo = (name: string, as = name): IdentifiedFile => {
  const bytes = new Uint8Array(readFileSync(new URL(name, demoDir)));
  return identifyFile(as, bytes.length, bytes.subarray(0, 1 << 16));
};
const text = (name: string, body: string): IdentifiedFile => identifyFile(name, body.length, new TextEncoder().encode(body));

describe('identifyFile', () => {
  it('gives every demo file its role', () => {
    expect(['cohort.vcf.gz', 'cohort.bed', 'cohort.bim', 'cohort.fam', 'phenotype.tsv', 'genes.bed'].map((n) => demo(n).role))
      .toEqual(['vcf', 'plink-bed', 'plink-bim', 'plink-fam', 'phenotype', 'gene-map']);
  });

  it('tells a PLINK .bed from a gene-map BED by the magic bytes, whatever the name', () => {
    expect(demo('cohort.bed', 'genes.bed')).toMatchObject({ role: 'plink-bed', reason: 'PLINK magic bytes 6c 1b' });
    expect(demo('genes.bed', 'cohort.bed')).toMatchObject({ role: 'gene-map', reason: 'BED text (no PLINK magic bytes)' });
  });

  it('reads inside gzip and sniffs content when the name says nothing', () => {
    expect(demo('cohort.vcf.gz', 'upload.gz')).toMatchObject({ role: 'vcf', reason: 'VCF header' });
    const gtf = '1\thavana\tgene\t11869\t14409\t.\t+\t.\tgene_id "G1"; gene_name "DDX11L1";\n';
    expect(identifyFile('annotation.dat', 99, gzipSync(new TextEncoder().encode(gtf)))).toMatchObject({ role: 'gene-map' });
    expect(text('labels.csv', 'id,label\nS1,case\n').role).toBe('phenotype');
    expect(text('genes.txt', 'chr1\t100\t200\tG1\n').role).toBe('gene-map');
    expect(text('labels.txt', 'id\tlabel\nS1\tcase\n').role).toBe('phenotype');
    expect(text('notes.md', '# hello\n').role).toBe('unknown');
  });
});

describe('planCohortFiles', () => {
  it('accepts a VCF or a full PLINK trio, and says what optional parts are missing', () => {
    const vcf = planCohortFiles([demo('cohort.vcf.gz')]);
    expect(vcf.problems).toEqual([]);
    expect(vcf.missing).toEqual([
      { what: 'a gene map (BED/GTF/GFF), needed to encode per gene', required: false },
      { what: 'labels (CSV/TSV), so samples stay unlabelled', required: false },
    ]);
    expect(() => requireLoadablePlan(vcf)).not.toThrow();
    const plink = planCohortFiles(['cohort.bed', 'cohort.bim', 'cohort.fam', 'genes.bed'].map((n) => demo(n)));
    expect(plink.missing).toEqual([]);
    expect(() => requireLoadablePlan(plink)).not.toThrow();
  });

  it('names the missing PLINK files with a typed error', () => {
    const plan = planCohortFiles([demo('cohort.bed')]);
    expect(plan.missing.filter((m) => m.required).map((m) => m.what)).toEqual(['cohort.bim (PLINK variants)', 'cohort.fam (PLINK samples)']);
    expect(() => requireLoadablePlan(plan)).toThrow(expect.objectContaining({ name: 'MissingFileError', code: 'invalid-request' }));
    expect(() => requireLoadablePlan(planCohortFiles([demo('phenotype.tsv')]))).toThrow(/needs genotypes: a \.vcf\(\.gz\)/);
  });

  it('reads a text .bed beside its .bim and .fam as a broken PLINK .bed, so the reader names the fault', () => {
    const plan = planCohortFiles([demo('genes.bed', 'cohort.bed'), demo('cohort.bim'), demo('cohort.fam')]);
    expect(plan.files[0].role).toBe('plink-bed');
    expect(plan.missing.filter((m) => m.required)).toEqual([]);
  });

  it('refuses two genotype sources and unknown files', () => {
    const both = planCohortFiles(['cohort.vcf.gz', 'cohort.bed', 'cohort.bim', 'cohort.fam'].map((n) => demo(n)));
    expect(() => requireLoadablePlan(both)).toThrow(/two genotype sources/);
    const stray = planCohortFiles([demo('cohort.vcf.gz'), text('notes.md', '# hi\n')]);
    expect(() => requireLoadablePlan(stray)).toThrow(/notes\.md: not a VCF/);
  });
});

describe('dataset bundles', () => {
  const zip = zipSync({ 'layout.json': new TextEncoder().encode('{}\n') });
  const bundle = identifyFile('cohort-G512-bundle.zip', zip.length, zip);
  const invalid = (message: RegExp) => expect.objectContaining({ name: 'InvalidRequestError', code: 'invalid-request', message: expect.stringMatching(message) });

  it('identifies a zip by its magic bytes whatever the name, and a .zip by its name', () => {
    expect(identifyFile('upload.dat', zip.length, zip)).toMatchObject({ role: 'bundle', reason: 'zip magic bytes 50 4b 03 04' });
    expect(text('broken.zip', 'not a zip at all')).toMatchObject({ role: 'bundle', reason: '.zip extension' });
  });

  it('loads a bundle alone, with nothing missing', () => {
    const plan = planCohortFiles([bundle]);
    expect(plan).toEqual({ files: [bundle], missing: [], problems: [] });
    expect(() => requireLoadablePlan(plan)).not.toThrow();
  });

  it('refuses a bundle beside genotypes, labels, a stray file or another bundle with a typed error', () => {
    const plan = (...others: IdentifiedFile[]) => planCohortFiles([bundle, ...others]);
    expect(() => requireLoadablePlan(plan(demo('cohort.vcf.gz'))))
      .toThrow(invalid(/^cohort-G512-bundle\.zip is an encoded dataset bundle and cohort\.vcf\.gz is genotypes: load the bundle alone/));
    expect(() => requireLoadablePlan(plan(...['cohort.bed', 'cohort.bim', 'cohort.fam'].map((n) => demo(n)))))
      .toThrow(invalid(/and cohort\.bed, cohort\.bim, cohort\.fam are genotypes/));
    expect(() => requireLoadablePlan(plan(demo('phenotype.tsv')))).toThrow(invalid(/phenotype\.tsv: a dataset bundle carries its own labels/));
    expect(() => requireLoadablePlan(plan(text('notes.md', '# hi\n')))).toThrow(invalid(/notes\.md: not a VCF.*; load cohort-G512-bundle\.zip alone/));
    expect(() => requireLoadablePlan(plan({ ...bundle, name: 'other.zip' }))).toThrow(invalid(/other\.zip: one dataset bundle at a time/));
  });
});
