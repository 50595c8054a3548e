// `npm test`: install what is missing (npm packages, Debian chromium, and the numpy, plink1.9
// and bcftools the interop unit tests run, before those tests), then typecheck and
// lint, unit tests (vitest, Node), the models check (PyTorch backbones exported to ONNX and
// compared with the workbench engine; installs Debian python3-torch if missing), and the browser tests (Playwright in
// real Chromium against the production build). Stops at the first failing stage.
import { ensureChromium, ensureInteropTools, ensureNodeModules, run } from './setup.mjs';

const stages = [
  ['typecheck', 'npx', ['tsc', '-b']],
  ['lint', 'npx', ['eslint', '.', '--max-warnings', '0']],
  ['unit tests', 'npx', ['vitest', 'run']],
  ['models check', 'bash', ['models/check.sh']],
  ['build', 'npx', ['vite', 'build', '--logLevel', 'warn']],
  ['browser tests', 'npx', ['playwright', 'test']],
];

ensureNodeModules();
ensureChromium();
ensureInteropTools();
for (const [name, command, args] of stages) {
  console.log(`\n[test] ${name}: ${command} ${args.join(' ')}`);
  const status = run(command, args);
  if (status !== 0) {
    console.error(`\n[test] ${name} failed (exit ${status})`);
    process.exit(status);
  }
}
console.log('\n[test] all stages passed');
