// The DataEngine implementation: the same object runs in workers/data.worker.ts and directly in
// Node tests. One load or encode at a time, each with its own AbortController; the loaded cohort
// and its encoding are replaced only when a new one is complete.
import { zipSync } from 'fflate';
import { createBundle } from '../core/encode/bundle';
import { defaultGeneSlots } from '../core/encode/codec';
import { InvalidRequestError } from '../core/errors';
import { createBlobSource, createByteSource, type ByteSource } from '../core/genotype/byteSource';
import { loadCohort, type CohortSources } from '../core/genotype/cohort';
import type { Cohort } from '../core/genotype/types';
import type { CohortSummary, DataEngine, DataFileInput, EncodedDataset, LoadOptions } from './data';
import { throttleProgress } from './dataProgress';
import { encodeCohort, type EncodedCohort } from './encodeCohort';
import {
  SNIFF_BYTES, fileRoles, identifyFile, planCohortFiles, requireLoadablePlan, type CohortFilePlan, type FileRole,
} from './fileRoles';

export interface DataEngineOptions {
  now?: () => number;
  /** At most one progress event per this many ms within a phase (default 50). */
  progressIntervalMs?: number;
  /** Samples per encode chunk (default 256). */
  encodeChunkSamples?: number;
}

interface LoadedCohort {
  summary: CohortSummary;
  cohort: Cohort;
}

function toSource(input: DataFileInput): ByteSource {
  return input.data instanceof Uint8Array ? createByteSource(input.name, input.data) : createBlobSource(input.data, input.name);
}

async function readHead(input: DataFileInput): Promise<Uint8Array> {
  if (input.data instanceof Uint8Array) return input.data.subarray(0, SNIFF_BYTES);
  return new Uint8Array(await input.data.slice(0, SNIFF_BYTES).arrayBuffer());
}

const sizeOf = (input: DataFileInput): number => (input.data instanceof Uint8Array ? input.data.byteLength : input.data.size);

async function identifyAll(files: DataFileInput[]): Promise<CohortFilePlan> {
  const identified = await Promise.all(files.map(async (f) => identifyFile(f.name, sizeOf(f), await readHead(f))));
  return planCohortFiles(identified);
}

/** The reader inputs of a loadable plan; the plan's files are in the order of `files`. */
function cohortSources(plan: CohortFilePlan, files: DataFileInput[]): CohortSources {
  const find = (role: FileRole): ByteSource | undefined => {
    const i = plan.files.findIndex((f) => f.role === role);
    return i < 0 ? undefined : toSource(files[i]);
  };
  const vcf = find(fileRoles.vcf);
  const [bed, bim, fam] = [find(fileRoles.plinkBed), find(fileRoles.plinkBim), find(fileRoles.plinkFam)];
  const genotypes = vcf ? { vcf } : bed && bim && fam ? { bed, bim, fam } : undefined;
  if (!genotypes) throw new InvalidRequestError('no complete genotype source among the files');
  const phenotype = find(fileRoles.phenotype);
  const geneMap = find(fileRoles.geneMap);
  return { genotypes, ...(phenotype ? { phenotype } : {}), ...(geneMap ? { geneMap } : {}) };
}

/** "cohort.vcf.gz" → "cohort", for the bundle's file name. */
const stemOf = (name: string): string => name.replace(/\.(gz|bgz)$/i, '').replace(/\.(vcf|bed)$/i, '') || 'cohort';

export function createDataEngine(options: DataEngineOptions = {}): DataEngine {
  const now = options.now ?? (() => performance.now());
  const intervalMs = options.progressIntervalMs ?? 50;
  let loaded: LoadedCohort | null = null;
  let encoded: EncodedCohort | null = null;
  let running: { what: string; controller: AbortController } | null = null;
  let nextCohortId = 1;

  /** Runs one long operation at a time, with the AbortController that cancel() fires. */
  async function exclusive<T>(what: string, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (running) throw new InvalidRequestError(`the data engine is busy ${running.what}: wait for it or cancel it first`);
    const controller = new AbortController();
    running = { what, controller };
    try {
      return await run(controller.signal);
    } finally {
      running = null;
    }
  }

  function requireEncoded(): EncodedCohort {
    if (!encoded || !loaded) throw new InvalidRequestError('nothing is encoded yet: load a cohort and click Encode first');
    return encoded;
  }

  return {
    identify: (files) => identifyAll(files),

    load: (files, onProgress, loadOptions: LoadOptions = {}) => exclusive(`loading ${files.map((f) => f.name).join(', ')}`, async (signal) => {
      const startMs = now();
      const progress = throttleProgress(onProgress, intervalMs, now);
      // 1. Roles and completeness, from the first bytes only.
      const plan = await identifyAll(files);
      requireLoadablePlan(plan);
      const sources = cohortSources(plan, files);
      // 2. Stream every file into a new cohort; the loaded one stays until this succeeds.
      const used = plan.files.filter((f) => f.role !== fileRoles.unknown);
      progress({ status: 'reading', bytesRead: 0, bytesTotal: used.reduce((sum, f) => sum + f.sizeBytes, 0) });
      const result = await loadCohort(sources, {
        signal,
        multiallelic: loadOptions.multiallelic,
        onProgress: (bytesRead, bytesTotal) => progress({ status: 'reading', bytesRead, bytesTotal: bytesTotal ?? null }),
      });
      // 3. Replace the cohort; its encoding belonged to the one before.
      const { cohort, report } = result;
      const summary: CohortSummary = {
        cohortId: nextCohortId++,
        files: plan.files,
        format: 'vcf' in sources.genotypes ? 'vcf' : 'plink',
        genotypeFile: 'vcf' in sources.genotypes ? sources.genotypes.vcf.name : sources.genotypes.bed.name,
        report,
        classNames: cohort.phenotype?.classNames ?? [],
        hasGeneMap: (cohort.genes?.length ?? 0) > 0,
        defaultGeneSlots: defaultGeneSlots(report.genesCovered),
        loadMs: now() - startMs,
      };
      loaded = { summary, cohort };
      encoded = null;
      progress({ status: 'done', elapsedMs: summary.loadMs });
      return summary;
    }),

    encode: (settings, onProgress) => exclusive('encoding', async (signal) => {
      if (!loaded) throw new InvalidRequestError('no cohort is loaded: load genotype files first');
      const { cohort, summary } = loaded;
      const progress = throttleProgress(onProgress, intervalMs, now);
      const result = await encodeCohort(cohort, summary.cohortId, settings, {
        signal, onProgress: progress, now, chunkSamples: options.encodeChunkSamples,
      });
      encoded = result;
      progress({ status: 'done', elapsedMs: result.summary.elapsedMs });
      return result.summary;
    }),

    exportBundle: async () => {
      const { codec, tensor, split, assignment } = requireEncoded();
      const cohort = (loaded as LoadedCohort).cohort;
      const files = await createBundle({
        codec, tensor, split, assignment, sampleIds: cohort.sampleIds,
        labels: cohort.phenotype?.labels ?? null, classNames: cohort.phenotype?.classNames ?? [],
      });
      const name = `${stemOf((loaded as LoadedCohort).summary.genotypeFile)}-G${codec.settings.geneSlots}-bundle.zip`;
      return { fileName: name, bytes: zipSync(files) };
    },

    getEncodedDataset: async (): Promise<EncodedDataset> => {
      const { tensor, split, summary } = requireEncoded();
      const cohort = (loaded as LoadedCohort).cohort;
      const n = cohort.sampleIds.length;
      return {
        tensor: tensor.data.slice(),
        shape: { ...tensor.shape },
        mask: tensor.mask.slice(),
        sampleIds: cohort.sampleIds.slice(),
        labels: cohort.phenotype?.labels.slice() ?? new Int8Array(n).fill(-1),
        classNames: summary.classNames,
        roles: split.roles.slice(),
        codecSha256: summary.codecSha256,
      };
    },

    cancel: () => running?.controller.abort(),
  };
}
