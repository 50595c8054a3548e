import { describe, expect, it } from 'vitest';
import { capabilitiesProbed, isSoftwareAdapter } from './capabilities';
import { initialWorkbenchState } from './state';

describe('capabilitiesProbed', () => {
  const probe = { gpu: { adapterName: 'SwiftShader', hasShaderF16: false }, crossOriginIsolated: true, threads: 16 };

  it('records the probe', () => {
    expect(capabilitiesProbed(initialWorkbenchState, probe)).toEqual({ capabilities: { probed: true, ...probe } });
  });

  it('returns the previous reference for the same probe, even with a new adapter object', () => {
    const state = { ...initialWorkbenchState, ...capabilitiesProbed(initialWorkbenchState, probe) };
    expect(capabilitiesProbed(state, { ...probe, gpu: { ...probe.gpu } })).toBe(state);
    expect(capabilitiesProbed(state, { ...probe, gpu: null })).not.toBe(state);
  });

  it('records "no adapter" as probed', () => {
    const none = { gpu: null, crossOriginIsolated: false, threads: 1 };
    expect(capabilitiesProbed(initialWorkbenchState, none)).toEqual({ capabilities: { probed: true, ...none } });
  });
});

describe('isSoftwareAdapter', () => {
  it('tells a software rasteriser from a GPU', () => {
    expect(isSoftwareAdapter({ adapterName: 'google · swiftshader', hasShaderF16: false })).toBe(true);
    expect(isSoftwareAdapter({ adapterName: 'mesa · llvmpipe', hasShaderF16: false })).toBe(true);
    expect(isSoftwareAdapter({ adapterName: 'nvidia · ampere', hasShaderF16: true })).toBe(false);
    expect(isSoftwareAdapter(null)).toBe(false);
  });
});
