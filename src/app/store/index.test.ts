import { afterEach, describe, expect, it } from 'vitest';
import { initialWorkbenchState } from './state';
import { useWorkbench, workbenchActions } from './index';

describe('the workbench store', () => {
  afterEach(() => useWorkbench.setState(initialWorkbenchState, true));

  it('applies a transition through its action', () => {
    workbenchActions.settingChanged({ field: 'seed', value: '7' });
    expect(useWorkbench.getState().settings.seed).toBe('7');
  });

  it('does not notify subscribers when a transition returns the previous reference', () => {
    const before = useWorkbench.getState();
    let notified = 0;
    const unsubscribe = useWorkbench.subscribe(() => notified++);
    workbenchActions.settingChanged({ field: 'seed', value: before.settings.seed });
    workbenchActions.errorDismissed(12345);
    unsubscribe();
    expect(notified).toBe(0);
    expect(useWorkbench.getState()).toBe(before);
  });
});
