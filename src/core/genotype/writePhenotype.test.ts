import { describe, expect, it } from 'vitest';
import { phenotypeTsvText } from './writePhenotype';

describe('phenotype TSV writer', () => {
  it('writes a header, class names and NA for a missing label', () => {
    const phenotype = { labels: Int8Array.of(1, 0, -1), classNames: ['control', 'case'] };
    expect(phenotypeTsvText(['s1', 's2', 's3'], phenotype)).toBe('sample_id\tlabel\ns1\tcase\ns2\tcontrol\ns3\tNA\n');
  });

  it('rejects a label without a class name', () => {
    expect(() => phenotypeTsvText(['s1'], { labels: Int8Array.of(2), classNames: ['control', 'case'] })).toThrow(/label 2 of sample s1/);
  });
});
