// gdw simulate → encode → decode end to end: the decoded genotypes of the bundle's own tensor
// agree with the source cohort as often as the reported round-trip ceiling says.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBundle } from '../core/encode/bundle';
import { readVcf } from '../core/genotype/vcf';
import { readPlink } from '../core/genotype/plink';
import { unpackDosages } from '../core/genotype/testFixtures';
import { readBundleFolder } from '../node/bundleFolder';
import { createFileSource, createPlinkFileSources } from '../node/fileSource';
import { main, type CliIo } from './main';

const quietIo = (): CliIo & { text: () => string } => {
  const out: string[] = [];
  return { stdout: (t) => out.push(t), stderr: (t) => out.push(t), text: () => out.join('') };
};

describe('gdw simulate, encode and decode', () => {
  it('round-trips a simulated cohort through a bundle and back to VCF and PLINK', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gdw-encode-'));
    const cohortDir = join(dir, 'cohort');
    expect(await main(['simulate', '--out', cohortDir, '--samples', '120', '--genes', '12', '--seed', '4'], quietIo())).toBe(0);

    const bundleDir = join(dir, 'bundle');
    const io = quietIo();
    const encodeArgs = ['encode', '--bfile', join(cohortDir, 'cohort'), '--genes', join(cohortDir, 'genes.bed'),
      '--pheno', join(cohortDir, 'phenotype.tsv'), '--pad', '16', '--seed', '2', '--out', bundleDir];
    expect(await main(encodeArgs, io)).toBe(0);
    const ceiling = Number(/round-trip ceiling \(holdout genotypes recovered\) ([0-9.]+)/.exec(io.text())?.[1]);
    expect(ceiling).toBeGreaterThan(0.5);

    const bundle = await readBundle(await readBundleFolder(bundleDir));
    expect(bundle.tensor.shape).toMatchObject({ batch: 120, genes: 16, channels: 8 });

    const vcfOut = join(dir, 'decoded.vcf.gz');
    const decodeArgs = ['decode', '--bundle', bundleDir, '--tensor', join(bundleDir, 'tensor.npy')];
    expect(await main([...decodeArgs, '--out-vcf', vcfOut], quietIo())).toBe(0);
    expect(await main([...decodeArgs, '--out-bfile', join(dir, 'decoded')], quietIo())).toBe(0);
    const decodedVcf = await readVcf(createFileSource(vcfOut));
    const decodedPlink = await readPlink(createPlinkFileSources(join(dir, 'decoded')));
    expect(unpackDosages(decodedPlink.dosages)).toEqual(unpackDosages(decodedVcf.dosages));

    // Compare the holdout's decoded genotypes with the source genotypes, SNP by SNP (non-missing calls).
    const source = await readPlink(createPlinkFileSources(join(cohortDir, 'cohort')));
    const rowOf = new Map(source.variants.id.map((id, row) => [id, row]));
    let compared = 0;
    let recovered = 0;
    decodedVcf.variants.id.forEach((id, v) => {
      const row = rowOf.get(id) as number;
      for (const i of bundle.split.holdoutIdx) {
        const truth = source.dosages.get(row, i);
        if (truth < 0) continue;
        compared++;
        if (decodedVcf.dosages.get(v, i) === truth) recovered++;
      }
    });
    // The same share the encoder reported (printed to 4 decimals).
    expect(Math.abs(recovered / compared - ceiling)).toBeLessThan(5e-5 + 1e-9);
    expect(new TextDecoder().decode(await readFile(join(bundleDir, 'samples.txt'))).split('\n')).toHaveLength(121);
  });

  it('refuses a tensor whose shape does not fit the bundle', async () => {
    const io = quietIo();
    const code = await main(['decode', '--bundle', 'no-such-dir', '--tensor', 'x.npy', '--out-vcf', 'y.vcf'], io);
    expect(code).toBe(2);
    expect(io.text()).toMatch(/no-such-dir|x\.npy/);
  });
});
