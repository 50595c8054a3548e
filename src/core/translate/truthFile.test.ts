import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCausalGenes } from './truthFile';

describe('parseCausalGenes', () => {
  it('reads the demo cohort\'s five causal genes', () => {
    const names = parseCausalGenes(readFileSync('public/demo/cohort/truth.json', 'utf8'), 'truth.json');
    expect(names).toHaveLength(5);
    expect(names).toContain('GENE065');
  });

  it('refuses text that is not JSON, and JSON without causal gene names, naming the file', () => {
    expect(() => parseCausalGenes('{', 't.json')).toThrow(/t\.json: not JSON/);
    expect(() => parseCausalGenes('{"causalGenes": [{"id": 1}]}', 't.json')).toThrow(/t\.json: expected "causalGenes"/);
    expect(() => parseCausalGenes('null', 't.json')).toThrow(/ParseError|expected "causalGenes"/);
  });
});
