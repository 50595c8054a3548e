// Node-only: writes a simulated cohort's files into a folder (`gdw simulate`,
// scripts/makeDemoCohort.ts). Each file is streamed chunk by chunk, never held whole.

import { join } from 'node:path';
import { writeChunksToFile } from './fileSink';
import type { SimulatedCohort } from '../core/sim/cohort';
import { cohortFiles, type CohortFileOptions } from '../core/sim/cohortFiles';

export interface WrittenFile {
  name: string;
  path: string;
  bytes: number;
}

/** Writes every file of `result` into `dir` (created if needed). */
export async function writeCohortFiles(dir: string, result: SimulatedCohort, options: CohortFileOptions = {}): Promise<WrittenFile[]> {
  const written: WrittenFile[] = [];
  for (const file of cohortFiles(result, options)) {
    const path = join(dir, file.name);
    written.push({ name: file.name, path, bytes: await writeChunksToFile(path, file.chunks()) });
  }
  return written;
}
