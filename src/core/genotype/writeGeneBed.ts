// Gene map writer: BED4 (chrom, start, end, name), 0-based half-open as GeneInterval holds it.

import type { GeneInterval } from './types';
import { checkFieldText, chunksToText, encodeLines } from './writeChunks';

function* geneBedLines(genes: GeneInterval[]): Generator<string> {
  for (const gene of genes) {
    checkFieldText('gene name', gene.name, /[\t\n\r]/);
    yield `${gene.chrom}\t${gene.start}\t${gene.end}\t${gene.name}\n`;
  }
}

/** The gene BED as chunks. */
export function geneBedChunks(genes: GeneInterval[]): Generator<Uint8Array> {
  return encodeLines(geneBedLines(genes));
}

/** The gene BED in memory. */
export function geneBedText(genes: GeneInterval[]): string {
  return chunksToText(geneBedChunks(genes));
}
