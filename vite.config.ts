import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { demoBackbones } from './scripts/demoBackbones.ts';
import { securityHeaders } from './scripts/securityHeaders.ts';

// COOP/COEP make the page cross-origin isolated (SharedArrayBuffer, so WASM threads);
// the CSP keeps every request on this origin: genotypes never leave the machine.
// The demo backbones stay in models/demo, where they are trained; the plugin publishes them.
// Rolldown's bundler-timing check prints a PLUGIN_TIMINGS block on every build that spends
// most of its 3 s in plugins (vite:asset-import-meta-url, for the workers): known, so off.
const checks = { bundlerTimings: false };
export default defineConfig({
  plugins: [
    react(), demoBackbones({ dir: 'models/demo', base: '/demo/backbones/', headers: securityHeaders }),
    // The memorisation test's demo pairs (models/demo/memorisation), loaded from the Translate panel's Memorisation card.
    demoBackbones({ dir: 'models/demo/memorisation', base: '/demo/memorisation/', headers: securityHeaders }),
  ],
  optimizeDeps: { exclude: ['onnxruntime-web'] },
  worker: { format: 'es', rolldownOptions: { checks } },
  build: { target: 'es2022', chunkSizeWarningLimit: 8000, rolldownOptions: { checks } },
  server: { headers: securityHeaders, host: 'localhost' },
  preview: { headers: securityHeaders, host: 'localhost' },
});
