// Zip files off the main thread (the session file): build the ArchiveEngine and expose it. The
// buffers lent for a write go back with the answer; unzipped entries are transferred, not copied.
import * as Comlink from 'comlink';
import type { ZipReadRequest } from '../src/engines/archive';
import { createArchiveEngine } from '../src/engines/archiveEngine';
import { installTypedErrorTransfer } from '../src/engines/comlinkErrors';

installTypedErrorTransfer();
const engine = createArchiveEngine();
Comlink.expose({
  writeZip: async (...args: Parameters<typeof engine.writeZip>) => {
    const result = await engine.writeZip(...args);
    return Comlink.transfer(result, result.lent);
  },
  readZip: async (request: ZipReadRequest) => {
    const files = await engine.readZip(request);
    return Comlink.transfer(files, Object.values(files).map((bytes) => bytes.buffer as ArrayBuffer));
  },
});
