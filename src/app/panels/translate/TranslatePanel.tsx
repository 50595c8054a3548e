// Translate: class translation of real genomes by a loaded class-conditional backbone (issue 13).
import { Panel } from '../../components/Panel';
import { TranslateCard } from './TranslateCard';

export function TranslatePanel() {
  return (
    <Panel name="translate" title="Translate" subtitle="Counterfactual genomes: invert real samples, regenerate them under the other class, see which genes move">
      <TranslateCard />
    </Panel>
  );
}
