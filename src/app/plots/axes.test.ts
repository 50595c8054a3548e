import { describe, expect, it } from 'vitest';
import { valueAxis } from './axes';

describe('value axes', () => {
  it('labels log ticks in full (a tickformat), and leaves linear ones to plotly', () => {
    expect(valueAxis(true)).toEqual({ type: 'log', tickformat: '~g' });
    expect(valueAxis(false)).toEqual({ type: 'linear' });
  });
});
