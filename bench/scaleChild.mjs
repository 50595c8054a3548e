// Runs a Node script in this process (node bench/scaleChild.mjs SCRIPT ARGS…) and, at exit, writes
// the process's VmRSS, VmHWM and CPU seconds as JSON to $GDW_SCALE_EXIT_FILE: bench/scaleStages.mjs
// resets VmHWM at every stage boundary, so this is the peak of the last stage, which ends after
// the parent can no longer read /proc for it.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readProcess } from './scaleStages.mjs';

const [script, ...args] = process.argv.slice(2);
const exitFile = process.env.GDW_SCALE_EXIT_FILE;
if (!script || !exitFile) {
  console.error('usage: GDW_SCALE_EXIT_FILE=FILE node bench/scaleChild.mjs SCRIPT [ARGS…]');
  process.exit(2);
}
process.on('exit', () => {
  writeFileSync(exitFile, JSON.stringify(readProcess(process.pid)));
});
process.argv = [process.argv[0], resolve(script), ...args];
await import(pathToFileURL(resolve(script)).href);
