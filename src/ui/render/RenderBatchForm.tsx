/** "Generate N identities × M variations" into the workspace, with progress and cancel. */
import type { Dispatch } from 'react';
import { useState } from 'react';
import { generateRenderedAction } from '../../state/actions/renderActions';
import { cancelJob } from '../../state/actions/runJob';
import { useStudioStore } from '../../state/store';
import type { JobId } from '../../worker/protocol';
import { BATCH_LIMITS } from './rendererControls';
import { batchFits, handSetCount, toBatchRequest, type RendererAction, type RendererSettings } from './rendererSettings';

export function RenderBatchForm({ settings, dispatch }: { settings: RendererSettings; dispatch: Dispatch<RendererAction> }) {
  const [jobId, setJobId] = useState<JobId | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const job = useStudioStore((s) => (jobId ? s.jobs[jobId] : undefined));
  const running = job?.status === 'running';
  const p = job?.progress;
  const fits = batchFits(settings);
  const handSet = handSetCount(settings);

  const generate = async () => {
    setMessage(null);
    const added = await generateRenderedAction(toBatchRequest(settings), setJobId);
    setMessage(added > 0 ? `Added ${added} faces to the workspace.` : 'Nothing was added.');
  };

  return (
    <div className="render-batch" data-testid="render-batch">
      <h3 className="small">Generate into the workspace</h3>
      <div className="row">
        <label>
          <input type="number" min={1} max={BATCH_LIMITS.identities} value={settings.identities} data-testid="render-identities" onChange={(e) => dispatch({ type: 'batch', identities: Number(e.target.value) })} />{' '}
          identities
        </label>
        <span>×</span>
        <label>
          <input type="number" min={1} max={BATCH_LIMITS.variations} value={settings.variations} data-testid="render-variations" onChange={(e) => dispatch({ type: 'batch', variations: Number(e.target.value) })} />{' '}
          variations
        </label>
        <button type="button" onClick={() => void generate()} disabled={running || !fits} data-testid="render-generate">
          Generate {settings.identities * settings.variations}
        </button>
      </div>
      <p className="muted small">
        Identities use seeds {settings.identitySeed}…{(settings.identitySeed + settings.identities - 1) >>> 0} (the first is the preview); each image gets its own derived
        variation seed. {handSet > 0 ? `${handSet} hand-set field${handSet === 1 ? '' : 's'} apply to every image.` : 'No fields are set by hand.'} {settings.size}×{settings.size} crops,
        DigiFace layout.
      </p>
      {!fits && <p className="error small">At most {BATCH_LIMITS.images} images per batch.</p>}
      {job && running && (
        <div className="row" data-testid="render-batch-progress">
          <progress max={1} value={p && p.total > 0 ? p.done / p.total : 0} aria-label="Rendering progress" />
          <span className="small mono">{p ? `${p.done}/${p.total}` : '…'}</span>
          <button type="button" className="link" onClick={() => jobId && cancelJob(jobId)} data-testid="render-cancel">
            Cancel
          </button>
        </div>
      )}
      {!running && job && (
        <p className="small" data-testid="render-batch-result" data-status={job.status}>
          {job.status === 'cancelled' ? 'Cancelled; nothing was added.' : job.status === 'failed' ? `Failed: ${job.error ?? ''}` : message}
        </p>
      )}
    </div>
  );
}
