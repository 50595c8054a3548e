import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { isToolPresent, requireTool, toolTestMode } from './interop';

describe('interop test gating', () => {
  it('runs with the tool, fails without it on CI, skips without it elsewhere', () => {
    expect(toolTestMode(true, true)).toBe('run');
    expect(toolTestMode(true, false)).toBe('run');
    expect(toolTestMode(false, true)).toBe('fail');
    expect(toolTestMode(false, false)).toBe('skip');
  });

  it('finds a command that exists and not one that does not', () => {
    expect(isToolPresent(process.execPath)).toBe(true);
    expect(isToolPresent('gdw-no-such-tool-7f3a')).toBe(false);
    expect(isToolPresent(process.execPath, ['-e', 'process.exit(3)'])).toBe(false);
  });

  requireTool('node', isToolPresent(process.execPath))('hands back a working `it` when the tool is present', () => {
    expect(spawnSync(process.execPath, ['-e', '']).status).toBe(0);
  });
});
