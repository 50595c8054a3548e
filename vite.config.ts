import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { demoBackbones } from './scripts/demoBackbones.ts';
import { securityHeaders } from './scripts/securityHeaders.ts';

// COOP/COEP make the page cross-origin isolated (SharedArrayBuffer, so WASM threads);
// the CSP keeps every request on this origin: genotypes never leave the machine.
// The demo backbones stay in models/demo, where they are trained; the plugin publishes them.
export default defineConfig({
  plugins: [react(), demoBackbones({ dir: 'models/demo', base: '/demo/backbones/', headers: securityHeaders })],
  optimizeDeps: { exclude: ['onnxruntime-web'] },
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 8000 },
  server: { headers: securityHeaders, host: 'localhost' },
  preview: { headers: securityHeaders, host: 'localhost' },
});
