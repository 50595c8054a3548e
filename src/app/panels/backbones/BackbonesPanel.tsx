// The built-in backbones and the user's own ONNX files (load and unload each, one worker each),
// the built-ins' training curves, what is known about each loaded one, and the dialog that asks
// for the settings a user's file leaves open.
import { Panel } from '../../components/Panel';
import { getLoadedBackbones, useWorkbench } from '../../store';
import { BuiltInList } from './BuiltInList';
import { LoadedBackboneCard } from './LoadedBackboneCard';
import { LossCurvesCard } from './LossCurvesCard';
import { MetadataDialog } from './MetadataDialog';
import { UserBackboneList } from './UserBackboneList';

export function BackbonesPanel() {
  const builtInBackbones = useWorkbench((s) => s.builtInBackbones);
  const userBackbones = useWorkbench((s) => s.userBackbones);
  const backbones = useWorkbench((s) => s.backbones);
  const loaded = getLoadedBackbones({ builtInBackbones, userBackbones, backbones });
  return (
    <Panel name="backbones" title="Backbones" subtitle="ONNX denoisers, one worker each">
      <BuiltInList />
      <UserBackboneList />
      <LossCurvesCard />
      {loaded.length === 0 ? (
        <p className="muted" data-testid="backbones-none">No backbone is loaded: load one above to see its model and generate from it.</p>
      ) : (
        loaded.map(({ id, backbone, byteLength }) => <LoadedBackboneCard key={id} id={id} loaded={backbone} byteLength={byteLength} />)
      )}
      <MetadataDialog />
    </Panel>
  );
}
