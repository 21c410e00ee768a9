/**
 * Identity similarity between a face and its enhanced result, measured in the worker with the built-in
 * face stack (HSE FaceRes), on demand; the value is kept with the result (and in exports).
 */
import { useQuery } from '@tanstack/react-query';
import { loadResultPng, loadSource, saveResult } from '../persistence/workspaceDb';
import { useStudioStore } from '../store';
import { studioClient } from '../studioClient';

/** @param variation which of the face's results (variations) is compared. */
export function useIdentitySimilarity(faceId: string | null, variation = 0) {
  const result = useStudioStore((s) => (faceId ? s.results[faceId]?.find((r) => r.variation === variation) : undefined));
  const face = useStudioStore((s) => (faceId ? s.faces[faceId] : undefined));
  const known = result?.similarity;
  return useQuery({
    queryKey: ['identity-similarity', faceId, variation, result?.finishedAt],
    enabled: Boolean(faceId && result && !result.error && !known),
    staleTime: Infinity,
    queryFn: async () => {
      const [a, b] = await Promise.all([loadSource(faceId!), loadResultPng({ faceId: faceId!, variation })]);
      if (!a || !b) throw new Error('the images are no longer in the workspace');
      // Square inputs (DigiFace, studio renders) are ArcFace-aligned crops. A result of the same size (an
      // augmentation) keeps that alignment; a generated image of another size is searched for its face.
      const alignedA = face!.width === face!.height;
      const alignedB = alignedA && result!.width === face!.width && result!.height === face!.height;
      const [score] = await studioClient.runJob((api, jobId) => api.faceStackSimilarity(jobId, [{ faceId: faceId!, a, b, aligned: { a: alignedA, b: alignedB } }]));
      if (score.error || score.value === undefined) throw new Error(score.error ?? 'no similarity');
      const similarity = { value: score.value, model: score.model };
      const s = useStudioStore.getState();
      const current = s.results[faceId!]?.find((r) => r.variation === variation);
      if (current) {
        s.setResult({ ...current, similarity });
        const { url: _url, ...record } = { ...current, similarity };
        void saveResult(record, null).catch(() => undefined);
      }
      return similarity;
    },
  });
}
