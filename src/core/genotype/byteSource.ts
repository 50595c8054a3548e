// Where reader bytes come from: a stream of chunks, so one reader serves a browser File.stream()
// and a Node fs stream, and a genotype file is never held whole in one buffer (DESIGN.md).
// Node fs sources live in src/node/fileSource.ts so this module stays free of DOM and Node APIs.
import { throwIfCancelled } from '../errors';

/** A named, re-readable stream of bytes. */
export interface ByteSource {
  /** File name used in messages, e.g. 'cohort.vcf.gz'. */
  name: string;
  /** Size in bytes when known: drives progress and up-front size checks. */
  size?: number;
  /** A fresh stream of the bytes from the start. */
  chunks(): AsyncIterable<Uint8Array>;
}

/** Options every reader takes. */
export interface ReadOptions {
  /** Aborting rejects the read with CancelledError between chunks. */
  signal?: AbortSignal;
  /** Called after each chunk with the raw (still compressed) bytes read so far. */
  onProgress?: (bytesRead: number, bytesTotal?: number) => void;
}

const defaultChunkBytes = 1 << 16;

/** A source over bytes already in memory, cut into chunks of `chunkBytes` (tests, demo data). */
export function createByteSource(name: string, bytes: Uint8Array, chunkBytes = defaultChunkBytes): ByteSource {
  const step = Math.max(1, Math.floor(chunkBytes));
  return {
    name,
    size: bytes.length,
    async *chunks() {
      for (let start = 0; start < bytes.length; start += step) {
        yield bytes.subarray(start, Math.min(start + step, bytes.length));
      }
    },
  };
}

/** A source over UTF-8 text (tests and hand-typed inputs). */
export function createTextSource(name: string, text: string, chunkBytes = defaultChunkBytes): ByteSource {
  return createByteSource(name, new TextEncoder().encode(text), chunkBytes);
}

/**
 * A source over a Blob or File (the browser's picker and drag-and-drop; Node 20 has Blob too).
 * Uses getReader() rather than async iteration of ReadableStream, which older engines lack.
 */
export function createBlobSource(blob: Blob, name = (blob as Blob & { name?: string }).name ?? 'file'): ByteSource {
  return {
    name,
    size: blob.size,
    async *chunks() {
      const reader = blob.stream().getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          yield value;
        }
      } finally {
        reader.releaseLock();
      }
    },
  };
}

/** The source's chunks, with progress reported and cancellation checked between chunks. */
export async function* readChunks(source: ByteSource, options: ReadOptions = {}): AsyncGenerator<Uint8Array> {
  const what = `reading ${source.name}`;
  throwIfCancelled(options.signal, what);
  let bytesRead = 0;
  for await (const chunk of source.chunks()) {
    throwIfCancelled(options.signal, what);
    bytesRead += chunk.length;
    options.onProgress?.(bytesRead, source.size);
    yield chunk;
  }
  throwIfCancelled(options.signal, what);
}

/**
 * Splits one progress callback over several files: each file reports its own bytes, the callback
 * sees the sum over all files against the sum of their sizes (undefined if any size is unknown).
 */
export function progressForEach(sources: Pick<ByteSource, 'size'>[], options: ReadOptions): ReadOptions[] {
  const sizes = sources.map((s) => s.size);
  const bytesTotal = sizes.every((s) => s !== undefined) ? sizes.reduce<number>((a, s) => a + (s ?? 0), 0) : undefined;
  const bytesPerFile = sources.map(() => 0);
  const onProgress = options.onProgress;
  return sources.map((_, i) => ({
    signal: options.signal,
    onProgress: onProgress
      ? (bytesRead: number) => {
          bytesPerFile[i] = bytesRead;
          onProgress(bytesPerFile.reduce((a, b) => a + b, 0), bytesTotal);
        }
      : undefined,
  }));
}
