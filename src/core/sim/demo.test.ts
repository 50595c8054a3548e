import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { concatChunks } from '../genotype/writeChunks';
import { simulateCohort } from './cohort';
import { cohortFiles } from './cohortFiles';
import { demoCohortParams, demoCohortPath } from './demo';

const demoDir = fileURLToPath(new URL(`../../../public/${demoCohortPath}/`, import.meta.url));

describe('demo cohort in public/demo/cohort', () => {
  const files = cohortFiles(simulateCohort(demoCohortParams));

  it('is byte-identical to a fresh simulation (else run: npx tsx scripts/makeDemoCohort.ts)', () => {
    for (const file of files) {
      expect(existsSync(demoDir + file.name), file.name).toBe(true);
      const fresh = concatChunks(file.chunks());
      const onDisk = readFileSync(demoDir + file.name);
      expect(onDisk.length, file.name).toBe(fresh.length);
      expect(onDisk.equals(fresh), file.name).toBe(true);
    }
  });

  it('stays small enough to ship (under 3 MB in all)', () => {
    const total = files.reduce((sum, f) => sum + readFileSync(demoDir + f.name).length, 0);
    expect(total).toBeLessThan(3_000_000);
  });
});
