import { describe, expect, it } from 'vitest';
import { buildGaussianDemo } from '../../core/sim/gaussianBackboneDemo';
import { parseDemoTarget } from './demoTarget';

describe('parseDemoTarget', () => {
  it('reads what the demo builder writes', () => {
    const { json, target } = buildGaussianDemo();
    expect(parseDemoTarget(json, 'gaussian-demo.json')).toEqual(target);
  });

  it('names the file and what is expected', () => {
    expect(() => parseDemoTarget('{', 'd.json')).toThrow(/d.json is not JSON/);
    expect(() => parseDemoTarget('{"genes":2,"channels":2,"realGenes":2,"mean":[0],"variance":[1],"schedule":{}}', 'd.json'))
      .toThrow(/d.json: expected "mean" and "variance" arrays of 2 × 2 = 4 numbers/);
  });
});
