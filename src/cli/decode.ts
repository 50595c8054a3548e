// gdw decode: a synthetic tensor [N, G, C] back to genotypes with a bundle's codec, written
// as VCF(.gz) or a PLINK bed/bim/fam fileset.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { readCodecBundle } from '../core/encode/bundle';
import { readNpy } from '../core/encode/npy';
import { syntheticCohort } from '../core/encode/synthetic';
import { UsageError } from '../core/errors';
import { bedChunks, bimChunks, famChunks } from '../core/genotype/writePlink';
import { vcfChunks } from '../core/genotype/writeVcf';
import { readBundleFolder } from '../node/bundleFolder';
import { writeChunksToFile } from '../node/fileSink';
import { requireString } from './args';
import type { CliIo } from './main';

const options = {
  bundle: { type: 'string' }, tensor: { type: 'string' }, 'out-vcf': { type: 'string' }, 'out-bfile': { type: 'string' },
  prefix: { type: 'string' },
} as const;

export async function decodeCommand(args: string[], io: CliIo): Promise<void> {
  const { values } = parseArgs({ args, options, strict: true });
  const tensorPath = requireString(values, 'tensor');
  const outVcf = values['out-vcf'];
  const outBfile = values['out-bfile'];
  if (Boolean(outVcf) === Boolean(outBfile)) throw new UsageError('give exactly one of --out-vcf FILE or --out-bfile PREFIX');
  const { codec } = await readCodecBundle(await readBundleFolder(requireString(values, 'bundle'), ['tensor.npy']));
  const tensor = readNpy(new Uint8Array(await readFile(tensorPath)), tensorPath);
  const [count, genes, channels] = tensor.shape;
  if (tensor.shape.length !== 3 || genes !== codec.settings.geneSlots || channels !== codec.settings.componentsPerGene) {
    throw new UsageError(`${tensorPath} is [${tensor.shape.join(', ')}]; the bundle's codec takes [N, ${codec.settings.geneSlots}, ${codec.settings.componentsPerGene}]`);
  }
  const cohort = syntheticCohort(codec, tensor.data, count, { idPrefix: values.prefix ?? 'syn' });
  if (outVcf) {
    await writeChunksToFile(outVcf, vcfChunks(cohort, { gzip: outVcf.endsWith('.gz'), source: 'gdw decode' }));
  } else {
    await writeChunksToFile(`${outBfile}.bed`, bedChunks(cohort));
    await writeChunksToFile(`${outBfile}.bim`, bimChunks(cohort));
    await writeChunksToFile(`${outBfile}.fam`, famChunks(cohort));
  }
  io.stdout(`decoded ${count} samples × ${codec.variants.pos.length} variants to ${outVcf ?? `${outBfile}.bed/.bim/.fam`}\n`);
}
