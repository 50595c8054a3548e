// What the workbench knows about a loaded ONNX backbone (DESIGN.md, "The backbone contract"):
// its declared inputs and outputs, and every setting a sampler needs, each with where it came
// from, so the app can ask the user about the ones the model leaves open and remember answers.

import type { ScheduleKind } from '../diffusion/schedule';
import type { PaddingMode, PredictionKind } from '../diffusion/types';

/** `gdw.family` values (DESIGN.md). */
export const backboneFamilies = {
  /** The paper's baseline backbone. */
  baseline: 'baseline',
  unetMlp: 'unet-mlp',
  unetCnn: 'unet-cnn',
  mlpCnn: 'mlp-cnn',
  transformer: 'transformer',
  /** A GAN generator: z [B, Dz] (and optionally y) in, x out; no timestep. */
  ganGenerator: 'gan-generator',
  /** Anything else, e.g. the closed-form Gaussian oracle. */
  other: 'other',
} as const;
export type BackboneFamily = (typeof backboneFamilies)[keyof typeof backboneFamilies];

/** How the gene tensor is laid out (`gdw.layout`). */
export const geneLayouts = {
  /** [batch, genes, channels]: the contract's default. */
  BGC: 'BGC',
  /** [batch, channels, genes]: for Conv1d backbones that treat components as channels. */
  BCG: 'BCG',
} as const;
export type GeneLayout = (typeof geneLayouts)[keyof typeof geneLayouts];

export const backboneKinds = {
  /** A denoiser: x_t and t in, a prediction shaped like x out. */
  diffusion: 'diffusion',
  /** A generator: z in, x out. */
  ganGenerator: 'gan-generator',
} as const;
export type BackboneKind = (typeof backboneKinds)[keyof typeof backboneKinds];

/** Element type names for declared tensors; 'non-tensor' for sequence/map/optional values. */
export type TensorElemType =
  | 'float32' | 'float16' | 'float64' | 'bfloat16'
  | 'int64' | 'int32' | 'int16' | 'int8' | 'uint64' | 'uint32' | 'uint16' | 'uint8'
  | 'bool' | 'string' | 'complex64' | 'complex128' | 'undefined' | 'non-tensor';

/** A declared graph input or output. dims: number = fixed, string = symbolic; null = no shape. */
export interface TensorInfo {
  name: string;
  elemType: TensorElemType;
  dims: (number | string)[] | null;
}

export interface TimestepInput {
  name: string;
  dtype: 'int64' | 'int32' | 'float32';
}

export const labelEncodings = {
  /** int64 (or int32) [B]: class index. */
  index: 'index',
  /** float32 [B, K]: one-hot, as the paper's own code feeds it. */
  oneHot: 'one-hot',
} as const;
export type LabelEncoding = (typeof labelEncodings)[keyof typeof labelEncodings];

export interface LabelInput {
  name: string;
  encoding: LabelEncoding;
}

export { paddingModes, type PaddingMode } from '../diffusion/types';

/** A GAN generator's latent input z [B, Dz]. */
export interface LatentInput {
  name: string;
  /** Dz, or the symbolic name when the model leaves it open. */
  latentDim: number | string;
}

/** The noise schedule a backbone was trained with (`gdw.schedule`, `gdw.beta_*`, `gdw.timesteps`). */
export interface BackboneSchedule {
  kind: ScheduleKind;
  timesteps: number;
  /** Linear only (unused for cosine). */
  betaStart: number;
  betaEnd: number;
}

/** The settings a user may supply or correct; `Partial<BackboneSettings>` are the remembered answers. */
export interface BackboneSettings {
  family: BackboneFamily;
  layout: GeneLayout;
  /** G: gene slots in the tensor, padding included; null when the shape leaves it symbolic. */
  genes: number | null;
  /** C: components per gene; null when the shape leaves it symbolic. */
  channels: number | null;
  /** Real genes before padding (`gdw.genes`); padded slots are the trailing ones. */
  realGenes: number | null;
  /**
   * Real components of each real gene, in gene order (`gdw.components`, one count per real gene):
   * gene g's components 0 … k−1 are real slots, k … C−1 padded ones (a bundle's per-component
   * padding mask). null when the model does not say: every component of a real gene is real.
   */
  componentsPerGene: number[] | null;
  /** K real classes (0 … K−1) the model generates; null when the model has no label input. */
  numClasses: number | null;
  /**
   * Slots of the label input: the one-hot width, or the rows of the embedding or OneHot depth an
   * index label feeds. May exceed numClasses by an unconditional slot (the paper keeps K + 1).
   */
  labelSlots: number | null;
  /** The unconditional (null) slot, numClasses … labelSlots−1; null when the model has none. */
  nullClass: number | null;
  /** A batch size the graph is fixed to (declared x batch dim, or `gdw.batch`); null = any batch. */
  staticBatch: number | null;
  /** How padded slots are held while sampling. */
  padding: PaddingMode;
  schedule: BackboneSchedule;
  prediction: PredictionKind;
  /** SHA-256 of the codec the backbone was trained on (`gdw.codec_sha256`). */
  codecSha256: string | null;
}

/** Answers for settings; schedule fields may be given one at a time. */
export type BackboneOverrides = Partial<Omit<BackboneSettings, 'schedule' | 'labelSlots'>> & {
  schedule?: Partial<BackboneSchedule>;
};

export const settingSources = {
  /** From the model's metadata_props. */
  metadata: 'metadata',
  /** From the sidecar `<model>.gdw.json` beside the model. */
  sidecar: 'sidecar',
  /** From the loaded encoding (a dataset bundle's padding mask) whose shape the model matches. */
  encoding: 'encoding',
  /** From the graph: declared input/output shapes and types, the label table, the layout's small axis. */
  shape: 'shape',
  /** Nothing said it: the contract's default was used. */
  default: 'default',
  /** Given by the user (or remembered from an earlier answer). */
  override: 'override',
} as const;
export type SettingSource = (typeof settingSources)[keyof typeof settingSources];

/** One key per resolved setting; schedule fields are dotted. */
export type SettingKey =
  | Exclude<keyof BackboneSettings, 'schedule'>
  | 'schedule.kind' | 'schedule.timesteps' | 'schedule.betaStart' | 'schedule.betaEnd';

/** What an ONNX file declares, before any contract is applied. */
export interface OnnxModelInfo {
  irVersion: number;
  /** Version of the default ONNX domain ('' or 'ai.onnx'); null when not imported. */
  opset: number | null;
  producerName: string;
  producerVersion: string;
  /** Every metadata_props entry, gdw.* and others. */
  metadata: Record<string, string>;
  /**
   * For each integer graph input that feeds a lookup table, the table's rows: an embedding
   * (Gather on an initializer [S, H]) or a OneHot depth S. How the label slots of an index label are read.
   */
  indexTables: Record<string, number>;
  inputs: TensorInfo[];
  outputs: TensorInfo[];
}

export interface BackboneSpec extends BackboneSettings, OnnxModelInfo {
  fileName: string;
  byteLength: number;
  kind: BackboneKind;
  /** The gene tensor input (diffusion); null for a GAN generator. */
  xInput: TensorInfo | null;
  /** The timestep input (diffusion); null for a GAN generator. */
  tInput: TimestepInput | null;
  labelInput: LabelInput | null;
  /** z (GAN generator); null for a diffusion backbone. */
  latentInput: LatentInput | null;
  /** Name of the first output: ε (or x₀, v) for a denoiser, x for a generator. */
  outputName: string;
  /** Where each setting came from. */
  sources: Record<SettingKey, SettingSource>;
  /** Settings a sampler needs that no source gave: the app asks, the CLI refuses (unless told to assume defaults). */
  missing: SettingKey[];
}
