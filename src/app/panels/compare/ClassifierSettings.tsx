// Every setting that changed the classifier's numbers, shown next to them (REFERENCE.md): the
// selected epoch and what selected it, the tfjs backend, the model, the optimiser and the data.
import type { ClassifierSpec } from '../../../core/classify/models';
import { selectionCriteria, type TrainSettings } from '../../../core/classify/train';
import { classifierNames } from '../../effects/classifierRequest';
import { formatCount, formatDuration } from '../../format';
import type { ClassifierReport } from '../../store';

function describeModel(spec: ClassifierSpec): string {
  switch (spec.kind) {
    case 'mlp':
      return `hidden ${spec.hiddenUnits.join(' × ')}, ReLU, dropout ${spec.dropout}`;
    case 'cnn':
      return `conv1d ${spec.filters.join(' → ')} filters, kernel ${spec.kernelSize}, pool ${spec.poolSize}, dropout ${spec.dropout}`;
    case 'transformer':
      return `${spec.layers} blocks, d = ${spec.modelDim}, ${spec.heads} heads, ${spec.patchGenes} genes per token, dropout ${spec.dropout}`;
  }
}

const selectionText = (settings: TrainSettings): string =>
  settings.selectBy === selectionCriteria.valLoss ? 'lowest validation loss' : 'highest validation balanced accuracy';

const sum = (counts: number[]): number => counts.reduce((a, b) => a + b, 0);

export function ClassifierSettings({ report }: { report: ClassifierReport }) {
  const { result, backendReport, codecSha256 } = report;
  const row = result.rows[0];
  const train = result.settings.train;
  const fitted = sum(row.trainPerClass) - sum(row.validationPerClass);
  const epochsRun = row.history.length;
  const passedOver = backendReport.rejected.map((r) => `${r.backend}: ${r.reason}`).join('; ');
  return (
    <dl className="facts classifier-settings" data-testid="classifier-settings">
      <dt>selected epoch</dt>
      <dd data-testid="classifier-selected-epoch" data-epoch={row.selectedEpoch}>
        {row.selectedEpoch} of {epochsRun} run{row.stoppedEarly ? ` (stopped early; at most ${train.epochs})` : ''}: chosen on the
        validation split by {selectionText(train)}, never on the holdout
      </dd>
      <dt>tfjs backend</dt>
      <dd>
        <span className={`badge badge-${result.backend === 'webgpu' ? 'webgpu' : 'wasm'}`} data-testid="classifier-backend">{result.backend}</span>
        {passedOver && <span className="muted"> (passed over: {passedOver})</span>}
      </dd>
      <dt>model</dt>
      <dd>{classifierNames[train.model.kind]}: {describeModel(train.model)}; {formatCount(row.parameterCount)} parameters</dd>
      <dt>training data</dt>
      <dd>
        {formatCount(fitted)} fitted + {formatCount(sum(row.validationPerClass))} validation ({Math.round(train.validationFraction * 100)} % per class)
        of the real training split; {formatCount(result.settings.realGenes)} genes × {result.settings.channels} components
      </dd>
      <dt>optimiser</dt>
      <dd>
        Adam, learning rate {train.learningRate}, batch {train.batchSize}, L2 {train.l2}, class weighting {train.classWeighting},
        patience {train.patience ?? 'none'}, seed {train.seed}
      </dd>
      <dt>run</dt>
      <dd>{formatDuration(result.elapsedMs)}; encoding <code className="hash">{codecSha256.slice(0, 12)}</code></dd>
    </dl>
  );
}
