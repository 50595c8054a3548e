// The DataEngine implementation: the same object runs in workers/data.worker.ts and directly in
// Node tests. One load or encode at a time, each with its own AbortController; the loaded cohort
// (or bundle) and its encoding are replaced only when a new one is complete.
import { decodedDosageChange } from '../core/translate/changeMap';
import { createBundle } from '../core/encode/bundle';
import { defaultGeneSlots } from '../core/encode/codec';
import { InvalidRequestError } from '../core/errors';
import { createBlobSource, createByteSource, type ByteSource } from '../core/genotype/byteSource';
import { loadCohort, type CohortSources } from '../core/genotype/cohort';
import type { Cohort } from '../core/genotype/types';
import {
  createBundleZipSource, getBundleDataset, loadBundleZip, zipBundleBytes, zipLoadedBundle, type LoadedBundle,
} from './bundleZip';
import type {
  BundleSummary, CohortSummary, DataEngine, DataFileInput, DataProgress, EncodedDataset, LoadOptions,
} from './data';
import { throttleProgress } from './dataProgress';
import { storedRowsView, wholeRows } from '../core/store/rowData';
import { encodeCohort, type EncodedCohort, type StoredTensor } from './encodeCohort';
import { createSampleStore, type SampleStore } from './sampleStore';
import {
  SNIFF_BYTES, fileRoles, identifyFile, planCohortFiles, requireLoadablePlan, type CohortFilePlan, type FileRole,
} from './fileRoles';
import { exportSyntheticZip, type SyntheticExportCodec } from './syntheticExport';
import { createSyntheticImports, isTensorImport, syntheticSourcesOf, type ImportTarget } from './syntheticImports';

export interface DataEngineOptions {
  now?: () => number;
  /** At most one progress event per this many ms within a phase (default 50). */
  progressIntervalMs?: number;
  /** Samples per encode chunk (default 256). */
  encodeChunkSamples?: number;
  /**
   * Where the encoded tensor lives (the worker's: shared memory up to a budget, then OPFS);
   * default: memory only, unbounded (Node tests).
   */
  store?: SampleStore;
}

/** What the engine holds: genotypes (and their encoding, once encoded) or a bundle, never both. */
type Held =
  | { source: 'genotypes'; summary: CohortSummary; cohort: Cohort; encoded: EncodedCohort | null }
  | { source: 'bundle'; summary: BundleSummary; loaded: LoadedBundle };

type HeldEncoding = Extract<Held, { source: 'bundle' }> | (Extract<Held, { source: 'genotypes' }> & { encoded: EncodedCohort });

function toSource(input: DataFileInput): ByteSource {
  return input.data instanceof Uint8Array ? createByteSource(input.name, input.data) : createBlobSource(input.data, input.name);
}

async function readHead(input: DataFileInput): Promise<Uint8Array> {
  if (input.data instanceof Uint8Array) return input.data.subarray(0, SNIFF_BYTES);
  return new Uint8Array(await input.data.slice(0, SNIFF_BYTES).arrayBuffer());
}

/** A small file's bytes (a synthetic tensor: held whole anyway). */
const bytesOf = async (input: DataFileInput): Promise<Uint8Array> => (input.data instanceof Uint8Array ? input.data : new Uint8Array(await input.data.arrayBuffer()));

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

interface LoadRun {
  cohortId: number;
  store: SampleStore;
  /** The set a loaded bundle's tensor goes into. */
  setId: string;
  signal: AbortSignal;
  progress: (event: DataProgress) => void;
  now: () => number;
  options: LoadOptions;
}

/** Streams genotype files (with labels and gene map) into a new cohort. */
async function loadGenotypes(plan: CohortFilePlan, files: DataFileInput[], run: LoadRun): Promise<Held> {
  const startMs = run.now();
  const sources = cohortSources(plan, files);
  const used = plan.files.filter((f) => f.role !== fileRoles.unknown);
  run.progress({ status: 'reading', bytesRead: 0, bytesTotal: used.reduce((sum, f) => sum + f.sizeBytes, 0) });
  const { cohort, report } = await loadCohort(sources, {
    signal: run.signal,
    multiallelic: run.options.multiallelic,
    onProgress: (bytesRead, bytesTotal) => run.progress({ status: 'reading', bytesRead, bytesTotal: bytesTotal ?? null }),
  });
  const summary: CohortSummary = {
    source: 'genotypes',
    cohortId: run.cohortId,
    files: plan.files,
    format: 'vcf' in sources.genotypes ? 'vcf' : 'plink',
    genotypeFile: 'vcf' in sources.genotypes ? sources.genotypes.vcf.name : sources.genotypes.bed.name,
    report,
    classNames: cohort.phenotype?.classNames ?? [],
    hasGeneMap: (cohort.genes?.length ?? 0) > 0,
    defaultGeneSlots: defaultGeneSlots(report.genesCovered),
    loadMs: run.now() - startMs,
  };
  return { source: 'genotypes', summary, cohort, encoded: null };
}

/** Reads a bundle zip (alone in its plan) into an encoding without genotypes. */
async function loadBundle(plan: CohortFilePlan, files: DataFileInput[], run: LoadRun): Promise<Held> {
  const at = plan.files.findIndex((f) => f.role === fileRoles.bundle);
  const loaded = await loadBundleZip(createBundleZipSource(files[at]), {
    cohortId: run.cohortId, file: plan.files[at], signal: run.signal, onProgress: run.progress, now: run.now, store: run.store, setId: run.setId,
  });
  return { source: 'bundle', summary: loaded.summary, loaded };
}

/** The codec an export decodes with: the one fitted here, or the loaded bundle's (no genotypes needed). */
function exportCodecOf(current: HeldEncoding): SyntheticExportCodec {
  if (current.source === 'bundle') {
    const { codec, layout, classNames } = current.loaded.bundle;
    return { codec, codecSha256: layout.codecSha256, classNames };
  }
  const { codec, assignment, summary } = current.encoded;
  return { codec, codecSha256: summary.codecSha256, classNames: summary.classNames, assignment };
}

export function createDataEngine(options: DataEngineOptions = {}): DataEngine {
  const now = options.now ?? (() => performance.now());
  const intervalMs = options.progressIntervalMs ?? 50;
  let held: Held | null = null;
  let running: { what: string; controller: AbortController } | null = null;
  let nextCohortId = 1;
  let nextSetId = 1;
  const imports = createSyntheticImports();
  const store = options.store ?? createSampleStore({ memoryBudgetBytes: Number.MAX_SAFE_INTEGER, spill: null });

  /** The held tensor's set, if any (a new load or encode replaces it once complete). */
  const heldTensor = (): StoredTensor | null => (held?.source === 'bundle' ? held.loaded.tensor : held?.encoded?.tensor ?? null);
  /** Frees the tensor that `next` replaces (its memory, and its file unless a worker still reads it). */
  async function dropTensor(previous: StoredTensor | null): Promise<void> {
    if (!previous || previous === heldTensor()) return;
    await store.delete(previous.set.setId).catch(() => undefined); // a file another worker holds open goes at the next start
  }

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

  function requireEncoded(): HeldEncoding {
    if (held?.source === 'bundle') return held;
    if (held?.encoded) return { ...held, encoded: held.encoded };
    throw new InvalidRequestError('nothing is encoded yet: load a cohort and click Encode first, or load a dataset bundle');
  }

  /** The held encoding's codec (and genotypes, when loaded) that imported sets are matched to. */
  function importTarget(): ImportTarget {
    const current = requireEncoded();
    const { codec, codecSha256 } = exportCodecOf(current);
    if (current.source === 'bundle') return { codec, codecSha256, genotypes: null };
    const { trainIdx, holdoutIdx } = current.encoded.split;
    return { codec, codecSha256, genotypes: { cohort: current.cohort, trainIdx, holdoutIdx } };
  }

  return {
    identify: (files) => identifyAll(files),

    load: (files, onProgress, loadOptions: LoadOptions = {}) => exclusive(`loading ${files.map((f) => f.name).join(', ')}`, async (signal) => {
      const progress = throttleProgress(onProgress, intervalMs, now);
      // 1. Roles and completeness, from the first bytes only.
      const plan = await identifyAll(files);
      requireLoadablePlan(plan);
      // 2. Read everything into a new cohort or bundle; what is held stays until this succeeds.
      const run: LoadRun = { cohortId: nextCohortId, store, setId: `encoded-${nextSetId++}`, signal, progress, now, options: loadOptions };
      const next = plan.files.some((f) => f.role === fileRoles.bundle) ? await loadBundle(plan, files, run) : await loadGenotypes(plan, files, run);
      // 3. Replace what is held; an encoding belonged to the cohort before.
      nextCohortId++;
      const previous = heldTensor();
      held = next;
      await dropTensor(previous);
      progress({ status: 'done', elapsedMs: next.summary.loadMs });
      return next.summary;
    }),

    encode: (settings, onProgress) => exclusive('encoding', async (signal) => {
      if (!held) throw new InvalidRequestError('no cohort is loaded: load genotype files first');
      if (held.source === 'bundle') {
        throw new InvalidRequestError(`${held.summary.bundleFile} is an encoded dataset bundle without genotypes: `
          + 'load the VCF or PLINK files to encode with other settings');
      }
      const genotypes = held;
      const progress = throttleProgress(onProgress, intervalMs, now);
      const result = await encodeCohort(genotypes.cohort, genotypes.summary.cohortId, settings, {
        signal, onProgress: progress, now, chunkSamples: options.encodeChunkSamples, store, setId: `encoded-${nextSetId++}`,
      });
      const previous = heldTensor();
      held = { ...genotypes, encoded: result };
      await dropTensor(previous);
      progress({ status: 'done', elapsedMs: result.summary.elapsedMs });
      return result.summary;
    }),

    exportBundle: async () => {
      const current = requireEncoded();
      if (current.source === 'bundle') return zipLoadedBundle(current.loaded);
      const { cohort, summary, encoded: { codec, tensor, split, assignment } } = current;
      const files = await createBundle({
        codec, split, assignment, sampleIds: cohort.sampleIds,
        labels: cohort.phenotype?.labels ?? null, classNames: cohort.phenotype?.classNames ?? [],
      });
      // tensor.npy from the held rows, read whole into the zip's one buffer.
      const bytes = zipBundleBytes(files, { data: wholeRows(tensor.set), shape: tensor.shape });
      return { fileName: `${stemOf(summary.genotypeFile)}-G${codec.settings.geneSlots}-bundle.zip`, bytes };
    },

    getEncodedDataset: async (): Promise<EncodedDataset> => {
      const current = requireEncoded();
      const geneNames = exportCodecOf(current).codec.genes.map((g) => g.name);
      // The tensor by reference: its store set's descriptor (shared memory and spill file), never its values.
      const rows = storedRowsView(store.share(heldTensor()!.set.setId), null);
      if (current.source === 'bundle') return { ...getBundleDataset(current.loaded, rows), geneNames };
      const { cohort, encoded: { tensor, split, summary } } = current;
      const n = cohort.sampleIds.length;
      return {
        tensor: rows,
        shape: { ...tensor.shape },
        mask: tensor.mask.slice(),
        sampleIds: cohort.sampleIds.slice(),
        labels: cohort.phenotype?.labels.slice() ?? new Int8Array(n).fill(-1),
        classNames: summary.classNames,
        roles: split.roles.slice(),
        codecSha256: summary.codecSha256,
        geneNames,
      };
    },

    getCodec: async () => exportCodecOf(requireEncoded()).codec,

    exportSynthetic: async (request) => exportSyntheticZip(request, exportCodecOf(requireEncoded())),

    decodeSnpChanges: async ({ before, after, count, top }) =>
      decodedDosageChange(exportCodecOf(requireEncoded()).codec, before, after, count).slice(0, top),

    importSynthetic: (name, files, importOptions = {}, onProgress) => exclusive(`importing ${files.map((f) => f.name).join(', ')}`, async (signal) => {
      const target = importTarget();
      const progress = throttleProgress(onProgress, intervalMs, now);
      const startMs = now();
      const summary = isTensorImport(files)
        ? await imports.addTensor(name, { name: files[0].name, bytes: await bytesOf(files[0]) }, target)
        : await imports.add(name, syntheticSourcesOf(files, toSource, importOptions), target, signal);
      progress({ status: 'done', elapsedMs: now() - startMs });
      return summary;
    }),

    removeSynthetic: async (name) => {
      imports.remove(name);
      return held ? imports.list(importTarget().codecSha256) : [];
    },

    getImportedSets: async () => (held?.source === 'bundle' || held?.encoded ? imports.pipelineSets(importTarget().codecSha256) : []),

    genotypeSpace: async (sets, settings) => imports.genotypeSpace(sets, settings, importTarget()),

    cancel: () => running?.controller.abort(),
  };
}
