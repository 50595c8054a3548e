// Unzipping a file the user chose without letting it exhaust memory (a zip bomb): the entry count
// and every declared size are checked against limits from the central directory before anything
// is inflated, and each entry is inflated in small steps into a buffer of its declared size, so a
// header that lies about the size is caught while inflating. fflate's unzipSync cannot do this:
// it allocates the declared size and silently cuts a stream that inflates to more, and it gives
// no entry offsets. So the directory is walked here (zipDirectory.ts) and fflate inflates
// (zipInflate.ts). This reader takes the zip in memory; zipStreamReader.ts reads a Blob by slices.
import {
  readDataStart, readDirectory, readEnd, readZip64End, tailBytesOf, ZipView, type DirectoryPlace, type UnzipOptions,
  type ZipLimits,
} from './zipDirectory';
import { EntryInflater } from './zipInflate';

export type { UnzipOptions, ZipLimits } from './zipDirectory';

/** The directory's place, from the end record and, for a zip64 archive, its zip64 end record. */
function findDirectory(file: ZipView): DirectoryPlace {
  const tailStart = file.bytes.length - tailBytesOf(file.bytes.length);
  const end = readEnd(file.window(file.bytes.subarray(tailStart), tailStart));
  return 'count' in end ? end : readZip64End(file, end.end64Offset);
}

/** The kept entries by name, each inflated within `limits`; any fault is a ParseError naming the file and entry. */
export function boundedUnzip(bytes: Uint8Array, fileName: string, limits: ZipLimits, options: UnzipOptions = {}): Record<string, Uint8Array> {
  const file = new ZipView(bytes, 0, bytes.length, fileName, options.advice);
  const place = findDirectory(file);
  const start = Math.min(place.offset, bytes.length);
  const directory = file.window(bytes.subarray(start, Math.min(place.offset + place.sizeBytes, bytes.length)), start, 'the central directory');
  const entries = readDirectory(directory, place, limits, options.keep ?? (() => true));
  const files: Record<string, Uint8Array> = {};
  for (const entry of entries) {
    const inflater = new EntryInflater(fileName, entry);
    inflater.push(file.slice(readDataStart(file, entry), entry.compressedBytes, `${entry.name}'s data`), true);
    files[entry.name] = inflater.finish();
  }
  return files;
}
