import { defineConfig } from '@playwright/test';

// Real Chromium from Debian; WebGPU through SwiftShader when there is no GPU.
export const chromiumArgs = [
  '--enable-unsafe-webgpu',
  '--use-webgpu-adapter=swiftshader',
  '--enable-features=Vulkan',
  '--use-vulkan=swiftshader',
  '--disable-vulkan-surface',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const port = Number(process.env.GDW_E2E_PORT ?? 4179);

/** The built app served by Vite's preview server (cross-origin isolated, strict CSP: vite.config.ts). */
export const webServer = {
  command: `npx vite preview --port ${port} --strictPort`,
  url: `http://localhost:${port}`,
  reuseExistingServer: false,
  timeout: 60_000,
};

export default defineConfig({
  testDir: 'e2e',
  timeout: 240_000,
  expect: { timeout: 60_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${port}`,
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1366, height: 768 },
    launchOptions: {
      executablePath: process.env.GDW_CHROMIUM ?? '/usr/bin/chromium',
      args: chromiumArgs,
    },
  },
  webServer,
});
