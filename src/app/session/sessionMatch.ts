// Which data and backbones a session's results belong to, and the check that refuses to import a
// session on other ones: its sets and comparison mean nothing against another encoding or model.
import { InvalidRequestError } from '../../core/errors';
import type { SyntheticSet } from '../sampleSets';
import { getLoadedBackbones, type BackboneId, type WorkbenchState } from '../store';

/** A backbone a session refers to, by the SHA-256 of its model file. */
export interface SessionBackboneRef {
  id: BackboneId;
  fileName: string;
  sha256: string;
}

/** What is loaded now, to check a session against. */
export interface LoadedIdentity {
  /** The loaded encoding's codec hash; null when nothing is encoded. */
  codecSha256: string | null;
  backbones: SessionBackboneRef[];
}

type BackboneSlices = Pick<WorkbenchState, 'builtInBackbones' | 'backbones' | 'userBackbones'>;

/** The loaded backbones, as a session names them. */
export function getLoadedBackboneRefs(state: BackboneSlices): SessionBackboneRef[] {
  return getLoadedBackbones(state).map(({ id, backbone }) => ({ id, fileName: backbone.spec.fileName, sha256: backbone.sha256 }));
}

export function getLoadedIdentity(state: BackboneSlices & Pick<WorkbenchState, 'encoding'>): LoadedIdentity {
  return { codecSha256: state.encoding?.codecSha256 ?? null, backbones: getLoadedBackboneRefs(state) };
}

/**
 * The loaded backbones, those with a set, and those in a comparison evaluated here; each file once.
 * A report loaded from a file (`gdw evaluate`) was made elsewhere and names its own files, so its
 * backbones need not be loaded to import the session.
 */
export function getReferencedBackbones(state: BackboneSlices & Pick<WorkbenchState, 'evaluationReport'>, sets: SyntheticSet[]): SessionBackboneRef[] {
  const evaluatedHere = state.evaluationReport?.fileName === null ? state.evaluationReport.report.backbones : [];
  const refs = [
    ...getLoadedBackboneRefs(state),
    ...sets.map((s) => ({ id: s.backboneId, fileName: s.file.name, sha256: s.file.sha256 })),
    ...evaluatedHere.map((b) => ({ id: b.id as BackboneId, fileName: b.file.name, sha256: b.file.sha256 })),
  ];
  return refs.filter((ref, i) => refs.findIndex((r) => r.sha256 === ref.sha256) === i);
}

const short = (sha256: string): string => `${sha256.slice(0, 12)}…`;

/**
 * Refuses (InvalidRequestError) a session made on another encoding, or one that refers to a backbone
 * file not loaded now; the message names both hashes, or each missing backbone.
 */
export function checkSessionMatches(fileName: string, session: LoadedIdentity, loaded: LoadedIdentity): void {
  if (session.codecSha256 !== null && session.codecSha256 !== loaded.codecSha256) {
    const now = loaded.codecSha256 === null ? 'nothing is encoded now' : `the loaded data is encoded as ${short(loaded.codecSha256)}`;
    throw new InvalidRequestError(`${fileName}: this session was made on encoding ${short(session.codecSha256)}, ${now}: `
      + 'load and encode the same data first');
  }
  const loadedFiles = new Set(loaded.backbones.map((b) => b.sha256));
  const missing = session.backbones.filter((b) => !loadedFiles.has(b.sha256));
  if (missing.length > 0) {
    const names = missing.map((b) => `${b.fileName} (${short(b.sha256)})`).join(', ');
    throw new InvalidRequestError(`${fileName}: this session refers to backbone${missing.length === 1 ? '' : 's'} not loaded now: ${names}. `
      + 'Load the same model files first');
  }
}
