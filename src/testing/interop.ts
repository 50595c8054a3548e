// Interop tests run a real tool (numpy, plink1.9, bcftools) next to ours. Off CI a missing tool
// skips them; on CI (CI=true, set by .ci/run) it fails them, because `npm test` installs every
// tool (scripts/setup.mjs) and a skip there would hide that a comparison never ran.
import { spawnSync } from 'node:child_process';
import { it } from 'vitest';

type TestBody = () => unknown;

/** Whether `command args…` runs and exits 0 (e.g. `python3 -c 'import numpy'`, `plink1.9 --version`). */
export function isToolPresent(command: string, args: string[] = ['--version']): boolean {
  const result = spawnSync(command, args, { stdio: 'ignore' });
  return result.error === undefined && result.status === 0;
}

/** Whether this run must not skip: CI sets CI=true. */
export const isCi = (): boolean => process.env.CI === 'true';

/** What an interop test does: run, fail because its tool is missing on CI, or skip elsewhere. */
export function toolTestMode(present: boolean, ci: boolean): 'run' | 'fail' | 'skip' {
  if (present) return 'run';
  return ci ? 'fail' : 'skip';
}

/**
 * `it`, when the tool is present; otherwise a test that fails on CI and is skipped elsewhere,
 * naming the tool either way. Use it in place of `it.skipIf(!present)`.
 */
export function requireTool(name: string, present: boolean): (title: string, body: TestBody, timeoutMs?: number) => void {
  const mode = toolTestMode(present, isCi());
  if (mode === 'run') return (title, body, timeoutMs) => it(title, body, timeoutMs);
  const why = `${name} is not installed; \`npm test\` installs it (scripts/setup.mjs, apt-get)`;
  if (mode === 'fail') {
    return (title) => it(`${title} [needs ${name}]`, () => {
      throw new Error(`${why}, and on CI this test must run, not skip`);
    });
  }
  return (title, body, timeoutMs) => it.skip(`${title} [skipped: ${why}]`, body, timeoutMs);
}
