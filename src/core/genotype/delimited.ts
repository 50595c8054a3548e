// Field splitting for delimiter-separated text (phenotype tables): the separator is sniffed from
// the first row, and comma/semicolon rows follow RFC 4180 quoting so "ALS, sporadic" stays one field.
import { splitWhitespace } from './lines';

export type Delimiter = '\t' | ',' | ';' | ' ';

/** Tab, then comma, then semicolon, else runs of whitespace (PLINK-style files). */
export function sniffDelimiter(firstRow: string): Delimiter {
  if (firstRow.includes('\t')) return '\t';
  if (firstRow.includes(',')) return ',';
  if (firstRow.includes(';')) return ';';
  return ' ';
}

/** Splits one row; fields are trimmed and unquoted. */
export function splitRow(text: string, delimiter: Delimiter): string[] {
  if (delimiter === ' ') return splitWhitespace(text);
  if (delimiter === '\t') return text.split('\t').map((f) => f.trim());
  return splitQuoted(text, delimiter).fields;
}

/**
 * RFC 4180 fields of one line: trimmed, unquoted ("" inside quotes is a quote). `unclosedQuote`
 * says the line ended inside a quoted field, for readers that treat that as an error.
 */
export function splitQuoted(text: string, delimiter: string): { fields: string[]; unclosedQuote: boolean } {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        field += ch;
      }
    } else if (ch === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (ch === delimiter) {
      fields.push(field.trim());
      field = '';
    } else {
      field += ch;
    }
  }
  fields.push(field.trim());
  return { fields, unclosedQuote: quoted };
}
