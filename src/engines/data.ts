// The DataEngine interface: genotype files in, a cohort and its per-gene PCA encoding held inside
// the engine (a worker in the browser, the same object in Node tests), summaries out. The cohort,
// the codec and the tensor never cross the boundary unless asked for (bundle, encoded dataset).
import type { ComponentRule } from '../core/encode/pca';
import type { RoundTripCeiling } from '../core/encode/codec';
import type { LoadReport } from '../core/genotype/loadReport';
import type { MultiallelicMode } from '../core/genotype/vcf';
import type { DataProgress } from './dataProgress';
import type { CohortFilePlan, IdentifiedFile } from './fileRoles';

export type { DataProgress } from './dataProgress';
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

/** What the page learns about a loaded cohort. */
export interface CohortSummary {
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

export interface EncodeSummary {
  cohortId: number;
  settings: EncodeSettings;
  realGenes: number;
  /** G. */
  geneSlots: number;
  /** C (8, as the paper). */
  componentsPerGene: number;
  /** Index k: how many real genes keep k components (length C + 1). */
  componentsHistogram: number[];
  /** Mean over real genes of the share of variance their kept components explain. */
  meanExplainedVariance: number;
  trainCount: number;
  holdoutCount: number;
  /** Unlabelled samples left out of both splits (0: they train the codec). */
  excludedCount: number;
  holdoutPerClass: number[];
  classNames: string[];
  /** Encode → decode → round on the real holdout genotypes; null without a holdout. */
  roundTripCeiling: RoundTripCeiling | null;
  codecSha256: string;
  genicSnps: number;
  nearestAssignedSnps: number;
  unassignedSnps: number;
  /** Genes of the map with no SNP (left out of the tensor). */
  emptyGenes: number;
  tensorBytes: number;
  elapsedMs: number;
}

/** The dataset bundle as one zip (README: tensor.npy, labels.npy, split.npy, layout.json, codec). */
export interface BundleZip {
  fileName: string;
  bytes: Uint8Array;
}

/** The encoded samples for another engine (training, metrics): a copy the receiver owns. */
export interface EncodedDataset {
  /** [N, G, C] float32 row-major; padded slots are exactly 0. */
  tensor: Float32Array;
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
}

export interface DataEngine {
  /** Sniffs each file's role and says what is missing; reads only the first bytes. */
  identify(files: DataFileInput[]): Promise<CohortFilePlan>;
  /**
   * Reads the files into a cohort that replaces the loaded one only on success: any failure
   * (ParseError, MissingFileError, a cancel) leaves the loaded cohort and its encoding as they were.
   */
  load(files: DataFileInput[], onProgress?: (event: DataProgress) => void, options?: LoadOptions): Promise<CohortSummary>;
  /** Fits the codec on the training split of the loaded cohort and encodes every sample. */
  encode(settings: EncodeSettings, onProgress?: (event: DataProgress) => void): Promise<EncodeSummary>;
  /** The last encoding as a dataset bundle zip. */
  exportBundle(): Promise<BundleZip>;
  /** The last encoding's tensor, labels and split. */
  getEncodedDataset(): Promise<EncodedDataset>;
  /** Cancels the running load or encode (CancelledError, code 'cancelled'); a no-op when idle. */
  cancel(): void;
}
