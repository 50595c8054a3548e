// Number and shape formatting for the panels: plain ASCII digits so tests can read them back.

/** "850 ms", "1.2 s", "2 min 05 s". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const totalSeconds = Math.round(ms / 1000);
  return `${Math.floor(totalSeconds / 60)} min ${String(totalSeconds % 60).padStart(2, '0')} s`;
}

/** Fixed decimals, or a dash for NaN and infinities. */
export function formatFixed(value: number, decimals = 3): string {
  return Number.isFinite(value) ? value.toFixed(decimals) : '—';
}

/** "3.3 GB", "1.0 MB", "820 kB", "12 B". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (bytes >= 1e3) return `${Math.round(bytes / 1e3)} kB`;
  return `${bytes} B`;
}

/** A declared tensor shape: "[batch, 16, 8]"; "unknown" when the model gives none. */
export function formatDims(dims: (number | string)[] | null): string {
  return dims === null ? 'unknown' : `[${dims.join(', ')}]`;
}

/** Whole numbers with thousands separators: "2,082". */
export function formatCount(n: number): string {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '—';
}

/** A share in [0, 1] as a percentage: "96.4 %". */
export function formatPercent(share: number, decimals = 1): string {
  return Number.isFinite(share) ? `${(100 * share).toFixed(decimals)} %` : '—';
}
