// One display name and one colour per backbone and per sample set, from one place, so every
// figure, table, legend and export names a backbone the same way and draws it in the same colour.
// Colours follow list order (the built-in catalogue, then the user's backbones, then anything
// else), from Paul Tol's "muted" qualitative palette, which stays distinct under the common
// colour-vision deficiencies (https://personal.sron.nl/~pault/#sec:qualitative).

/** Tol muted, the pale cyan and sand last (they read weakest on white); the real sets use greys outside it. */
export const identityPalette = [
  '#332288', '#cc6677', '#117733', '#882255', '#44aa99', '#aa4499', '#999933', '#88ccee', '#ddcc77',
] as const;

export interface Identity {
  /** What the user reads: never an internal id such as 'builtin:…' or 'file:…'. */
  name: string;
  colour: string;
}

/** The real sets of a comparison, in neutral greys so the backbones keep the palette. */
export const realSetIdentities = {
  'real-train': { name: 'real train', colour: '#4d4d4d' },
  'real-holdout': { name: 'real holdout', colour: '#9e9e9e' },
} as const satisfies Record<string, Identity>;

/** A backbone or run to name: its id and, when it came from a file, the file's name. */
export interface IdentityEntry {
  id: string;
  fileName?: string | null;
}

/** 'builtin:unet-mlp' → 'unet-mlp'; 'file:…' → its file name without '.onnx'; 'import:run' → 'run'; any other id as it is. */
export function getDisplayName(entry: IdentityEntry): string {
  const { id, fileName } = entry;
  if (id.startsWith('builtin:')) return id.slice('builtin:'.length);
  if (id.startsWith('import:')) return id.slice('import:'.length);
  if (id.startsWith('file:')) return fileName ? fileName.replace(/\.onnx$/i, '') : id.slice('file:'.length);
  return id;
}

/** What tells two entries of one name apart: a file's hash prefix, else the id's tail. */
const disambiguator = (id: string): string => (id.startsWith('file:') ? id.slice('file:'.length, 'file:'.length + 8) : id);

/**
 * Identities of `entries` in list order (duplicate ids keep the first): colour i of the palette
 * for the i-th, cycling past its size; a name already taken gets its disambiguator in brackets.
 */
export function createIdentities(entries: readonly IdentityEntry[]): Map<string, Identity> {
  const identities = new Map<string, Identity>();
  const taken = new Set<string>(Object.values(realSetIdentities).map((r) => r.name));
  for (const entry of entries) {
    if (identities.has(entry.id)) continue;
    const base = getDisplayName(entry);
    const name = taken.has(base) ? `${base} (${disambiguator(entry.id)})` : base;
    taken.add(name);
    identities.set(entry.id, { name, colour: identityPalette[identities.size % identityPalette.length] });
  }
  return identities;
}

/** An identity for `id` from `identities`, a real set's, or one made from the id alone (grey) when unknown. */
export function getIdentity(identities: ReadonlyMap<string, Identity>, id: string): Identity {
  const real = (realSetIdentities as Record<string, Identity>)[id];
  if (real) return real;
  return identities.get(id) ?? { name: getDisplayName({ id }), colour: '#777777' };
}

/** A report's backbones in report order, named from their files ('file:' ids) or ids, then its imported sets by name. */
export function createReportIdentities(report: { backbones: readonly { id: string; file: { name: string } }[]; imported?: readonly { id: string }[] }): Map<string, Identity> {
  return createIdentities([...report.backbones.map((b) => ({ id: b.id, fileName: b.file.name })), ...(report.imported ?? []).map((s) => ({ id: s.id }))]);
}
