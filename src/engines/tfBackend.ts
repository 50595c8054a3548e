// Picks the fastest TensorFlow.js backend that starts here (webgpu → webgl → wasm → cpu) and
// reports which one runs and why the faster ones did not. Every classifier trains on all four
// (checked: cpu and wasm in Node; webgpu, webgl and wasm in a Chromium worker): the CNN's
// convolution is a matMul and the positions an add (src/core/classify), so the wasm backend's
// missing Conv2DBackpropFilter and gather gradients are never needed.
import { RuntimeFailureError } from '../core/errors';

export const tfBackendNames = {
  /** WebGPU compute shaders (Chrome with an adapter). */
  webgpu: 'webgpu',
  /** WebGL2 shaders; in a worker it needs OffscreenCanvas. */
  webgl: 'webgl',
  /** WebAssembly with SIMD, single-threaded here (see selectTfBackend). */
  wasm: 'wasm',
  /** Plain JavaScript: always there, slowest. */
  cpu: 'cpu',
} as const;
export type TfBackendName = (typeof tfBackendNames)[keyof typeof tfBackendNames];

export const defaultTfBackendOrder: readonly TfBackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/** The part of the tfjs API that selection needs (a seam for tests). */
export interface TfBackendApi {
  setBackend(name: string): Promise<boolean>;
  ready(): Promise<void>;
  getBackend(): string;
  findBackendFactory(name: string): unknown;
  env(): { set(flag: string, value: boolean): void };
}

export interface TfBackendReport {
  backend: TfBackendName;
  /** The backends tried before it, with the reason each was passed over. */
  rejected: { backend: TfBackendName; reason: string }[];
  initMs: number;
}

export interface SelectTfBackendOptions {
  order?: readonly TfBackendName[];
  /** A backend that has not started after this long is passed over (default 15 s). */
  attemptTimeoutMs?: number;
  now: () => number;
}

const DEFAULT_ATTEMPT_TIMEOUT_MS = 15_000;

function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T | 'timeout'> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'timeout'>((resolve) => { timer = setTimeout(() => resolve('timeout'), timeoutMs); });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const reasonOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** Tries each backend in order; the first that initialises is left active. */
export async function selectTfBackend(tf: TfBackendApi, options: SelectTfBackendOptions): Promise<TfBackendReport> {
  const startMs = options.now();
  const rejected: TfBackendReport['rejected'] = [];
  const timeoutMs = options.attemptTimeoutMs ?? DEFAULT_ATTEMPT_TIMEOUT_MS;
  for (const backend of options.order ?? defaultTfBackendOrder) {
    if (!tf.findBackendFactory(backend)) {
      rejected.push({ backend, reason: 'not registered in this build' });
      continue;
    }
    // Under cross-origin isolation setBackend('wasm') never settles while tfjs tries to start
    // its threaded build; the single-threaded SIMD build starts (DESIGN.md, verified stack).
    if (backend === tfBackendNames.wasm) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    try {
      const outcome = await withTimeout(tf.setBackend(backend), timeoutMs);
      if (outcome === true) {
        await tf.ready();
        return { backend, rejected, initMs: options.now() - startMs };
      }
      rejected.push({ backend, reason: outcome === 'timeout' ? `did not start within ${timeoutMs} ms` : 'failed to initialise (no adapter or context)' });
    } catch (err) {
      rejected.push({ backend, reason: reasonOf(err) });
    }
  }
  const tried = rejected.map((r) => `${r.backend}: ${r.reason}`).join('; ');
  throw new RuntimeFailureError(`no TensorFlow.js backend could start (${tried}): reload the page, or use a browser with WebAssembly`);
}
