// Node-only: writes writer chunks to a file. Imported by the CLI, scripts and tests, never by
// code that runs in the page or a worker (it needs node:fs).

import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Streams the chunks into `path` (parent folders created); returns the bytes written. */
export async function writeChunksToFile(path: string, chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>): Promise<number> {
  await mkdir(dirname(path), { recursive: true });
  const file = await open(path, 'w');
  let bytesWritten = 0;
  try {
    for await (const chunk of chunks) {
      // write() may write less than asked; loop until the chunk is out.
      for (let at = 0; at < chunk.length;) at += (await file.write(chunk, at, chunk.length - at)).bytesWritten;
      bytesWritten += chunk.length;
    }
  } finally {
    await file.close();
  }
  return bytesWritten;
}
