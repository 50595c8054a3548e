// Compare: every generated set side by side against the same real data — evaluate them here (or
// load a `gdw evaluate` report), then the figures and the paper's tables; below, the real-data
// classifier and the sampler check of the Gaussian demo.
import { Panel } from '../../components/Panel';
import { ClassifierCard } from './ClassifierCard';
import { EvaluateCard } from './EvaluateCard';
import { GaussianCheck } from './GaussianCheck';
import { ReportCard } from './ReportCard';
import { SyntheticImportCard } from './SyntheticImportCard';

export function ComparePanel() {
  return (
    <Panel name="compare" title="Compare" subtitle="Backbones side by side: utility, fidelity and privacy against the same real data">
      <SyntheticImportCard />
      <EvaluateCard />
      <ReportCard />
      <ClassifierCard />
      <GaussianCheck />
    </Panel>
  );
}
