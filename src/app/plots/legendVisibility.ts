// Legend toggles kept by the figure, not by plotly: a click on a legend entry hides or shows its
// group (a run's train and val lines, raw and smoothed) and the choice is kept by the group's key,
// so it survives smoothing, log axes, colour-by and new data, which rebuild the traces (plotly's
// own toggles live on trace indices and come back when the traces change). A double click isolates
// the group, as in plotly; a second one shows all again.
import { useCallback, useMemo, useState } from 'react';
import type { Data } from 'plotly.js-dist-min';

/** The user's choice per legend key: true hidden, false shown; a key not in it keeps its trace's own `visible`. */
export type LegendChoices = ReadonlyMap<string, boolean>;

/** What a legend entry toggles: its legend group, else its name. */
export function getLegendKey(trace: Partial<Data>): string {
  const { legendgroup, name } = trace as { legendgroup?: string; name?: string };
  return legendgroup || name || '';
}

const isHidden = (trace: Partial<Data>): boolean => (trace as { visible?: unknown }).visible === 'legendonly';

/** The traces with the user's choices applied; the same array when there are none. */
export function applyLegendChoices<T extends Partial<Data>>(traces: readonly T[], choices: LegendChoices): T[] {
  if (choices.size === 0) return traces as T[];
  return traces.map((trace) => {
    const hidden = choices.get(getLegendKey(trace));
    if (hidden === undefined || (trace as { visible?: unknown }).visible === false) return trace;
    return { ...trace, visible: hidden ? 'legendonly' : true };
  });
}

/** A click on `key`: hidden if it was shown, shown if it was hidden. */
export function toggleLegendChoice(choices: LegendChoices, key: string, wasHidden: boolean): LegendChoices {
  return new Map(choices).set(key, !wasHidden);
}

/**
 * A double click on `key`: only it shown, every other key hidden; when that is already so, every key
 * shown again.
 */
export function isolateLegendChoice(traces: readonly Partial<Data>[], choices: LegendChoices, key: string): LegendChoices {
  const shown = applyLegendChoices(traces, choices);
  const keys = [...new Set(traces.map(getLegendKey))];
  const isolated = shown.every((t) => (getLegendKey(t) === key) !== isHidden(t));
  return new Map(keys.map((k) => [k, isolated ? false : k !== key]));
}

interface LegendEvent {
  curveNumber: number;
  data: Partial<Data>[];
  fullData?: { visible?: unknown }[];
}

/**
 * `traces` with the user's legend choices applied, and the handlers that record them (they return
 * false so plotly does not toggle a trace index of its own).
 */
export function useLegendChoices<T extends Partial<Data>>(traces: readonly T[]) {
  const [choices, setChoices] = useState<LegendChoices>(() => new Map());
  const data = useMemo(() => applyLegendChoices(traces, choices), [traces, choices]);
  const onLegendClick = useCallback((event: Readonly<LegendEvent>) => {
    const trace = event.data[event.curveNumber];
    if (!trace) return false;
    setChoices((now) => toggleLegendChoice(now, getLegendKey(trace), isHidden(trace)));
    return false;
  }, []);
  const onLegendDoubleClick = useCallback((event: Readonly<LegendEvent>) => {
    const trace = event.data[event.curveNumber];
    if (!trace) return false;
    setChoices((now) => isolateLegendChoice(traces, now, getLegendKey(trace)));
    return false;
  }, [traces]);
  return { data, choices, onLegendClick, onLegendDoubleClick };
}
