// The workbench's backbone identities: one display name and colour per backbone, from the list
// order of the built-in catalogue and the user's backbones, then a report's backbones not in it
// (a report loaded from file), then synthetic sets imported from files (the held ones, then the
// report's), then imported training runs. Every figure and legend takes them here.
import { useMemo } from 'react';
import { createIdentities, type Identity, type IdentityEntry } from '../core/report/identity';
import type { EvaluationReport } from '../core/report/types';
import { useWorkbench } from './store';

export type Identities = ReadonlyMap<string, Identity>;

/** Catalogue, user backbones, the report's backbones, imported runs: each id once, in that order. */
export function useIdentities(report?: EvaluationReport | null): Identities {
  const builtIns = useWorkbench((s) => s.builtInBackbones);
  const users = useWorkbench((s) => s.userBackbones);
  const curves = useWorkbench((s) => s.lossCurves);
  const importedSets = useWorkbench((s) => s.syntheticImports.sets);
  return useMemo(() => {
    const entries: IdentityEntry[] = [
      ...builtIns.map(({ id, fileName }) => ({ id, fileName })),
      ...users.map(({ id, fileName }) => ({ id, fileName })),
      ...(report?.backbones ?? []).map((b) => ({ id: b.id, fileName: b.file.name })),
      ...importedSets.map((s) => ({ id: s.name })),
      ...(report?.imported ?? []).map((s) => ({ id: s.id })),
      ...curves.map((c) => ({ id: c.backboneId })),
    ];
    return createIdentities(entries);
  }, [builtIns, users, importedSets, curves, report]);
}
