import { deflateRawSync, gzipSync } from 'node:zlib';
import { Gunzip } from 'fflate';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CancelledError, ParseError } from '../errors';
import { crc32Start, finishCrc32, updateCrc32 } from './crc32';
import { maybeGunzip } from './gzip';

const crcOf = (bytes: Uint8Array) => finishCrc32(updateCrc32(crc32Start, bytes));
const le32 = (n: number) => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];
const join = (parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
  return out;
};
const concat = (...parts: Uint8Array[]) => join(parts);

/** One member with the given header flags' fields, around raw deflate data of `text`. */
function member(data: Uint8Array, header: { extra?: number[]; name?: string; comment?: string; headerCrc?: boolean; level?: number } = {}): Uint8Array {
  const flags = (header.headerCrc ? 2 : 0) | (header.extra ? 4 : 0) | (header.name ? 8 : 0) | (header.comment ? 16 : 0);
  const head = [0x1f, 0x8b, 0x08, flags, 0, 0, 0, 0, 0, 0xff];
  if (header.extra) head.push(header.extra.length & 0xff, header.extra.length >> 8, ...header.extra);
  for (const text of [header.name, header.comment]) if (text) head.push(...new TextEncoder().encode(text), 0);
  if (header.headerCrc) head.push(...le32(crcOf(Uint8Array.from(head))).slice(0, 2));
  const deflated = deflateRawSync(data, { level: header.level ?? 6 });
  return concat(Uint8Array.from(head), deflated, Uint8Array.from([...le32(crcOf(data)), ...le32(data.length)]));
}

/** BGZF as bgzip writes it: members of at most `blockBytes` input, sizes in the 'BC' field, an empty EOF member. */
function bgzf(data: Uint8Array, blockBytes = 4096): Uint8Array {
  const blocks: Uint8Array[] = [];
  for (let at = 0; at <= data.length; at += blockBytes) {
    const block = data.subarray(at, Math.min(at + blockBytes, data.length));
    const deflated = deflateRawSync(block);
    const size = 18 + deflated.length + 8;
    const head = Uint8Array.of(0x1f, 0x8b, 0x08, 4, 0, 0, 0, 0, 0, 0xff, 6, 0, 0x42, 0x43, 2, 0, (size - 1) & 0xff, (size - 1) >> 8);
    blocks.push(concat(head, deflated, Uint8Array.from([...le32(crcOf(block)), ...le32(block.length)])));
    if (block.length === 0) break;
  }
  return concat(...blocks);
}

const text = (lines: number) => new TextEncoder().encode(Array.from({ length: lines }, (_, i) =>
  `chr1\t${1000 + i * 7}\trs${i}\tA\tG\t.\tPASS\t.\tGT\t${['0/0', '0|1', '1/1', './.'][(i * 31) % 4]}\t${i % 3}/1`).join('\n') + '\n');

async function* chunksOf(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.slice(at, at + size);
}

async function gunzip(bytes: Uint8Array, chunkBytes = 4096): Promise<Uint8Array> {
  const out: Uint8Array[] = [];
  for await (const piece of maybeGunzip(chunksOf(bytes, chunkBytes), 'x.gz')) out.push(piece);
  return join(out);
}

/** A DecompressionStream that stops at the first member, as the Compression spec and Chrome do. */
class SingleMemberDecompressionStream {
  readonly readable: ReadableStream<Uint8Array>;
  readonly writable: WritableStream<Uint8Array>;
  constructor() {
    const inflater = new Gunzip();
    let junk = false;
    inflater.onmember = () => (junk = true);
    const feed = (chunk: Uint8Array, final: boolean, controller: TransformStreamDefaultController<Uint8Array>) => {
      inflater.ondata = (data) => controller.enqueue(data);
      inflater.push(chunk, final);
      if (junk) throw new TypeError('Junk found after end of compressed data.');
    };
    const stream = new TransformStream<Uint8Array, Uint8Array>({
      transform: (chunk, controller) => feed(chunk, false, controller),
      flush: (controller) => feed(new Uint8Array(0), true, controller),
    });
    this.readable = stream.readable;
    this.writable = stream.writable;
  }
}

describe('maybeGunzip on the platform inflater', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('uses DecompressionStream where the platform has one (fflate is ~2× slower), and only for gzip', async () => {
    const Platform = globalThis.DecompressionStream;
    const formats: string[] = [];
    vi.stubGlobal('DecompressionStream', class extends Platform {
      constructor(format: CompressionFormat) {
        super(format);
        formats.push(format);
      }
    });
    const data = text(500);
    expect(await gunzip(bgzf(data, 3000))).toEqual(data);
    expect(formats.length).toBeGreaterThan(0);
    expect(formats.every((f) => f === 'gzip')).toBe(true);
    formats.length = 0;
    expect(await gunzip(data)).toEqual(data);
    expect(formats).toEqual([]);
  });
});

const platforms = [
  ['the platform DecompressionStream (Node: reads on past a member)', () => {}],
  ['a DecompressionStream that stops at one member (Chrome, the spec)', () => vi.stubGlobal('DecompressionStream', SingleMemberDecompressionStream)],
  ['the fflate fallback (no DecompressionStream)', () => vi.stubGlobal('DecompressionStream', undefined)],
] as const;

describe.each(platforms)('maybeGunzip with %s', (_, setUp) => {
  afterEach(() => vi.unstubAllGlobals());
  const data = text(3000);

  it('inflates one member in chunks of 1, 7 and 65,536 bytes', async () => {
    setUp();
    const gz = gzipSync(data);
    for (const size of [1, 7, 1 << 16]) expect(await gunzip(gz, size), `chunks of ${size}`).toEqual(data);
  });

  it('inflates BGZF (many members with sizes, an empty EOF member) in any chunking', async () => {
    setUp();
    const gz = bgzf(data, 5000);
    for (const size of [3, 4096, 1 << 20]) expect(await gunzip(gz, size), `chunks of ${size}`).toEqual(data);
  });

  it('inflates `cat a.gz b.gz c.gz`, members with a name, comment, extra field and header CRC', async () => {
    setUp();
    const [a, b, c] = [data.subarray(0, 1000), data.subarray(1000, 90_000), data.subarray(90_000)];
    const gz = concat(member(a, { name: 'a.vcf' }), member(b, { comment: 'made by hand', extra: [0x41, 0x42, 2, 0, 7, 7], headerCrc: true }), member(c, { level: 1 }));
    for (const size of [5, 600, 1 << 16]) expect(await gunzip(gz, size), `chunks of ${size}`).toEqual(data);
  });

  it('does not split a member at header-like bytes inside it that do not start a member', async () => {
    setUp();
    // A stored (level 0) deflate block keeps these bytes as they are: a header, then bytes that do not inflate.
    const lookalike = Uint8Array.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff, ...Array.from({ length: 900 }, (_, i) => (i * 89 + 7) & 0xff)]);
    const payload = concat(data.subarray(0, 5000), lookalike, data.subarray(5000, 9000));
    const gz = concat(member(payload, { level: 0 }), member(data.subarray(0, 100)));
    expect(await gunzip(gz, 333)).toEqual(concat(payload, data.subarray(0, 100)));
  });

  it('passes data without the gzip magic through unchanged', async () => {
    setUp();
    expect(await gunzip(data, 1)).toEqual(data);
    expect(await gunzip(new Uint8Array(0))).toEqual(new Uint8Array(0));
  });

  it.each([
    ['cut inside a member', (gz: Uint8Array) => gz.subarray(0, 3000)],
    ['cut inside the trailer', (gz: Uint8Array) => gz.subarray(0, gz.length - 3)],
    ['cut inside a second header', (gz: Uint8Array) => concat(gz, gz.subarray(0, 6))],
    ['followed by bytes that are not gzip', (gz: Uint8Array) => concat(gz, Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))],
  ])('raises a ParseError naming the file for a file %s', async (_, damage) => {
    setUp();
    const err = await gunzip(damage(gzipSync(data)), 1000).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(ParseError);
    expect((err as ParseError).location?.file).toBe('x.gz');
    expect((err as ParseError).message).toMatch(/gzip/);
  });

  it('raises a ParseError at the member for a wrong CRC-32 or length', async () => {
    setUp();
    const first = member(data.subarray(0, 20_000));
    for (const at of [first.length - 8, first.length - 4]) {
      const gz = concat(first, member(data.subarray(20_000)));
      gz[at] ^= 0x01;
      const err = await gunzip(gz).then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(ParseError);
      expect((err as ParseError).location?.byteOffset).toBe(first.length);
      expect((err as ParseError).message).toMatch(/CRC-32 or length/);
    }
  });

  it('stops reading the file when the caller stops early', async () => {
    setUp();
    // 2 MB that do not compress, so the file is far longer than what is read ahead (256 KiB).
    let state = 7;
    const noise = Uint8Array.from({ length: 2_000_000 }, () => ((state ^= state << 13, state ^= state >>> 17, state ^= state << 5) >>> 0) & 0xff);
    const gz = bgzf(noise, 60_000);
    let chunksRead = 0;
    let closed = false;
    async function* counted() {
      try {
        for await (const chunk of chunksOf(gz, 10_000)) {
          chunksRead++;
          yield chunk;
        }
      } finally {
        closed = true;
      }
    }
    for await (const piece of maybeGunzip(counted(), 'x.gz')) if (piece.length > 0) break;
    expect(closed).toBe(true);
    expect(chunksRead).toBeLessThan(gz.length / 10_000 / 2);
  });

  it('lets the source\'s own errors through unchanged (a cancel is not a corrupt file)', async () => {
    setUp();
    const gz = bgzf(data, 2000);
    async function* cancelled() {
      yield gz.subarray(0, 5000);
      throw new CancelledError('load');
    }
    const read = async () => {
      for await (const piece of maybeGunzip(cancelled(), 'x.gz')) void piece;
    };
    await expect(read()).rejects.toBeInstanceOf(CancelledError);
  });
});
