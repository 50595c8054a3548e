import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { securityHeaders } from './scripts/securityHeaders.ts';

// COOP/COEP make the page cross-origin isolated (SharedArrayBuffer, so WASM threads);
// the CSP keeps every request on this origin: genotypes never leave the machine.
export default defineConfig({
  plugins: [react()],
  optimizeDeps: { exclude: ['onnxruntime-web'] },
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 8000 },
  server: { headers: securityHeaders, host: 'localhost' },
  preview: { headers: securityHeaders, host: 'localhost' },
});
