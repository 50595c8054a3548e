// `npm start`: install what is missing, build, and serve the workbench on localhost with the
// headers that make it cross-origin isolated and keep every request on this origin.
import { ensureNodeModules, run } from './setup.mjs';

const port = Number(process.env.PORT ?? 4173);

ensureNodeModules();
console.log('[start] building …');
if (run('npx', ['vite', 'build', '--logLevel', 'warn']) !== 0) process.exit(1);
const canOpen = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
console.log(`\n  Gene Diffusion Workbench: http://localhost:${port}/\n  (Ctrl+C stops the server)\n`);
const args = ['vite', 'preview', '--port', String(port), '--strictPort'];
if (canOpen && !process.env.CI) args.push('--open');
process.exit(run('npx', args));
