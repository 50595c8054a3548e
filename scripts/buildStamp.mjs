// `npm start` builds only when something the build reads changed: a SHA-256 over the path and
// contents of every input file is kept in dist/ after a build and compared before the next. Any
// other `vite build` empties dist/ and with it the stamp, so the next start builds again.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './setup.mjs';

/**
 * What `vite build` reads: the app, its workers and static files, the demo backbones the
 * demoBackbones plugin publishes, the config and the plugins it imports, and the packages
 * (pinned by the lockfile).
 */
export const buildInputs = [
  'src', 'workers', 'public', 'models/demo', 'index.html', 'vite.config.ts', 'scripts/demoBackbones.ts',
  'scripts/securityHeaders.ts', 'tsconfig.json', 'package.json', 'package-lock.json',
];

const stampFile = join(root, 'dist', '.build-inputs.sha256');

function listFiles(path, out) {
  if (!existsSync(path)) return out;
  if (!statSync(path).isDirectory()) {
    out.push(path);
    return out;
  }
  for (const name of readdirSync(path).sort()) listFiles(join(path, name), out);
  return out;
}

/** SHA-256 over every input file's path (relative to the root) and contents, in a fixed order. */
export function hashBuildInputs() {
  const hash = createHash('sha256');
  for (const input of buildInputs) {
    for (const file of listFiles(join(root, input), [])) {
      hash.update(`${file.slice(root.length)}\0`);
      hash.update(readFileSync(file));
      hash.update('\0');
    }
  }
  return hash.digest('hex');
}

/** Whether dist/ was built from inputs with this hash. */
export function isBuildCurrent(inputsSha256) {
  if (!existsSync(join(root, 'dist', 'index.html')) || !existsSync(stampFile)) return false;
  return readFileSync(stampFile, 'utf8').trim() === inputsSha256;
}

export function writeBuildStamp(inputsSha256) {
  writeFileSync(stampFile, `${inputsSha256}\n`);
}
