/**
 * The renderer panel's worker calls: one live preview at a time, and "generate N identities × M variations"
 * as a tracked job whose faces go straight into the workspace (persisted like imported faces).
 */
import type { JobId, RenderBatchRequest, RenderPreviewResult, RenderSpec } from '../../worker/protocol';
import { useStudioStore } from '../store';
import { studioClient } from '../studioClient';
import { firstFreeIdentity } from './firstFreeIdentity';
import { runTrackedJob } from './runJob';
import { acceptIngestedFaces } from './workspaceActions';

/**
 * Renders one preview in the worker (never on the main thread). Through runJob, not a bare API call, so a
 * worker crash rejects it instead of leaving it pending forever (the panel sends its next preview only
 * after this one settles).
 */
export function renderPreviewAction(spec: RenderSpec): Promise<RenderPreviewResult> {
  return studioClient.runJob((api) => api.renderPreview(spec));
}

/** What the panel asks for; the action picks the identity numbering and folder. */
export type GenerateRenderedRequest = Omit<RenderBatchRequest, 'firstIdentity' | 'folder'>;

/**
 * Renders the batch and adds it to the workspace. `onJob` receives the job id as soon as the job starts, so
 * the panel can show its progress and cancel it. Resolves to the number of faces added (0 when cancelled).
 */
export async function generateRenderedAction(req: GenerateRenderedRequest, onJob?: (jobId: JobId) => void): Promise<number> {
  const store = useStudioStore.getState();
  const firstIdentity = firstFreeIdentity(Object.values(store.faces).map((f) => f.identity));
  const label = `Render ${req.identities} × ${req.variations} faces`;
  try {
    const result = await runTrackedJob(label, (api, jobId, onProgress) => {
      onJob?.(jobId);
      return api.renderBatch(jobId, { ...req, firstIdentity, folder: 'rendered' }, onProgress);
    });
    if (!result) return 0;
    await acceptIngestedFaces(result);
    const last = firstIdentity + req.identities - 1;
    const summary = `Rendered: ${result.faces.length} faces in ${req.identities} identities (DigiFace layout, identities ${firstIdentity}–${last})`;
    useStudioStore.getState().setSkipped([], summary);
    return result.faces.length;
  } catch (e) {
    useStudioStore.getState().addNotice('error', `Faces could not be rendered: ${(e as Error).message}`);
    return 0;
  }
}
