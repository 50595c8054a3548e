// The session as this browser keeps it (IndexedDB, sessionStore.ts): the snapshot, which data to
// load again and how, and which backbones were loaded. The demo cohort is replayed (load, encode:
// the same settings give the same codec hash); any other encoding is kept as its bundle zip.
import type { RowData } from '../../core/store/rowData';
import { samplesBytes } from '../sampleSets';
import type { EncodeSettings, LoadSummary } from '../../engines/data';
import type { EncodeForm, SessionSnapshot, WorkbenchState } from '../store';
import type { SessionBackboneRef } from './sessionMatch';

export const STORED_SESSION_VERSION = 1;

/** The data the session was made on, and how to get it back. */
export type SessionData =
  /** The built-in demo cohort: loaded again and, when it was encoded, encoded with `encodeForm`. */
  | { origin: 'demo'; encoded: boolean; encodeForm: EncodeForm; codecSha256: string | null }
  /**
   * Any other encoding: its dataset bundle zip is the 'bundle' blob, loaded again as a bundle;
   * `notStored` says why it was not kept (too large for this browser's session), so a restore asks for the file.
   */
  | { origin: 'bundle'; codecSha256: string; notStored?: string };

/**
 * The largest encoded tensor whose bundle the session keeps in this browser: exporting it builds
 * the zip in memory (a second copy of the cohort) and IndexedDB holds a third, so a cohort past
 * this is named in the session and loaded again from its file instead.
 */
export const SESSION_BUNDLE_MAX_BYTES = 256 * 2 ** 20;

/**
 * The generated sets a session keeps in this browser, together: writing a set copies it out of
 * shared memory first (IndexedDB refuses shared memory), and writes of hundreds of MiB time out.
 * Sets past it stay in the tab only; a restore names them.
 */
export const SESSION_SETS_MAX_BYTES = 256 * 2 ** 20;

/** The sets kept, in the order given, while their samples fit `maxBytes` together; the rest by id. */
export function pickStoredSets<T extends { backboneId: string; samples: RowData }>(
  sets: readonly T[], maxBytes = SESSION_SETS_MAX_BYTES,
): { kept: T[]; left: string[] } {
  const kept: T[] = [];
  const left: string[] = [];
  let bytes = 0;
  for (const set of sets) {
    const setBytes = samplesBytes(set);
    if (bytes + setBytes <= maxBytes) {
      kept.push(set);
      bytes += setBytes;
    } else {
      left.push(set.backboneId);
    }
  }
  return { kept, left };
}

/** A loaded backbone: a built-in one loads again by id, a user's file from its 'model:<sha256>' blob. */
export interface StoredBackbone extends SessionBackboneRef {
  source: 'builtin' | 'file';
}

export interface StoredSession {
  version: typeof STORED_SESSION_VERSION;
  savedAtMs: number;
  snapshot: SessionSnapshot;
  data: SessionData | null;
  backbones: StoredBackbone[];
}

/** The 'bundle' blob: the zip of the encoding the session was made on. */
export interface StoredBundle {
  fileName: string;
  codecSha256: string;
  bytes: Uint8Array;
}

/** A 'model:<sha256>' blob: a user's model file and its external-data files. */
export interface StoredModel {
  fileName: string;
  model: Uint8Array;
  externalData: { path: string; data: Uint8Array }[];
}

export const bundleBlobKey = 'bundle';
export const getModelBlobKey = (sha256: string): string => `model:${sha256}`;

/**
 * The form that gives these settings back when parsed (encodeSettings.ts). The holdout share
 * is printed to 12 significant digits so that 0.07 × 100 reads "7", not "7.000000000000001".
 */
export function encodeFormFromSettings(settings: EncodeSettings): EncodeForm {
  return {
    componentRule: settings.componentRule,
    varianceTarget: String(settings.varianceTarget),
    geneSlots: settings.geneSlots === null ? '' : String(settings.geneSlots),
    holdoutPercent: String(Number((settings.holdoutFraction * 100).toPrecision(12))),
    splitSeed: String(settings.splitSeed),
    nearestGene: settings.nearestGene,
  };
}

/**
 * What to keep of the loaded data: the demo marker (with how it was encoded), the bundle of any
 * other encoding, or nothing (no cohort, or another cohort left unencoded).
 */
export function describeSessionData(state: Pick<WorkbenchState, 'cohort' | 'encoding' | 'encodeForm'>, isDemo: (cohort: LoadSummary) => boolean): SessionData | null {
  const { cohort, encoding } = state;
  if (!cohort) return null;
  if (isDemo(cohort)) {
    const fitted = encoding?.source === 'genotypes' ? encoding : null;
    return { origin: 'demo', encoded: fitted !== null, encodeForm: fitted ? encodeFormFromSettings(fitted.settings) : state.encodeForm, codecSha256: fitted?.codecSha256 ?? null };
  }
  if (!encoding) return null;
  if (encoding.tensorBytes > SESSION_BUNDLE_MAX_BYTES) {
    const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20).toLocaleString('en-US')} MiB`;
    return {
      origin: 'bundle', codecSha256: encoding.codecSha256,
      notStored: `its tensor (${mib(encoding.tensorBytes)}) is larger than the ${mib(SESSION_BUNDLE_MAX_BYTES)} a session keeps in this browser`,
    };
  }
  return { origin: 'bundle', codecSha256: encoding.codecSha256 };
}

/** The loaded backbones, each with where its bytes come from. */
export function toStoredBackbones(refs: SessionBackboneRef[]): StoredBackbone[] {
  return refs.map((ref) => ({ ...ref, source: ref.id.startsWith('builtin:') ? 'builtin' : 'file' }));
}
