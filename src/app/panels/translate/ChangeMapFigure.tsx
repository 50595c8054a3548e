// The change map along the genome, one point per real gene (plots/changeMapTraces.ts), exported
// from the figure's toolbar like every figure of the workbench.
import { useMemo } from 'react';
import type { Layout } from 'plotly.js-dist-min';
import { getIdentity } from '../../../core/report/identity';
import type { TranslationReport } from '../../../core/translate/report';
import { useIdentities } from '../../identity';
import { createChangeMapTraces } from '../../plots/changeMapTraces';
import { Plot } from '../../plots/Plot';

const axis = (title: string) => ({ title: { text: title, font: { size: 12 } }, zeroline: false, gridcolor: '#eef0f3', automargin: true });

const layout: Partial<Layout> = {
  autosize: true,
  margin: { l: 56, r: 16, t: 36, b: 48 },
  font: { family: 'system-ui, sans-serif', size: 12, color: '#1f2933' },
  legend: { orientation: 'h', x: 0, y: 1.12, xanchor: 'left' },
  xaxis: axis('gene along the genome (slot: chromosome, then position)'),
  yaxis: { ...axis('mean |Δ| per gene (latent)'), rangemode: 'tozero' },
  paper_bgcolor: 'rgba(0,0,0,0)',
  plot_bgcolor: '#ffffff',
};

export function ChangeMapFigure({ report, backboneId, causalGenes }: { report: TranslationReport; backboneId: string; causalGenes: string[] }) {
  const identities = useIdentities();
  const identity = getIdentity(identities, backboneId);
  const data = useMemo(() => createChangeMapTraces(report.changeMap.all, identity, new Set(causalGenes)), [report, identity, causalGenes]);
  return (
    <div className="figure" data-testid="translate-manhattan" data-genes={report.changeMap.all.length}>
      <Plot data={data} layout={layout} useResizeHandler style={{ width: '100%', height: '100%' }}
        config={{ responsive: true }} filename={`gdw-change-map-${identity.name}`} />
    </div>
  );
}
