/** Export the enhanced set: DigiFace layout zip with manifest.json and metadata.csv. */
import { useState } from 'react';
import { exportAction } from '../../state/actions/exportActions';
import { useStudioStore } from '../../state/store';

export function ExportPanel() {
  const [crop112, setCrop112] = useState(false);
  const done = useStudioStore((s) => Object.values(s.results).reduce((n, list) => n + list.filter((r) => !r.error).length, 0));
  const canStream = typeof (window as unknown as { showSaveFilePicker?: unknown }).showSaveFilePicker === 'function';
  return (
    <section className="panel" aria-label="Export">
      <h2>Export</h2>
      <p className="muted small">
        {done} enhanced image{done === 1 ? '' : 's'}. The zip uses the DigiFace layout <code>&lt;identity&gt;/&lt;n&gt;.png</code> with <code>manifest.json</code> (every
        parameter and seed) and <code>metadata.csv</code> for Hugging Face <code>imagefolder</code>.
      </p>
      <label className="small">
        <input type="checkbox" checked={crop112} onChange={(e) => setCrop112(e.target.checked)} data-testid="export-crop112" /> 112×112 ArcFace-aligned crops
      </label>
      <div className="row">
        <button type="button" disabled={done === 0} onClick={() => void exportAction({ crop112 })} data-testid="export-zip">
          Download zip
        </button>
        {canStream && (
          <button type="button" className="secondary" disabled={done === 0} onClick={() => void exportAction({ crop112, pickFile: true })}>
            Save to file… (streams)
          </button>
        )}
      </div>
    </section>
  );
}
