// The report's cosine UMAP: real train, real holdout and every backbone's samples stacked
// (each set subsampled on its own seeded stream, embed/points.ts) and embedded together with
// the kNN graph from the distance engine (embed/umap.ts), with one progress fraction.
import { assemblePoints, type SampleSetInput } from '../embed/points';
import { cosineUmap, defaultUmapSettings, type UmapEmbedding, type UmapProgress } from '../embed/umap';

export interface EmbeddingSettings {
  /** Seeds the per-set subsample and umap-js. */
  seed: number;
  /** At most this many samples per set; null: every sample. */
  maxPerSet: number | null;
  nNeighbors: number;
  minDist: number;
  spread: number;
  nEpochs: number;
}

export const defaultEmbeddingSettings: EmbeddingSettings = { seed: 0, maxPerSet: 300, ...defaultUmapSettings };

/** The share of the run the kNN graph takes on the progress bar; the epochs take the rest. */
const KNN_SHARE = 0.3;

/** Share of an embedding run done, 0 … 1, for one event. */
export function umapProgressFraction(event: UmapProgress): number {
  switch (event.status) {
    case 'knn':
      return 0;
    case 'knn-progress': {
      const { detail } = event;
      return KNN_SHARE * (detail.status === 'distance-tiles' ? detail.tilesDone / Math.max(1, detail.tilesTotal) : 1);
    }
    case 'initialized':
      return KNN_SHARE;
    case 'epoch':
      return KNN_SHARE + (1 - KNN_SHARE) * (event.epochsDone / Math.max(1, event.epochsTotal));
  }
}

/** Embeds the sets (order given = order of the points); the caller selects the tfjs backend first. */
export async function embedSampleSets(
  sets: readonly SampleSetInput[], mask: Uint8Array | null, settings: EmbeddingSettings,
  options: { signal?: AbortSignal; onProgress?: (event: UmapProgress) => void } = {},
): Promise<UmapEmbedding> {
  const { seed, maxPerSet, nNeighbors, minDist, spread, nEpochs } = settings;
  const points = assemblePoints(sets, { seed, maxPerSet, mask });
  return cosineUmap(points, { seed, nNeighbors: Math.min(nNeighbors, points.count - 1), minDist, spread, nEpochs }, options);
}
