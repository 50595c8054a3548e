// Bounded per-row candidate lists for the streaming top-k of the distance engine: each row keeps
// its `capacity` best columns seen so far, ordered by float32 cosine (largest first), ties by the
// smaller column index. Memory is rows × capacity whatever the number of columns.

export interface CandidateLists {
  readonly rows: number;
  readonly capacity: number;
  /** [rows, capacity] float32 cosine of each kept candidate. */
  readonly cosine: Float32Array;
  /** [rows, capacity] column index of each kept candidate. */
  readonly index: Int32Array;
  /** Candidates kept per row (≤ capacity). */
  readonly size: Int32Array;
}

export function createCandidateLists(rows: number, capacity: number): CandidateLists {
  return {
    rows,
    capacity,
    cosine: new Float32Array(rows * capacity),
    index: new Int32Array(rows * capacity),
    size: new Int32Array(rows),
  };
}

function ranksBefore(cosA: number, indexA: number, cosB: number, indexB: number): boolean {
  return cosA > cosB || (cosA === cosB && indexA < indexB);
}

/** Offers one (cosine, column) to a row's list; kept only if it ranks among the best `capacity`. */
export function offerCandidate(lists: CandidateLists, row: number, cosine: number, column: number): void {
  const base = row * lists.capacity;
  let size = lists.size[row];
  if (size === lists.capacity) {
    const last = base + size - 1;
    if (!ranksBefore(cosine, column, lists.cosine[last], lists.index[last])) return;
    size--;
  }
  let slot = base + size;
  while (slot > base && ranksBefore(cosine, column, lists.cosine[slot - 1], lists.index[slot - 1])) {
    lists.cosine[slot] = lists.cosine[slot - 1];
    lists.index[slot] = lists.index[slot - 1];
    slot--;
  }
  lists.cosine[slot] = cosine;
  lists.index[slot] = column;
  lists.size[row] = size + 1;
}

/**
 * Merges one tile's per-row top entries ([tileRows, perRow], column indices local to the tile)
 * into the lists. `excludeColumnOfRow` drops a row's own column (self-match by index).
 */
export function mergeTileTop(
  lists: CandidateLists, rowStart: number, tileRows: number, perRow: number,
  cosine: Float32Array | Int32Array | Uint8Array, localIndex: Float32Array | Int32Array | Uint8Array,
  columnStart: number, excludeSelf: boolean,
): void {
  for (let r = 0; r < tileRows; r++) {
    const row = rowStart + r;
    for (let j = 0; j < perRow; j++) {
      const column = columnStart + localIndex[r * perRow + j];
      if (excludeSelf && column === row) continue;
      offerCandidate(lists, row, cosine[r * perRow + j], column);
    }
  }
}
