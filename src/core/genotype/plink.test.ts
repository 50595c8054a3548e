import { describe, expect, it } from 'vitest';
import { CancelledError } from '../errors';
import { createByteSource, createTextSource } from './byteSource';
import { normalizeChrom } from './chrom';
import { phenotypeFromFam } from './phenotype';
import { readBed, readBim, readFam, readPlink } from './plink';
import { expectParseError, fixtureBytes, fixtureSource, plinkFixture, unpackDosages } from './testFixtures';
import { readVcf } from './vcf';

describe('readPlink against files written by plink1.9', () => {
  it('equals the VCF that plink1.9 --recode vcf-iid exports from the same .bed (A1 = ALT)', async () => {
    const plink = await readPlink(plinkFixture('small'));
    const exported = await readVcf(fixtureSource('small.plink.vcf'));
    expect(plink.sampleIds).toEqual(exported.sampleIds);
    expect(plink.variants).toEqual(exported.variants);
    expect(plink.dosages).toEqual(exported.dosages);
  });

  it('agrees with the original VCF once alleles PLINK swapped (minor allele as A1) are flipped back', async () => {
    const plink = await readPlink(plinkFixture('small'));
    const original = await readVcf(fixtureSource('small.vcf'));
    expect(plink.variants.id).toEqual(original.variants.id);
    expect(plink.variants.chrom.map(normalizeChrom)).toEqual(original.variants.chrom.map(normalizeChrom));
    let swapped = 0;
    for (let v = 0; v < plink.variants.id.length; v++) {
      const same = plink.variants.alt[v] === original.variants.alt[v];
      if (!same) {
        swapped++;
        expect([plink.variants.alt[v], plink.variants.ref[v]]).toEqual([original.variants.ref[v], original.variants.alt[v]]);
      }
      const want = Array.from(original.dosages.decodeRow(v), (d) => (d < 0 || same ? d : 2 - d));
      expect(Array.from(plink.dosages.decodeRow(v)), plink.variants.id[v]).toEqual(want);
    }
    expect(swapped).toBeGreaterThan(0); // the fixture does exercise the swap
  });

  it('reads the 101-sample .bed (padding bits in the last byte) like the bgzip VCF it came from', async () => {
    const vcf = await readVcf(fixtureSource('big.vcf.gz'));
    for (const chunk of [1, 3, 7, 4096]) {
      const plink = await readPlink(plinkFixture('big', chunk));
      expect(unpackDosages(plink.dosages)).toEqual(unpackDosages(vcf.dosages));
      expect(plink.variants.alt).toEqual(vcf.variants.alt);
    }
  });

  it('reads .fam ids, family ids and the case/control column', async () => {
    const fam = await readFam(fixtureSource('small.fam'));
    expect(fam.sampleIds).toEqual(['S1', 'S2', 'S3', 'S4', 'S5', 'S6']);
    expect(fam.familyIds[0]).toBe('S1');
    expect(phenotypeFromFam(fam).phenotype).toEqual({ labels: Int8Array.of(1, 0, 1, -1, 0, 0), classNames: ['control', 'case'] });
  });
});

describe('readBed 2-bit codes', () => {
  it('decodes 00 hom A1 = 2, 01 missing, 10 het = 1, 11 hom A2 = 0, low bits first', async () => {
    // One variant, 5 samples: byte 0b11_10_01_00 then 0b000000_10 (padding bits ignored).
    const bed = Uint8Array.of(0x6c, 0x1b, 0x01, 0b11100100, 0b11111110);
    const dosages = await readBed(createByteSource('t.bed', bed, 1), 5, 1);
    expect(Array.from(dosages.decodeRow(0))).toEqual([2, -1, 1, 0, 1]);
  });
});

describe('PLINK errors', () => {
  const bim = '1 rs1 0 100 G A\n';
  const fam = 'F1 I1 0 0 1 2\nF1 I2 0 0 2 1\n';
  const sources = (bed: Uint8Array, known = true) => {
    const source = createByteSource('x.bed', bed, 2);
    return { bed: known ? source : { ...source, size: undefined }, bim: createTextSource('x.bim', bim), fam: createTextSource('x.fam', fam) };
  };

  it('refuses a file without the .bed magic bytes, and individual-major mode', async () => {
    await expectParseError(readPlink(sources(Uint8Array.of(0x00, 0x1b, 0x01, 0))), 'x.bed', { byteOffset: 0, message: /magic bytes 0x6c 0x1b/ });
    await expectParseError(readPlink(sources(Uint8Array.of(0x6c, 0x1b, 0x00, 0))), 'x.bed', { byteOffset: 2, message: /individual-major/ });
  });

  it('says individual-major (and how to convert) before checking the size, which differs in that layout', async () => {
    // 2 samples × 5 variants: individual-major is 3 + 2 × ceil(5/4) = 7 bytes, SNP-major would be 3 + 1 × 5 = 8.
    const bimOf5 = Array.from({ length: 5 }, (_, i) => `1 rs${i} 0 ${100 + i} G A\n`).join('');
    const set = { bed: createByteSource('im.bed', Uint8Array.of(0x6c, 0x1b, 0x00, 0, 0, 0, 0), 2),
      bim: createTextSource('im.bim', bimOf5), fam: createTextSource('im.fam', fam) };
    await expectParseError(readPlink(set), 'im.bed',
      { byteOffset: 2, message: /individual-major.*plink1\.9 --bfile im --make-bed --out im_snp_major.*SNP-major/ });
  });

  it('says a file without the magic bytes is not a .bed, whatever its size', async () => {
    await expectParseError(readPlink(sources(Uint8Array.of(0x23, 0x20, 0x63, 0x68, 0x72, 0x31, 0x0a))), 'x.bed',
      { byteOffset: 0, message: /not a PLINK 1 .bed file/ });
  });

  it('checks the size up front when known: 3 + ceil(N/4)·V bytes', async () => {
    await expectParseError(readPlink(sources(Uint8Array.of(0x6c, 0x1b, 0x01, 0, 0))), 'x.bed',
      { message: 'x.bed: has 5 bytes, expected 3 + 1 × 1 = 4 bytes for 2 samples (x.fam) and 1 variants (x.bim)' });
  });

  it('detects a truncated or overlong stream when the size is unknown', async () => {
    await expectParseError(readPlink(sources(Uint8Array.of(0x6c, 0x1b, 0x01), false)), 'x.bed', { message: /ends after 3 bytes.*truncated/ });
    await expectParseError(readPlink(sources(Uint8Array.of(0x6c, 0x1b, 0x01, 0, 0, 0), false)), 'x.bed', { byteOffset: 4, message: /goes on past/ });
  });

  it.each([
    ['x.bim', '1 rs1 100 G A\n', 1, /expected 6 whitespace-separated columns \(chromosome id cM position A1 A2\), found 5/],
    ['x.bim', '1 rs1 0 100 G A\n1 rs2 0 1e5 G A\n', 2, /position '1e5'/],
    ['x.fam', 'F1 I1 0 0 1\n', 1, /expected 6 whitespace-separated columns/],
    ['x.fam', 'F1 I1 0 0 1 2\nF1 I1 0 0 1 2\n', 2, /appears twice \(lines 1 and 2\)/],
  ])('names the line of a bad %s', async (file, text, line, message) => {
    const read = file === 'x.bim' ? readBim(createTextSource(file, text, 4)) : readFam(createTextSource(file, text, 4));
    await expectParseError(read, file, { line, message });
  });

  it('uses FID_IID as sample id only when IIDs repeat across families', async () => {
    const fam = await readFam(createTextSource('f.fam', 'A 1 0 0 0 -9\nB 1 0 0 0 -9\n'));
    expect(fam.sampleIds).toEqual(['A_1', 'B_1']);
  });

  it('notes a quantitative .fam phenotype instead of reading it as labels', async () => {
    const fam = await readFam(createTextSource('q.fam', 'A a 0 0 0 1\nB b 0 0 0 3.7\n'));
    const result = phenotypeFromFam(fam);
    expect(result.phenotype).toBeUndefined();
    expect(result.note).toMatch(/q.fam column 6 is not case\/control \('3.7' on line 2\)/);
  });

  it('rejects with CancelledError when aborted', async () => {
    const controller = new AbortController();
    const read = readPlink(plinkFixture('big', 512), { signal: controller.signal, onProgress: (b) => b > 4000 && controller.abort() });
    await expect(read).rejects.toBeInstanceOf(CancelledError);
  });

  it('reports progress over .fam, .bim and .bed against their total size', async () => {
    const set = plinkFixture('big', 1024);
    const total = ['big.bed', 'big.bim', 'big.fam'].reduce((n, f) => n + fixtureBytes(f).length, 0);
    let last = 0;
    await readPlink(set, { onProgress: (bytesRead, bytesTotal) => {
      expect(bytesTotal).toBe(total);
      expect(bytesRead).toBeGreaterThanOrEqual(last);
      last = bytesRead;
    } });
    expect(last).toBe(total);
  });
});
