// Installs what a fresh clone is missing: npm packages (from package-lock.json), for the
// browser tests Debian's chromium, and for the interop tests numpy, plink1.9 and bcftools.
// Used by `npm start` and `npm test`; safe to run again.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const root = new URL('..', import.meta.url).pathname;

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

/**
 * Whether node_modules holds what package-lock.json pins, by npm's own record of the install
 * (node_modules/.package-lock.json): every locked package at its version and integrity, nothing
 * else. Optional packages for other platforms are locked but never installed.
 */
export function isInstalledFromLock() {
  const lock = readJson(join(root, 'package-lock.json'))?.packages;
  const installed = readJson(join(root, 'node_modules', '.package-lock.json'))?.packages;
  if (!lock || !installed) return false;
  for (const [path, locked] of Object.entries(lock)) {
    if (path === '') continue;
    const entry = installed[path];
    if (!entry) {
      if (locked.optional) continue;
      return false;
    }
    if (entry.version !== locked.version || entry.integrity !== locked.integrity || !existsSync(join(root, path))) return false;
  }
  return Object.keys(installed).every((path) => path in lock);
}

/**
 * npm ci when node_modules does not match the lockfile. onnxruntime-node's install script
 * (a CUDA download) is denied in package.json's allowScripts; the variable skips it on npm
 * releases older than allowScripts (11.16).
 */
export function ensureNodeModules() {
  if (isInstalledFromLock()) return;
  console.log('[setup] installing npm packages (npm ci) …');
  const env = { ...process.env, ONNXRUNTIME_NODE_INSTALL: process.env.ONNXRUNTIME_NODE_INSTALL ?? 'skip' };
  if (run('npm', ['ci', '--no-audit', '--no-fund'], { env }) !== 0) throw new Error('npm ci failed');
}

function hasCommand(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

function asRoot(args) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot) return run(args[0], args.slice(1), { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (hasCommand('sudo')) return run('sudo', ['-E', ...args], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  return 1;
}

/** Debian packages through apt-get, when some are missing. Returns false if it could not. */
export function ensureDebianPackages(packages, isPresent) {
  if (isPresent()) return true;
  if (!hasCommand('apt-get')) {
    console.warn(`[setup] apt-get not found: install ${packages.join(' ')} yourself`);
    return false;
  }
  console.log(`[setup] installing Debian packages: ${packages.join(' ')} …`);
  asRoot(['apt-get', 'update']);
  asRoot(['apt-get', 'install', '-y', '--no-install-recommends', ...packages]);
  return isPresent();
}

/** The tools the unit tests compare our readers and writers with (src/testing/interop.ts). */
const interopTools = [
  { pkg: 'python3-numpy', isPresent: () => spawnSync('/usr/bin/python3', ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0 },
  { pkg: 'plink1.9', isPresent: () => hasCommand('plink1.9') },
  { pkg: 'bcftools', isPresent: () => hasCommand('bcftools') },
];

/** numpy, plink1.9 and bcftools, in one apt-get for all that are missing; throws if it cannot. */
export function ensureInteropTools() {
  const missing = interopTools.filter((t) => !t.isPresent());
  const ok = ensureDebianPackages(missing.map((t) => t.pkg), () => missing.every((t) => t.isPresent()));
  const still = missing.filter((t) => !t.isPresent()).map((t) => t.pkg);
  if (!ok) throw new Error(`${still.join(', ')} not found and could not be installed; the interop tests need them`);
}

export const chromiumPath = process.env.GDW_CHROMIUM ?? '/usr/bin/chromium';

export function ensureChromium() {
  const ok = ensureDebianPackages(['chromium'], () => existsSync(chromiumPath));
  if (!ok) throw new Error(`Chromium not found at ${chromiumPath} and could not be installed`);
  const version = execFileSync(chromiumPath, ['--version'], { encoding: 'utf8' }).trim();
  console.log(`[setup] ${version}`);
}
