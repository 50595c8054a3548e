// Where the chunks of a streamed zip go: joined into bytes (a worker's answer, a test), or into a
// Blob the browser keeps outside the JavaScript heap (a download, IndexedDB); in Node, straight to a
// file with writeChunksToFile (src/node/fileSink.ts). And the joining of small pieces on the way.

/** Pieces below this are copied together; larger ones pass as views. */
const smallBytes = 1 << 16;

/** Joins small pieces (headers, deflate output) into chunks of up to 64 KiB; larger pieces pass as slices of at most `chunkBytes`. */
export class ChunkCoalescer {
  private buffer = new Uint8Array(smallBytes);
  private used = 0;

  constructor(private readonly chunkBytes: number) {}

  *add(piece: Uint8Array): Generator<Uint8Array> {
    if (piece.length < smallBytes) {
      if (this.used + piece.length > this.buffer.length) yield* this.flush();
      this.buffer.set(piece, this.used);
      this.used += piece.length;
      return;
    }
    yield* this.flush();
    for (let at = 0; at < piece.length; at += this.chunkBytes) yield piece.subarray(at, Math.min(at + this.chunkBytes, piece.length));
  }

  /** What is joined so far, as one chunk (a fresh buffer follows, so a consumer may keep it). */
  *flush(): Generator<Uint8Array> {
    if (this.used === 0) return;
    const full = this.buffer.subarray(0, this.used);
    this.buffer = new Uint8Array(smallBytes);
    this.used = 0;
    yield full;
  }
}

/**
 * The chunks joined into one array. With `capacityBytes` (an upper bound: the entries' sizes plus
 * headers, exact when the large ones are stored) the array is allocated once and the zip is never
 * held twice; should the bound be short it grows by half again, and slack over 1 MiB and 1 % is cut
 * off with one last copy, because a view keeps its whole buffer alive (and structured clone copies
 * it whole). Without a bound the chunks are kept and joined at the end.
 */
export function collectZipBytes(chunks: Iterable<Uint8Array>, capacityBytes?: number): Uint8Array<ArrayBuffer> {
  if (capacityBytes === undefined) return joinChunks([...chunks]);
  let out = new Uint8Array(capacityBytes);
  let length = 0;
  for (const chunk of chunks) {
    if (length + chunk.length > out.length) {
      const grown = new Uint8Array(Math.max(length + chunk.length, Math.ceil(out.length * 1.5)));
      grown.set(out.subarray(0, length));
      out = grown;
    }
    out.set(chunk, length);
    length += chunk.length;
  }
  const slack = out.length - length;
  return slack > (1 << 20) && slack > length / 100 ? out.slice(0, length) : out.subarray(0, length);
}

function joinChunks(chunks: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  chunks.reduce((at, c) => (out.set(c, at), at + c.length), 0);
  return out;
}

/** Chunks held before they are folded into the Blob: bounds the JavaScript memory the Blob's making takes. */
const blobFoldBytes = 1 << 26;

/**
 * The chunks as a Blob. Pending chunks are folded into the Blob every 64 MiB: the browser copies
 * them into its blob storage (which may page to disk) and the views can go, so at most that much
 * of the zip is held in JavaScript.
 */
export function collectZipBlob(chunks: Iterable<Uint8Array>, type = 'application/zip'): Blob {
  let blob = new Blob([], { type });
  let pending: Uint8Array<ArrayBuffer>[] = [];
  let pendingBytes = 0;
  const fold = () => {
    blob = new Blob([blob, ...pending], { type });
    pending = [];
    pendingBytes = 0;
  };
  for (const chunk of chunks) {
    // Blob refuses views of shared memory (a set held once for all workers): those chunks are copied.
    const shared = typeof SharedArrayBuffer === 'function' && chunk.buffer instanceof SharedArrayBuffer;
    pending.push((shared ? chunk.slice() : chunk) as Uint8Array<ArrayBuffer>);
    pendingBytes += chunk.length;
    if (pendingBytes >= blobFoldBytes) fold();
  }
  fold();
  return blob;
}
