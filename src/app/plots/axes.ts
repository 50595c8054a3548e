// Axis settings shared by the figures. Log axes read as numbers: plotly's default labels the
// ticks between powers of ten with a lone small digit ("3, 2, 1, 9, 8, 7…"); with a tickformat it
// writes every label in full (0.02, 0.05, 0.1) and still picks the tick spacing from the range
// shown (every decade, 1-2-5, 1…9, or linear steps inside a narrow range).
import type { LayoutAxis } from 'plotly.js-dist-min';

export const gridColour = '#eef0f3';

/** A linear or log axis; '~g' writes 0.002 and 1e-7 without trailing zeros. */
export function valueAxis(log: boolean): Partial<LayoutAxis> {
  return log ? { type: 'log', tickformat: '~g' } : { type: 'linear' };
}
