import type { TensorInfo } from '../../../core/backbone/spec';
import { formatDims } from '../../format';

export function TensorTable({ caption, tensors, testId }: { caption: string; tensors: TensorInfo[]; testId: string }) {
  return (
    <table className="table" data-testid={testId}>
      <caption>{caption}</caption>
      <thead>
        <tr><th scope="col">name</th><th scope="col">dtype</th><th scope="col">shape</th></tr>
      </thead>
      <tbody>
        {tensors.map((t) => (
          <tr key={t.name}>
            <td><code>{t.name}</code></td>
            <td>{t.elemType}</td>
            <td><code>{formatDims(t.dims)}</code></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
