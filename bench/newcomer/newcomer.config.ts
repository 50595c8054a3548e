// The newcomer's timings (issue 15): the e2e setup (Debian Chromium, software WebGPU here) on
// this folder only, one long test. `npm run bench:newcomer` (after `npx vite build`).
import { defineConfig } from '@playwright/test';
import base, { webServer } from '../../playwright.config';

export default defineConfig({
  ...base,
  testDir: '.',
  timeout: 60 * 60_000,
  expect: { timeout: 60_000 },
  // The preview server may start slowly on a loaded machine.
  webServer: { ...webServer, timeout: 180_000 },
});
