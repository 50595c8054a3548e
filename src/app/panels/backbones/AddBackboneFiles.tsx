// The way in for the user's own backbones: pick or drop a .onnx model, with the side files its
// weights live in when it was saved with ONNX external data. Read here; nothing is uploaded.
import { OriginErrors } from '../../components/OriginErrors';
import { useFileDrop } from '../../components/useFileDrop';
import { addUserBackboneFiles } from '../../effects/backbones';
import { useWorkbench, type ErrorOrigin } from '../../store';

export function AddBackboneFiles() {
  const { isOver, dropProps, onPick } = useFileDrop((files) => void addUserBackboneFiles(files));
  const listed = useWorkbench((s) => s.userBackbones);
  // Files refused here (a duplicate, no model), and files whose first load failed: they left the list, so their error shows here.
  const isShownHere = (origin: ErrorOrigin) => origin === 'backbones'
    || (origin.startsWith('backbone:file:') && !listed.some((b) => origin === `backbone:${b.id}`));
  return (
    <div className={`dropzone backbone-dropzone${isOver ? ' dropzone-over' : ''}`} data-testid="backbone-dropzone" {...dropProps}>
      <div className="dropzone-line">
        <label className="button-file">
          Add ONNX files…
          <input type="file" multiple className="visually-hidden" onChange={onPick} data-testid="backbone-file-input" />
        </label>
        <span className="muted">or drop them here</span>
      </div>
      <p className="dropzone-hint">
        A <code>.onnx</code> backbone (x [B, G, C], t [B], optional y [B]); if it was saved with external data, add its
        weight files (e.g. <code>model.onnx.data</code>) with it, and its settings sidecar <code>model.gdw.json</code> if you saved one. Read here; nothing is uploaded.
      </p>
      <OriginErrors origin={isShownHere} testId="backbone-add-errors" />
    </div>
  );
}
