// Nothing leaves the machine: native ONNX Runtime on Linux and macOS collects usage telemetry by
// default (a device id and an event database under ~/.cache/Microsoft/DeveloperTools, uploaded to
// Microsoft). A fresh process with its own HOME opens a session as the CLI does and must leave no
// trace of it; the same session opened on onnxruntime-node directly does (so this test can fail).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const model = 'public/demo/gaussian-demo.onnx';

/** Runs `script` (an ES module) in a fresh Node with an empty HOME; returns what it left there. */
function filesLeftBy(script: string): string[] {
  const home = mkdtempSync(join(tmpdir(), 'gdw-home-'));
  try {
    // CI=true makes ONNX Runtime suppress telemetry by itself: run as a user's machine would.
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, XDG_CACHE_HOME: join(home, '.cache') };
    delete env.CI;
    delete env.ORT_DISABLE_TELEMETRY;
    const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { env, encoding: 'utf8', timeout: 60_000 });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('session x,t');
    return readdirSync(home, { recursive: true }).map(String);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

describe('native ONNX Runtime telemetry', () => {
  it('is off when the workbench loads onnxruntime-node: no device id, no event database', () => {
    const left = filesLeftBy(`
      const { createCliOrtRuntime } = await import('./src/engines/nodeOrtRuntime.ts');
      const runtime = await createCliOrtRuntime({ threads: 1 });
      const session = await runtime.ort.InferenceSession.create('${model}');
      console.log('session', session.inputNames.join(','));`);
    expect(left).toEqual([]);
  }, 60_000);

  it('is on by default in onnxruntime-node itself (what the opt-out prevents)', () => {
    const left = filesLeftBy(`
      const ort = await import('onnxruntime-node');
      const session = await ort.InferenceSession.create('${model}');
      console.log('session', session.inputNames.join(','));`);
    expect(left.some((path) => path.endsWith('deviceid'))).toBe(true);
  }, 60_000);
});
