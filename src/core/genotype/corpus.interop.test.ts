// Our readers against the tools people check them with: bcftools (htslib) and plink1.9, run here
// on small files written in the styles real pipelines produce (htslib and GATK test VCFs, gVCFs,
// bcftools, PLINK sets as bed-reader's tests use them). Dosage conventions compared, all as
// README states them: a haploid ALT call counts 2, a call with any missing allele is missing.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect } from 'vitest';
import { isToolPresent, requireTool } from '../../testing/interop';
import { createByteSource, createTextSource } from './byteSource';
import { loadCohort } from './cohort';
import { readPlink } from './plink';
import { dosageRows } from './testFixtures';
import { MISSING_DOSAGE } from './types';
import { readVcf } from './vcf';
import { corpus, vcf44, vcf44Twin } from './corpusFixtures';

const itWithBcftools = requireTool('bcftools', isToolPresent('bcftools'));
const itWithPlink = requireTool('plink1.9', isToolPresent('plink1.9'));
const dir = mkdtempSync(join(tmpdir(), 'gdw-corpus-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const path = (name: string) => join(dir, name);
const write = (name: string, text: string) => (writeFileSync(path(name), text), path(name));
const source = (name: string) => createByteSource(name, Uint8Array.from(readFileSync(path(name))), 97);
const plinkSet = (prefix: string) => ({ bed: source(`${prefix}.bed`), bim: source(`${prefix}.bim`), fam: source(`${prefix}.fam`) });
const plink = (args: string[]) => execFileSync('plink1.9', [...args, '--allow-extra-chr', '--silent'], { cwd: dir, stdio: 'pipe' });

/** Copies of ALT `k` in a GT string as bcftools prints it (a VCF 4.4 phasing prefix dropped). */
function dosageOf(gt: string, k: number): number {
  const alleles = gt.replace(/^[/|]/, '').split(/[/|]/);
  if (alleles.includes('.')) return MISSING_DOSAGE;
  const copies = alleles.filter((a) => Number(a) === k).length;
  return alleles.length === 1 ? 2 * copies : copies;
}

interface Expected {
  variants: string[];
  rows: number[][];
}

/** One row per ALT of every record bcftools reads (`split`), or of the biallelic ones (`skip`). */
function bcftoolsDosages(file: string, mode: 'split' | 'skip'): Expected & { multiallelic: number } {
  const out = execFileSync('bcftools', ['query', '-f', '%CHROM\\t%POS\\t%REF\\t%ALT[\\t%GT]\\n', path(file)], { encoding: 'utf8' });
  const expected = { variants: [] as string[], rows: [] as number[][], multiallelic: 0 };
  for (const line of out.trimEnd().split('\n')) {
    const [chrom, pos, ref, altText, ...gts] = line.split('\t');
    const alts = altText.split(',');
    if (alts.length > 1) expected.multiallelic++;
    if (alts.length > 1 && mode === 'skip') continue;
    alts.forEach((alt, i) => {
      expected.variants.push(`${chrom}:${pos}:${ref}:${alt}`);
      expected.rows.push(gts.map((gt) => (alt === '.' ? dosageOf(gt, 1) : dosageOf(gt, i + 1))));
    });
  }
  return expected;
}

async function ourVcf(file: string, mode: 'split' | 'skip'): Promise<Expected & { multiallelic: number; samples: string[] }> {
  const table = await readVcf(source(file), { multiallelic: mode });
  const { chrom, pos, ref, alt } = table.variants;
  return { variants: chrom.map((c, v) => `${c}:${pos[v]}:${ref[v]}:${alt[v]}`), rows: dosageRows(table.dosages),
    multiallelic: table.multiallelicSkipped + table.multiallelicSplit, samples: table.sampleIds };
}

/** `plink1.9 … --recode A`: A1 counts per variant (by .raw column `ID_A1`), NA as missing. */
function recodeA(args: string[], out: string): { iids: string[]; columns: string[]; rows: number[][] } {
  plink([...args, '--recode', 'A', '--out', out]);
  const [header, ...lines] = readFileSync(path(`${out}.raw`), 'utf8').trimEnd().split('\n').map((l) => l.split(' '));
  const people = lines.map((l) => l.slice(6).map((x) => (x === 'NA' ? MISSING_DOSAGE : Number(x))));
  const columns = header.slice(6);
  return { iids: lines.map((l) => l[1]), columns, rows: columns.map((_, v) => people.map((p) => p[v])) };
}

describe('VCF reader against bcftools query', () => {
  for (const [name, text] of Object.entries(corpus)) write(name, text);

  for (const name of Object.keys(corpus)) {
    itWithBcftools(`${name}: one row per ALT (split) and biallelic records only (default), as bcftools reads them`, async () => {
      for (const mode of ['split', 'skip'] as const) {
        const ours = await ourVcf(name, mode);
        const theirs = bcftoolsDosages(name, mode);
        expect(ours.variants, mode).toEqual(theirs.variants);
        expect(ours.rows, mode).toEqual(theirs.rows);
        expect(ours.multiallelic, mode).toBe(theirs.multiallelic);
      }
    });
  }

  itWithBcftools('VCF 4.4 phasing prefixes (/0|1, |1) read as the same calls without them, which bcftools 1.16 reads', async () => {
    write('v44.vcf', vcf44);
    write('v44-twin.vcf', vcf44Twin);
    const ours = await ourVcf('v44.vcf', 'split');
    expect(ours.rows).toEqual(bcftoolsDosages('v44-twin.vcf', 'split').rows);
    expect(ours.rows.flat()).toContain(1);
  });
});

describe('readers against plink1.9 --recode A', () => {
  const importArgs = (file: string) => ['--vcf', path(file), '--double-id', '--vcf-half-call', 'missing', '--biallelic-only', 'strict'];

  itWithPlink('VCF: ALT dosages equal plink1.9 --keep-allele-order (haploid = 2, half calls missing, symbolic ALTs kept)', async () => {
    const vcf = await readVcf(source('htslib.vcf'));
    const ours = dosageRows(vcf.dosages);
    const theirs = recodeA([...importArgs('htslib.vcf'), '--keep-allele-order'], 'vcf-direct');
    // .raw columns are ID_A1, and A1 is ALT here.
    expect(theirs.columns).toEqual(vcf.variants.id.map((id, v) => `${id}_${vcf.variants.alt[v] === '.' ? '0' : vcf.variants.alt[v]}`));
    vcf.variants.id.forEach((id, v) => {
      // plink1.9 reads GT only as the first FORMAT key (the spec's rule): rs13110 has DP:GT, so plink sees no calls.
      if (id === 'rs13110') expect(theirs.rows[v].every((d) => d === MISSING_DOSAGE)).toBe(true);
      else expect(theirs.rows[v], id).toEqual(ours[v]);
    });
  });

  for (const keepOrder of [true, false]) {
    itWithPlink(`PLINK fileset made by plink1.9 ${keepOrder ? 'with' : 'without'} --keep-allele-order: A1 dosages as its --recode A`, async () => {
      const prefix = keepOrder ? 'kept' : 'minor';
      plink([...importArgs('htslib.vcf'), ...(keepOrder ? ['--keep-allele-order'] : []), '--make-bed', '--out', prefix]);
      const table = await readPlink(plinkSet(prefix));
      // --keep-allele-order again: without it plink1.9 picks A1 anew (the minor allele) on every load.
      const theirs = recodeA(['--bfile', prefix, ...(keepOrder ? ['--keep-allele-order'] : [])], `${prefix}-raw`);
      expect(table.sampleIds).toEqual(theirs.iids);
      expect(table.variants.id.map((id, v) => `${id}_${table.variants.alt[v]}`)).toEqual(theirs.columns);
      expect(dosageRows(table.dosages)).toEqual(theirs.rows);
      if (keepOrder) {
        // With the allele order kept, A1 is the VCF's ALT: the .bed reads as the VCF does (but for
        // rs13110, whose GT plink1.9 does not find after DP).
        const vcf = await readVcf(source('htslib.vcf'));
        const rowOf = new Map(vcf.variants.id.map((id, v) => [id, v]));
        const ours = dosageRows(vcf.dosages);
        dosageRows(table.dosages).forEach((row, v) => {
          const id = table.variants.id[v];
          if (id !== 'rs13110') expect(row, id).toEqual(ours[rowOf.get(id) as number]);
        });
      }
    });
  }

  /** As bed-reader's test sets: FID ≠ IID, sex and case/control set, 7 samples (the last .bed byte padded). */
  const makeBedReaderSet = () => {
    write('fam.vcf', corpus['htslib.vcf'].replace(/\tS(\d)/g, '\tfam$1_ind$1'));
    write('sex.txt', 'fam1 ind1 1\nfam2 ind2 2\nfam3 ind3 1\nfam4 ind4 2\nfam5 ind5 0\nfam6 ind6 1\nfam7 ind7 2\n');
    write('pheno.txt', 'fam1 ind1 2\nfam2 ind2 1\nfam3 ind3 -9\nfam4 ind4 2\nfam5 ind5 1\nfam6 ind6 1\nfam7 ind7 2\n');
    plink(['--vcf', path('fam.vcf'), '--id-delim', '_', '--vcf-half-call', 'missing', '--biallelic-only', 'strict', '--keep-allele-order',
      '--update-sex', path('sex.txt'), '--pheno', path('pheno.txt'), '--make-bed', '--out', 'br']);
  };

  itWithPlink('bed-reader-style set: FID ≠ IID, 7 samples (padding bits), sex and case/control from plink1.9', async () => {
    makeBedReaderSet();
    const { cohort, report } = await loadCohort({ genotypes: plinkSet('br') });
    const theirs = recodeA(['--bfile', 'br', '--keep-allele-order'], 'br-raw');
    expect(cohort.sampleIds).toEqual(['ind1', 'ind2', 'ind3', 'ind4', 'ind5', 'ind6', 'ind7']);
    expect(cohort.familyIds).toEqual(['fam1', 'fam2', 'fam3', 'fam4', 'fam5', 'fam6', 'fam7']);
    expect(dosageRows(cohort.dosages)).toEqual(theirs.rows);
    expect(Array.from(cohort.phenotype?.labels ?? [])).toEqual([1, 0, -1, 1, 0, 0, 1]);
    expect(report.samplesWithoutLabel).toEqual(['ind3']);
  });

  itWithPlink('a VCF written by plink1.9 --recode vcf (FID_IID ids) takes labels from the .fam or a FID IID file of the same people', async () => {
    makeBedReaderSet();
    plink(['--bfile', 'br', '--keep-allele-order', '--recode', 'vcf', '--out', 'br-export']);
    const exported = await readVcf(source('br-export.vcf'));
    expect(exported.sampleIds[0]).toBe('fam1_ind1');
    for (const labels of [source('br.fam'), createTextSource('pheno.txt', readFileSync(path('pheno.txt'), 'utf8'))]) {
      const { cohort, report } = await loadCohort({ genotypes: { vcf: source('br-export.vcf') }, phenotype: labels });
      expect(Array.from(cohort.phenotype?.labels ?? []), labels.name).toEqual([1, 0, -1, 1, 0, 0, 1]);
      expect(report.sampleIdMatches, labels.name).toEqual({ exact: 0, fidIid: 7, doubleId: 0 });
    }
  });
});
