// Splits one CSV line into fields (RFC 4180 quoting: "a,b" and "" for a quote). Written by hand
// because metrics logs are one record per line with numeric fields; a CSV library would add a
// dependency to core for these few lines. Quoted line breaks are not supported (loggers never write them).
import { ParseError } from '../errors';

export function splitCsvLine(line: string, file: string, lineNumber: number): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        field += ch;
      }
    } else if (ch === '"' && field === '') {
      quoted = true;
    } else if (ch === ',') {
      fields.push(field);
      field = '';
    } else {
      field += ch;
    }
  }
  if (quoted) {
    throw new ParseError(`line ${lineNumber} of ${file}: a quoted field is not closed; expected a closing "`,
      { file, line: lineNumber });
  }
  fields.push(field);
  return fields;
}
