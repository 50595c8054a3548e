// The bytes of the backbones the user added from their own files, kept on the main thread so an
// unloaded backbone can load again (the store holds plain descriptions only). In memory for now:
// a later store (OPFS, IndexedDB) can keep them across reloads through the same three calls.
import type { SidecarSettings } from '../core/backbone/resolveSettings';
import type { ExternalDataFile } from '../engines/inference';
import type { BackboneId } from './store';

export interface UserBackboneFiles {
  /** The .onnx model file's bytes. */
  model: Uint8Array;
  /** Side files holding its weights (ONNX external data), named as the user's files were. */
  externalData: ExternalDataFile[];
  /** Its settings sidecar `<model>.gdw.json`, when one was added with it. */
  sidecar?: SidecarSettings | null;
}

const filesById = new Map<BackboneId, UserBackboneFiles>();

export const getUserBackboneFiles = (id: BackboneId): UserBackboneFiles | null => filesById.get(id) ?? null;

export function putUserBackboneFiles(id: BackboneId, files: UserBackboneFiles): void {
  filesById.set(id, files);
}

/** Forgets a backbone's bytes (it was refused, or taken off the list). */
export function deleteUserBackboneFiles(id: BackboneId): void {
  filesById.delete(id);
}
