// The built-in demos beside the file drop: the simulated cohort and real 1000 Genomes genotypes,
// each marked as simulated or real, with where it comes from and its terms of use.
import { builtInDemos, demoKinds, type BuiltInDemo } from '../../../core/sim/builtInDemos';
import { getLoadedBuiltInDemo, loadAndEncodeBuiltInDemo } from '../../effects/dataJobs';
import { useWorkbench } from '../../store';

function DemoRow({ demo, loaded, busy }: { demo: BuiltInDemo; loaded: boolean; busy: boolean }) {
  const isReal = demo.kind === demoKinds.real;
  return (
    <li className="builtin-demo" data-testid={`builtin-demo-${demo.id}`} data-kind={demo.kind} data-loaded={loaded}>
      <div className="builtin-demo-head">
        <strong>{demo.title}</strong>
        <span className={`badge ${isReal ? 'badge-pass' : ''}`} data-testid={`builtin-demo-${demo.id}-kind`}>
          {isReal ? 'real data' : 'simulated'}
        </span>
        {loaded && <span className="muted">loaded</span>}
        <button type="button" disabled={busy} onClick={() => void loadAndEncodeBuiltInDemo(demo.id)}
          data-testid={`builtin-demo-${demo.id}-load`}>
          {loaded ? 'Load again' : 'Load'}
        </button>
      </div>
      <p className="muted">{demo.summary}</p>
      <dl className="facts builtin-demo-facts">
        <dt>Source</dt>
        <dd data-testid={`builtin-demo-${demo.id}-source`}>{demo.source}</dd>
        <dt>Licence</dt>
        <dd data-testid={`builtin-demo-${demo.id}-licence`}>{demo.licence}</dd>
      </dl>
    </li>
  );
}

export function BuiltInDemos({ busy }: { busy: boolean }) {
  const cohort = useWorkbench((s) => s.cohort);
  const loadedId = getLoadedBuiltInDemo(cohort);
  return (
    <section className="builtin-demos" aria-label="Built-in demos" data-testid="builtin-demos">
      <h4>Built-in demos</h4>
      <ul className="builtin-demo-list">
        {builtInDemos.map((demo) => <DemoRow key={demo.id} demo={demo} loaded={loadedId === demo.id} busy={busy} />)}
      </ul>
    </section>
  );
}
