// Angular cosine distance in float64 for one pair of rows (paper eq. 10):
//   d(x, y) = arccos(x·y / (|x||y|)) / π,   evaluated as   2·atan2(|u − v|, |u + v|) / π
// with u = x/|x|, v = y/|y| (Kahan's form of the angle). It equals eq. 10 exactly in real
// arithmetic, but keeps full precision near d = 0 and d = 1, where arccos of a rounded cosine
// loses half the digits (a float32 cosine cannot tell d = 0 from d ≈ 1e-4). The distance
// engine uses it to refine the few candidates per row that the float32 tiles select.

/**
 * Distance between row i of `a` and row j of `b` over `slots` (null: every slot), given the
 * rows' float64 norms over the same slots. Identical rows give exactly 0.
 */
export function angularDistance64(
  a: Float32Array, aOffset: number, normA: number,
  b: Float32Array, bOffset: number, normB: number,
  slots: Int32Array | null, dims: number,
): number {
  const scaleA = 1 / normA;
  const scaleB = 1 / normB;
  let diff = 0;
  let sum = 0;
  const count = slots ? slots.length : dims;
  for (let s = 0; s < count; s++) {
    const d = slots ? slots[s] : s;
    const u = a[aOffset + d] * scaleA;
    const v = b[bOffset + d] * scaleB;
    diff += (u - v) * (u - v);
    sum += (u + v) * (u + v);
  }
  return (2 * Math.atan2(Math.sqrt(diff), Math.sqrt(sum))) / Math.PI;
}

/** The cosine similarity that belongs to an angular distance: cos(π·d). */
export function cosineFromDistance(distance: number): number {
  return Math.cos(Math.PI * distance);
}
