// Translate: class translation of real genomes by a loaded class-conditional backbone, and the
// generalisation-vs-memorisation test of two backbones (issue 13).
import { Panel } from '../../components/Panel';
import { MemorisationCard } from './MemorisationCard';
import { TranslateCard } from './TranslateCard';

export function TranslatePanel() {
  return (
    <Panel name="translate" title="Translate" subtitle="Counterfactual genomes: invert real samples, regenerate them under the other class, see which genes move">
      <TranslateCard />
      <MemorisationCard />
    </Panel>
  );
}
