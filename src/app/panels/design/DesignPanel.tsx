// Design: genomes designed toward a phenotype three ways (seed 002, issue 14), each judged by an
// oracle the optimiser never saw.
import { Panel } from '../../components/Panel';
import { DesignCard } from './DesignCard';

export function DesignPanel() {
  return (
    <Panel name="design" title="Design" subtitle="Genomes designed toward a class: activation maximisation, the joint method through a GAN, classifier guidance — judged by oracles the optimiser never saw">
      <DesignCard />
    </Panel>
  );
}
