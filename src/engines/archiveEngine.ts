// The ArchiveEngine implementation: the same object runs in workers/archive.worker.ts and directly
// in Node tests. Writing goes chunk by chunk into a Blob the browser keeps outside the JavaScript
// heap; reading takes the zip's slices, one entry at a time (src/core/archive).
import { collectZipBlob } from '../core/archive/zipChunks';
import { createBlobRandomAccess, unzipSource } from '../core/archive/zipStreamReader';
import { zipStream } from '../core/archive/zipStreamWriter';
import { serializeError } from '../core/errors';
import { getLentBuffers, type ArchiveEngine } from './archive';

export function createArchiveEngine(): ArchiveEngine {
  return {
    writeZip: async (entries, options = {}) => {
      const lent = getLentBuffers(entries);
      try {
        return { blob: collectZipBlob(zipStream(entries, options)), error: null, lent };
      } catch (err) {
        return { blob: null, error: serializeError(err), lent };
      }
    },

    readZip: ({ file, fileName, limits, advice }) => unzipSource(createBlobRandomAccess(file, fileName), limits, { advice }),
  };
}
