// Splits one line of a metrics CSV into trimmed fields with the phenotype reader's RFC 4180
// splitter; a quote left open is an error here (loggers never write quoted line breaks).
import { ParseError } from '../errors';
import { splitQuoted } from '../genotype/delimited';

export function splitCsvLine(line: string, file: string, lineNumber: number): string[] {
  const { fields, unclosedQuote } = splitQuoted(line, ',');
  if (unclosedQuote) {
    throw new ParseError(`line ${lineNumber} of ${file}: a quoted field is not closed; expected a closing "`,
      { file, line: lineNumber });
  }
  return fields;
}
