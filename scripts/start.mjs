// `npm start`: install what is missing, build when an input changed, and serve the workbench on
// localhost with the headers that make it cross-origin isolated and keep every request on this
// origin. A second start with nothing changed neither installs nor builds.
import { join } from 'node:path';
import { hashBuildInputs, isBuildCurrent, writeBuildStamp } from './buildStamp.mjs';
import { ensureNodeModules, root, run } from './setup.mjs';

const port = Number(process.env.PORT ?? 4173);
// Vite from node_modules directly: npx would add a second or two of its own start-up.
const vite = (args) => run(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), ...args]);

ensureNodeModules();
const inputsSha256 = hashBuildInputs();
if (isBuildCurrent(inputsSha256)) {
  console.log('[start] dist/ is up to date (no input changed since it was built)');
} else {
  console.log('[start] building …');
  if (vite(['build', '--logLevel', 'warn']) !== 0) process.exit(1);
  writeBuildStamp(inputsSha256);
}
const canOpen = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
console.log(`\n  Gene Diffusion Workbench: http://localhost:${port}/\n  (Ctrl+C stops the server)\n`);
const args = ['preview', '--port', String(port), '--strictPort'];
if (canOpen && !process.env.CI) args.push('--open');
process.exit(vite(args));
