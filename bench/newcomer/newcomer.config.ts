// The newcomer's timings (issue 15): the e2e setup (Debian Chromium, software WebGPU here) on
// this folder only, one long test. `npm run bench:newcomer` (after `npx vite build`).
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import base, { webServer } from '../../playwright.config';

export default defineConfig({
  ...base,
  testDir: '.',
  timeout: 60 * 60_000,
  expect: { timeout: 60_000 },
  // From the repository root (the default is this folder), given time on a loaded machine.
  webServer: { ...webServer, cwd: fileURLToPath(new URL('../..', import.meta.url)), timeout: 180_000 },
});
