// The built-in backbones (load and unload each, one worker each), their training curves, and
// what is known about each loaded one.
import { Panel } from '../../components/Panel';
import { getLoadedBackbones, useWorkbench } from '../../store';
import { BuiltInList } from './BuiltInList';
import { LoadedBackboneCard } from './LoadedBackboneCard';
import { LossCurvesCard } from './LossCurvesCard';

export function BackbonesPanel() {
  const builtInBackbones = useWorkbench((s) => s.builtInBackbones);
  const backbones = useWorkbench((s) => s.backbones);
  const loaded = getLoadedBackbones({ builtInBackbones, backbones });
  return (
    <Panel name="backbones" title="Backbones" subtitle="ONNX denoisers, one worker each">
      <BuiltInList />
      <LossCurvesCard />
      {loaded.length === 0 ? (
        <p className="muted" data-testid="backbones-none">No backbone is loaded: load one above to see its model and generate from it.</p>
      ) : (
        loaded.map(({ id, backbone, byteLength }) => <LoadedBackboneCard key={id} id={id} loaded={backbone} byteLength={byteLength} />)
      )}
    </Panel>
  );
}
