// `gdw`: the workbench's core from Node, for servers and tests. Each command is one module.
import { GdwError } from '../core/errors';
import { annotateCommand } from './annotate';
import { decodeCommand } from './decode';
import { encodeCommand } from './encode';
import { evaluateCommand } from './evaluate';
import { inspectCommand } from './inspect';
import { memorisationCommand } from './memorisation';
import { sampleCommand } from './sample';
import { simulateCommand } from './simulate';
import { translateCommand } from './translate';
import { designCommand } from './design';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

const nodeIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

type Command = (args: string[], io: CliIo) => Promise<void>;

const commands: Record<string, { run: Command; summary: string }> = {
  inspect: { run: inspectCommand, summary: 'inspect MODEL.onnx [SETTINGS] [--bundle B] — print the BackboneSpec (settings, sources, missing) as JSON' },
  annotate: {
    run: annotateCommand,
    summary: 'annotate MODEL.onnx [SETTINGS] [--bundle B] (--out OUT.onnx | --write-sidecar) — write the settings into the model (or its sidecar)',
  },
  simulate: {
    run: simulateCommand,
    summary: 'simulate --out DIR [--seed K] [--samples N] [--genes G] [--chromosomes C] [--fst F] [--h2 H] [--prevalence K] [--causal-genes M] [--missing R] [--prefix P] [--no-gzip]',
  },
  encode: {
    run: encodeCommand,
    summary: 'encode (--vcf F | --bfile PREFIX) --genes BED [--pheno F] [--pad G] [--holdout 0.1] [--seed K] [--variance-target V] [--nearest-gene] [--stratified] --out BUNDLE',
  },
  decode: {
    run: decodeCommand,
    summary: 'decode --bundle B --tensor T.npy (--out-vcf F[.gz] | --out-bfile PREFIX) [--prefix ID]',
  },
  sample: {
    run: sampleCommand,
    summary: 'sample --model M.onnx --n N [--sampler ddim|ddpm] [--steps S] [--eta E] [--seed K] [--batch B] [--class C|null] [--threads T] [--ep cpu|cuda|wasm] [SETTINGS] [--bundle B] --out OUT.npy',
  },
  evaluate: {
    run: evaluateCommand,
    summary: 'evaluate --bundle B --backbone NAME=M.onnx [--backbone …] [--n N] [--sampler ddim|ddpm] [--steps 50] [--eta 0] [--seed K] [--k 10] [--umap-points 300 (0: none)] [--levels 50] [--draws 1] [--bootstrap 1000] [--batch 64] [--threads T] [--ep cpu|cuda|wasm] [--tstr mlp,cnn,transformer|none] [--tstr-set matched|as-generated] [--memory-budget MiB (1024)] [--work-dir DIR] [SETTINGS for all] [--set NAME:flag=value …] [--synthetic NAME=FILE.vcf|.bed|.hapt …] [--hapt-one a1|a0|major] [--legend-chrom C] [--genotypes COHORT.vcf|.bed] [--genospace-samples 500] [--genospace-haplotypes 2×samples] [--ld-start 0] [--ld-window 50] [--ld-bin-bp 10000] [--out report.json]',
  },
  translate: {
    run: translateCommand,
    summary: 'translate --backbone M.onnx --bundle B --source C --target C --depth T*|T [--steps min(50, T*)] [--refine 0] '
      + '[--samples holdout|train|all] [--n N] [--seed K] [--batch 64] [--bootstrap 1000] [--top 20] [--classifier mlp|cnn|transformer|none] '
      + '[--classifier-epochs 30] [--no-cycle] [--truth truth.json] [--threads T] [--ep cpu|cuda|wasm] [SETTINGS] --out DIR',
  },
  design: {
    run: designCommand,
    summary: 'design --bundle B --method activation,joint,guidance --target C [--backbone M.onnx (joint: a GAN generator; guidance: a diffusion backbone)] [--truth truth.json] '
      + '[--designs 32] [--iterations N] [--seed 1] [--start real|noise] [--objective logit|log-prob] [--step 0.05] [--realism 1] [--neighbours 5] [--max-step 0.5|none] '
      + '[--population 16] [--sigma 0.5] [--prior 1] [--scale 1] [--steps 25] [--eta 0] [--predictor mlp|cnn|transformer] [--oracle mlp|cnn|transformer|none] '
      + '[--classifier-epochs 30] [--bootstrap 1000] [--top 10] [--vcf] [--threads T] [--ep cpu|cuda|wasm] [SETTINGS] --out DIR',
  },
  memorisation: {
    run: memorisationCommand,
    summary: 'memorisation --bundle B --backbone A=M1.onnx --backbone B=M2.onnx [--n 200] [--sampler ddim|ddpm] [--steps 50] [--eta 0] [--seed K] [--batch 64] [--class C|null] [--threshold 0.9] [--bins 100] [--assume-train-split] [--threads T] [--ep cpu|cuda|wasm] [SETTINGS for both] [--set NAME:flag=value …] --out report.json [--csv histograms.csv]',
  },
};

/** The backbone settings every command that loads a model takes (README "The backbone contract"). */
const settingsUsage = 'SETTINGS: [--layout BGC|BCG] [--schedule linear|cosine] [--timesteps T] [--beta-start B] [--beta-end B] ' +
  '[--prediction eps|x0|v] [--classes K] [--null-class I|none] [--family F] [--real-genes N] [--padding zero-x|zero-x0] ' +
  '[--fixed-batch N] [--mask M.npy | --zero-mask M.npy] [--sidecar S.gdw.json] [--assume-defaults]';

function usage(): string {
  const lines = Object.values(commands).map((c) => `  gdw ${c.summary}`);
  return `usage:\n${lines.join('\n')}\n  ${settingsUsage}\n`;
}

export async function main(argv: string[], io: CliIo = nodeIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage());
    return 0;
  }
  const command = commands[name];
  if (!command) {
    io.stderr(`gdw: unknown command '${name}'\n${usage()}`);
    return 2;
  }
  try {
    await command.run(rest, io);
    return 0;
  } catch (err) {
    if (err instanceof GdwError) {
      io.stderr(`gdw ${name}: ${err.message}\n`);
      return err.code === 'usage' ? 2 : 1;
    }
    io.stderr(`gdw ${name}: ${(err as Error).stack ?? String(err)}\n`);
    return 1;
  }
}
