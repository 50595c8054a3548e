// Line splitting over byte chunks for the text formats (VCF, .bim, .fam, phenotypes, gene maps),
// and the ParseError wording they share ("line 1,204 of cohort.vcf: expected …").
import { ParseError } from '../errors';

/** Receives one line without its '\n' (or '\r\n'). `line` is a view valid only during the call. */
export type LineSink = (line: Uint8Array, lineNumber: number, byteOffset: number) => void;

const newline = 0x0a;
const carriageReturn = 0x0d;

/** Holds the unfinished end of a chunk; grows by doubling so 1-byte chunks stay linear. */
class CarryBuffer {
  private bytes = new Uint8Array(256);
  length = 0;

  append(part: Uint8Array): void {
    if (this.length + part.length > this.bytes.length) {
      const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + part.length));
      grown.set(this.bytes.subarray(0, this.length));
      this.bytes = grown;
    }
    this.bytes.set(part, this.length);
    this.length += part.length;
  }

  view(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }
}

function withoutCarriageReturn(line: Uint8Array): Uint8Array {
  return line.length > 0 && line[line.length - 1] === carriageReturn ? line.subarray(0, line.length - 1) : line;
}

/**
 * Calls `onLine` for every line of the stream, in order, with 1-based line numbers and the byte
 * offset of the line's first byte. A last line without '\n' is delivered too. Returns the count.
 * The callback is synchronous so a line costs no promise; awaiting happens once per chunk.
 */
export async function forEachLine(chunks: AsyncIterable<Uint8Array>, onLine: LineSink): Promise<number> {
  const carry = new CarryBuffer();
  let lineNumber = 0;
  let lineOffset = 0;
  for await (const chunk of chunks) {
    let start = 0;
    for (let end = chunk.indexOf(newline); end !== -1; end = chunk.indexOf(newline, start)) {
      let line = chunk.subarray(start, end);
      if (carry.length > 0) {
        carry.append(line);
        line = carry.view();
        carry.length = 0;
      }
      lineNumber += 1;
      onLine(withoutCarriageReturn(line), lineNumber, lineOffset);
      lineOffset += line.length + 1;
      start = end + 1;
    }
    if (start < chunk.length) carry.append(chunk.subarray(start));
  }
  if (carry.length > 0) {
    lineNumber += 1;
    onLine(withoutCarriageReturn(carry.view()), lineNumber, lineOffset);
  }
  return lineNumber;
}

const utf8 = new TextDecoder('utf-8');

/** Decodes bytes [start, end) of a line as UTF-8 (invalid bytes become U+FFFD, never throw). */
export function decodeText(line: Uint8Array, start = 0, end = line.length): string {
  return utf8.decode(line.subarray(start, end));
}

/** 1204 → '1,204', the way messages print counts and line numbers. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/**
 * "line 1,204 of cohort.vcf: <what>", located by file, line and the line's byte offset (in the
 * decompressed text when the file is gzip).
 */
export function lineError(file: string, line: number, byteOffset: number, what: string): ParseError {
  return new ParseError(`line ${formatCount(line)} of ${file}: ${what}`, { file, line, byteOffset });
}

/** "byte 1,204 of cohort.bed: <what>", for binary formats. */
export function byteError(file: string, byteOffset: number, what: string): ParseError {
  return new ParseError(`byte ${formatCount(byteOffset)} of ${file}: ${what}`, { file, byteOffset });
}

/** A whole-file problem with no better location than the file itself. */
export function fileError(file: string, what: string): ParseError {
  return new ParseError(`${file}: ${what}`, { file });
}

/** A base-10 integer written the plain way ('-12', '300'); undefined otherwise. */
export function parseInteger(text: string): number | undefined {
  if (!/^[-+]?\d{1,15}$/.test(text)) return undefined;
  return Number(text);
}

/** Splits on runs of spaces and tabs, as PLINK's .bim/.fam and many phenotype files are written. */
export function splitWhitespace(text: string): string[] {
  const trimmed = text.trim();
  return trimmed === '' ? [] : trimmed.split(/[ \t]+/);
}

/** Shortens user text quoted in a message so a garbage line cannot flood the UI. */
export function quote(text: string, maxChars = 40): string {
  return `'${text.length > maxChars ? `${text.slice(0, maxChars)}…` : text}'`;
}
