// The DataEngine interface: genotype files (or a dataset bundle zip) in, a cohort and its per-gene
// PCA encoding held inside the engine (a worker in the browser, the same object in Node tests),
// summaries out. The cohort, the codec and the tensor never cross the boundary unless asked for
// (bundle, encoded dataset).
import type { CodecSettings, GeneCodec, RoundTripCeiling } from '../core/encode/codec';
import type { ComponentRule } from '../core/encode/pca';
import type { SampleSplit } from '../core/encode/split';
import type { LoadReport } from '../core/genotype/loadReport';
import type { RowData } from '../core/store/rowData';
import type { SnpChange } from '../core/translate/changeMap';
import type { MultiallelicMode } from '../core/genotype/vcf';
import type { GenotypeSpaceReport, GenotypeSpaceSettings } from '../core/genospace/section';
import type { DataProgress } from './dataProgress';
import type { EvaluatedLatentSet, ImportedPipelineSet } from './evaluationPipelineTypes';
import type { CohortFilePlan, IdentifiedFile } from './fileRoles';
import type { SyntheticImportOptions, SyntheticImportSummary } from './syntheticImports';

export type { DataProgress } from './dataProgress';
export type { SyntheticImportOptions, SyntheticImportSummary } from './syntheticImports';
export type { CohortFilePlan, FileRole, IdentifiedFile, MissingPart } from './fileRoles';

/**
 * A file as it reaches the engine: a Blob (a File from the picker or a drop, a fetched demo file)
 * is streamed and cheap to send to a worker; bytes suit tests and small inputs.
 */
export interface DataFileInput {
  name: string;
  data: Blob | Uint8Array;
}

export interface LoadOptions {
  /** Multi-allelic VCF sites: skipped (default) or split into one row per ALT. */
  multiallelic?: MultiallelicMode;
}

/** Where the loaded samples came from, and so what the engine can do with them. */
export const dataSources = {
  /** VCF or PLINK genotypes: the dosages are held, so Encode fits a codec with any settings. */
  genotypes: 'genotypes',
  /**
   * A dataset bundle zip: codec, tensor, labels, split and sample ids, but no dosages. Export and
   * the encoded dataset work; the genotype-level report, the round-trip ceiling and re-encoding do not.
   */
  bundle: 'bundle',
} as const;
export type DataSource = (typeof dataSources)[keyof typeof dataSources];

/** What the page learns about a loaded cohort of genotypes. */
export interface CohortSummary {
  source: typeof dataSources.genotypes;
  /** Grows with every successful load; an encode summary names the cohort it encodes. */
  cohortId: number;
  files: IdentifiedFile[];
  format: 'vcf' | 'plink';
  /** The VCF, or the .bed of the PLINK fileset. */
  genotypeFile: string;
  report: LoadReport;
  /** Label names, index = class; empty without labels. */
  classNames: string[];
  hasGeneMap: boolean;
  /** G when left to the default: the next multiple of 512 ≥ the genes holding a SNP. */
  defaultGeneSlots: number;
  loadMs: number;
}

/** The encoding choices of the Data panel. */
export interface EncodeSettings {
  componentRule: ComponentRule;
  /** Share of each gene's variance to reach under the variance-target rule, in (0, 1]. */
  varianceTarget: number;
  /** G, gene slots after padding; null: the next multiple of 512. */
  geneSlots: number | null;
  /** Share of the labelled samples held out (balanced over classes, as the paper), in [0, 1). */
  holdoutFraction: number;
  splitSeed: number;
  /** Give intergenic SNPs to their nearest gene instead of leaving them out. */
  nearestGene: boolean;
}

/** What every encoding reports, whether fitted here (EncodeSummary) or read from a bundle. */
export interface EncodingFacts {
  /** The loaded cohort or bundle this encoding belongs to. */
  cohortId: number;
  realGenes: number;
  /** G. */
  geneSlots: number;
  /** C (8, as the paper). */
  componentsPerGene: number;
  /** Index k: how many real genes keep k components (length C + 1). */
  componentsHistogram: number[];
  /**
   * Real components of each real gene, in slot order: the per-component padding mask, a settings
   * source for backbones shaped like this encoding. Absent in sessions saved before it was kept.
   */
  componentsByGene?: number[];
  /** Mean over real genes of the share of variance their kept components explain. */
  meanExplainedVariance: number;
  trainCount: number;
  holdoutCount: number;
  /** Unlabelled samples left out of both splits (0: they train the codec). */
  excludedCount: number;
  holdoutPerClass: number[];
  classNames: string[];
  codecSha256: string;
  /** Size of the [N, G, C] float32 tensor. */
  tensorBytes: number;
}

/** An encoding fitted here on the loaded genotypes. */
export interface EncodeSummary extends EncodingFacts {
  source: typeof dataSources.genotypes;
  settings: EncodeSettings;
  /** Encode → decode → round on the real holdout genotypes; null without a holdout. */
  roundTripCeiling: RoundTripCeiling | null;
  genicSnps: number;
  nearestAssignedSnps: number;
  unassignedSnps: number;
  /** Genes of the map with no SNP (left out of the tensor). */
  emptyGenes: number;
  elapsedMs: number;
}

/** An encoding read from a bundle: what layout.json and the arrays say; nothing that needs dosages. */
export interface BundleEncodingSummary extends EncodingFacts {
  source: typeof dataSources.bundle;
  /** The zip it was read from. */
  bundleFile: string;
  /** The codec's settings as layout.json records them (component rule, variance target, G, C …). */
  codecSettings: CodecSettings;
  /** The split's seed and holdout share, when the bundle records them. */
  splitSettings: SampleSplit['settings'] | null;
  /** SNPs the codec reads (rows of variants.tsv). */
  codecSnps: number;
}

export type EncodingSummary = EncodeSummary | BundleEncodingSummary;

/** What the page learns about a loaded bundle: the samples, and the encoding they carry. */
export interface BundleSummary {
  source: typeof dataSources.bundle;
  /** Shares the counter of CohortSummary.cohortId. */
  cohortId: number;
  /** The zip, as identified. */
  files: IdentifiedFile[];
  bundleFile: string;
  samples: number;
  classNames: string[];
  /** Samples per class index; unlabelled samples are not counted. */
  classCounts: number[];
  unlabelledCount: number;
  encoding: BundleEncodingSummary;
  loadMs: number;
}

/** A load's result: genotypes (encode next) or a bundle (already encoded). */
export type LoadSummary = CohortSummary | BundleSummary;

/** The dataset bundle as one zip (README: tensor.npy, labels.npy, split.npy, layout.json, codec). */
export interface BundleZip {
  fileName: string;
  bytes: Uint8Array;
}

/** The encoded samples for another engine (training, metrics): a copy the receiver owns. */
export interface EncodedDataset {
  /**
   * [N, G, C] float32 row-major; padded slots are exactly 0. The app's: the data worker's stored
   * set (storedRowsView: posted by reference, opened by each worker); Node: an array or a reader.
   */
  tensor: RowData;
  shape: { batch: number; genes: number; channels: number };
  /** [G, C]: 1 real component, 0 padding. */
  mask: Uint8Array;
  sampleIds: string[];
  /** Class per sample, −1 without a label. */
  labels: Int8Array;
  classNames: string[];
  /** Per sample: 0 train, 1 holdout, 2 excluded. */
  roles: Uint8Array;
  codecSha256: string;
  /** The codec's gene names by slot (real genes), e.g. for a change map; absent from older producers. */
  geneNames?: string[];
}

/** How a backbone's synthetic samples leave the workbench. */
export const syntheticExportFormats = {
  /** A dataset bundle zip (tensor, labels, split, the loaded codec): loads back into the Data panel. */
  bundle: 'bundle',
  /** Decoded genotypes as a VCF, with the labels as a phenotype TSV and the gene map, zipped. */
  vcf: 'vcf',
  /** Decoded genotypes as a PLINK 1 .bed/.bim/.fam (labels in the .fam, and as a TSV), zipped. */
  plink: 'plink',
} as const;
export type SyntheticExportFormat = (typeof syntheticExportFormats)[keyof typeof syntheticExportFormats];

/** A generated set to export through the loaded encoding's codec. */
export interface SyntheticExportRequest {
  /** The backbone's id, for file names and sample ids; anything outside [A-Za-z0-9._-] becomes '_'. */
  name: string;
  format: SyntheticExportFormat;
  /** [count, genes, channels] row-major, in the loaded encoding's [G, C]. */
  samples: Float32Array;
  count: number;
  genes: number;
  channels: number;
  /** The class each sample was generated for (an index into the encoding's class names); null: none. */
  labels: Int32Array | null;
  /** The codec the backbone was trained on (`gdw.codec_sha256`); null when it names none. */
  codecSha256: string | null;
}

export interface DataEngine {
  /** Sniffs each file's role and says what is missing; reads only the first bytes. */
  identify(files: DataFileInput[]): Promise<CohortFilePlan>;
  /**
   * Reads genotype files into a cohort, or a bundle zip (dropped alone) into an encoding without
   * genotypes. What is loaded is replaced only on success: any failure (ParseError,
   * MissingFileError, a cancel) leaves the loaded cohort or bundle and its encoding as they were.
   */
  load(files: DataFileInput[], onProgress?: (event: DataProgress) => void, options?: LoadOptions): Promise<LoadSummary>;
  /**
   * Fits the codec on the training split of the loaded cohort and encodes every sample; a loaded
   * bundle has no genotypes to fit on (InvalidRequestError).
   */
  encode(settings: EncodeSettings, onProgress?: (event: DataProgress) => void): Promise<EncodeSummary>;
  /** The last encoding (or the loaded bundle) as a dataset bundle zip. */
  exportBundle(): Promise<BundleZip>;
  /** The last encoding's (or the loaded bundle's) tensor, labels and split. */
  getEncodedDataset(): Promise<EncodedDataset>;
  /** The codec of the last encoding (or the loaded bundle), copied: decodes designs to genotypes (the design card's liability and AF). */
  getCodec(): Promise<GeneCodec>;
  /**
   * A backbone's synthetic samples through the last encoding's (or the loaded bundle's) codec, as
   * a zip; genotypes need not be loaded. InvalidRequestError when nothing is encoded, the shape is
   * not the encoding's [G, C], or the backbone names another codec; what is held stays as it was.
   */
  exportSynthetic(request: SyntheticExportRequest): Promise<BundleZip>;
  /**
   * Per SNP, the mean decoded dosage change from `before` to `after` ([count, G, C] each, e.g. real
   * samples and their translations) through the held codec, the `top` largest |change| first
   * (core/translate/changeMap.ts decodedDosageChange). InvalidRequestError when nothing is encoded.
   */
  decodeSnpChanges(request: { before: Float32Array; after: Float32Array; count: number; top: number }): Promise<SnpChange[]>;
  /**
   * A synthetic cohort from another tool (issue 12): VCF(.gz), .bed/.bim/.fam or .hapt + .legend,
   * matched to the held encoding's variants and encoded through its codec, then held under `name`
   * beside the others. Any failure (SyntheticImportError, ParseError, …) leaves the held sets as they were.
   */
  importSynthetic(name: string, files: DataFileInput[], options?: SyntheticImportOptions, onProgress?: (event: DataProgress) => void): Promise<SyntheticImportSummary>;
  /** Drops an imported set; returns the sets still held for the encoding. */
  removeSynthetic(name: string): Promise<SyntheticImportSummary[]>;
  /** The imported sets of the held encoding, encoded, for the evaluation pipeline. */
  getImportedSets(): Promise<ImportedPipelineSet[]>;
  /**
   * The genotype-space section of `sets` (imported ones as read, backbones' decoded through the
   * codec) against the genotypes the codec was fitted on; InvalidRequestError with a bundle (no genotypes).
   */
  genotypeSpace(sets: EvaluatedLatentSet[], settings: GenotypeSpaceSettings): Promise<GenotypeSpaceReport>;
  /** Cancels the running load or encode (CancelledError, code 'cancelled'); a no-op when idle. */
  cancel(): void;
}
