import { describe, expect, it } from 'vitest';
import { MAX_SHOWN_ERRORS, errorDismissed, errorRaised, getErrorsFrom } from './errors';
import { initialWorkbenchState, type WorkbenchState } from './state';

const parseError = { name: 'ParseError', code: 'parse', message: 'line 3 of a.vcf: expected 10 fields' } as const;

describe('error transitions', () => {
  it('shows the newest error first with a fresh id', () => {
    const once = { ...initialWorkbenchState, ...errorRaised(initialWorkbenchState, parseError) };
    const twice = { ...once, ...errorRaised(once, { name: 'GdwError', code: 'runtime', message: 'boom' }) };
    expect(twice.errors.map((e) => [e.id, e.name, e.code])).toEqual([[2, 'GdwError', 'runtime'], [1, 'ParseError', 'parse']]);
    expect(twice.nextId).toBe(3);
  });

  it(`keeps at most ${MAX_SHOWN_ERRORS} errors`, () => {
    let state: WorkbenchState = initialWorkbenchState;
    for (let i = 0; i < MAX_SHOWN_ERRORS + 3; i++) state = { ...state, ...errorRaised(state, parseError) };
    expect(state.errors).toHaveLength(MAX_SHOWN_ERRORS);
    expect(state.errors[0].id).toBe(MAX_SHOWN_ERRORS + 3);
  });

  it('dismisses by id and returns the previous reference for an unknown id', () => {
    const state = { ...initialWorkbenchState, ...errorRaised(initialWorkbenchState, parseError) };
    expect(errorDismissed(state, 1)).toEqual({ errors: [] });
    expect(errorDismissed(state, 99)).toBe(state);
  });

  it('keeps where an error came from, so that panel shows it too; one without an origin shows only in the error area', () => {
    let state: WorkbenchState = initialWorkbenchState;
    state = { ...state, ...errorRaised(state, parseError, 'generate') };
    state = { ...state, ...errorRaised(state, parseError) };
    state = { ...state, ...errorRaised(state, parseError, 'backbone:builtin:gaussian-demo') };
    expect(state.errors).toHaveLength(3);
    expect(getErrorsFrom(state.errors, 'generate').map((e) => e.id)).toEqual([1]);
    expect(getErrorsFrom(state.errors, 'backbone:builtin:gaussian-demo').map((e) => e.id)).toEqual([3]);
    expect(getErrorsFrom(state.errors, 'compare')).toEqual([]);
    expect(state.errors[1]).not.toHaveProperty('origin');
  });
});
